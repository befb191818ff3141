// Screenshots of the main screens for docs/screenshots/ (shown in the README) — not a test run:
// `make screenshots` (dist/ and target/release/server must be built: `make build`).
// The same shared demo server and phone as the e2e tests (playwright.config.ts), one worker so
// the pictures come out in a fixed order, no retries.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: 'screenshots',
  outputDir: 'test-results/screenshots',
  workers: 1,
  retries: 0,
  projects: [{ name: 'phone', use: base.projects![0].use }],
});
