// Playwright: journeys of 掌上人大 on a phone, in Debian's Chromium (/usr/bin/chromium; Playwright's
// own browser downloads cannot work here and are never used).
// Prerequisites: dist/ (trunk build --release) and target/release/server — `make test` builds both.
// Run: cd tests && npx playwright test [--project phone] [file or -g pattern]
import { defineConfig, type PlaywrightTestOptions } from '@playwright/test';

const CI = !!process.env.CI;

// Flags that avoid long stalls on this closed network, plus container-friendly ones.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const ANDROID_CHROME_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/131.0.6778.135 Mobile Safari/537.36';

export const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13; V2171A Build/TP1A.220624.014; wv) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 ' +
  'MMWEBSDK/20240404 MMWEBID/2307 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin ' +
  'NetType/WIFI Language/zh_CN ABI/arm64';

const phone: Partial<PlaywrightTestOptions> = {
  viewport: { width: 390, height: 844 },
  screen: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Starts ONE shared server (free port, temp db) and stops it at the end.
  globalSetup: './e2e/support/global-setup.ts',
  // 2 cores shared by the server, Chromium and the runner.
  workers: Number(process.env.PW_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // A slow machine: a journey can take ~30 s.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  globalTimeout: 40 * 60_000,
  reporter: [['list']],
  use: {
    // Set by the global setup (workers inherit it); fixtures.ts falls back to it as well.
    baseURL: process.env.ZSRD_BASE_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.ZSRD_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 20_000,
    navigationTimeout: 45_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // The app's service worker (public/sw.js) is blocked in every journey but those of
    // offline.spec.ts: a worker answers from its copies when the network fails, and Playwright's
    // request routing does not see what a worker fetches — the failure cases the journeys
    // stage (server down, malformed answers) would not reach the app.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'phone', use: { ...phone, userAgent: ANDROID_CHROME_UA } },
    // Inside WeChat: the journeys whose code asks where it runs (src/components/places.rs: no
    // phone-map link, no calendar download, no install offer, no system notifications — hub,
    // events, install, alerts) and those a citizen takes there first (a QR scan to a deputy,
    // reading, signing in, writing and following a message). The other specs exercise screens
    // that do the same in every user agent; they ran in both projects until that doubled the
    // Playwright layer to 18 minutes of CI (737 s of it in `wechat`). The checks of the e2e
    // infrastructure itself (support/*.spec.ts) run once, in `phone`.
    {
      name: 'wechat',
      use: { ...phone, userAgent: WECHAT_UA },
      testMatch: /[\\/](journey|reading|people|message-page|messages|hub|events|install|alerts|session)\.spec\.ts$/,
    },
  ],
});
