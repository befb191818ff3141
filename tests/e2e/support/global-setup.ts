// Global setup: ONE shared server for the whole Playwright run —
//   ../target/release/server --demo --addr 127.0.0.1:<free port> --db <temp dir>/e2e.db --static ../dist
// It waits until GET /api/v1/meta answers, publishes the base URL as ZSRD_BASE_URL (the config's
// `baseURL`, inherited by the workers) and returns the teardown that stops it.
// ZSRD_BASE_URL already set (e.g. to a running `make run`) → that server is used, none is started.
import type { FullConfig } from '@playwright/test';
import { startServer } from './server';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (process.env.ZSRD_BASE_URL) {
    console.log(`[e2e] using the server at ${process.env.ZSRD_BASE_URL} (ZSRD_BASE_URL)`);
    return async () => {};
  }
  const t0 = Date.now();
  const server = await startServer();
  process.env.ZSRD_BASE_URL = server.baseURL;
  console.log(`[e2e] shared server ${server.baseURL} (pid ${server.pid}, db ${server.dbPath}) ready in ${Date.now() - t0} ms`);
  return async () => {
    const crashed = !server.running;
    if (crashed) console.log(`[e2e] the shared server had stopped by the end of the run!\n${server.logTail()}`);
    await server.dispose();
  };
}
