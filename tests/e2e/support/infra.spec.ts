// Checks of the e2e infrastructure itself (fixtures.ts, server.ts, the global setup), run once
// (the `wechat` project ignores support/). The journeys live in tests/e2e/*.spec.ts.
import { test, expect, ConsoleGuard, NETWORK_ERRORS } from './fixtures';

test.describe('e2e infrastructure', () => {
  test('the shared server answers on baseURL', async ({ request, baseURL }) => {
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await request.get('/api/v1/meta');
    expect(res.ok()).toBe(true);
  });

  test('an extra server stops and comes back on the same port and database', async ({ extraServer }) => {
    const meta = extraServer.url('/api/v1/meta');
    expect((await fetch(meta)).ok).toBe(true);
    const port = extraServer.port;
    await extraServer.stop();
    expect(extraServer.running).toBe(false);
    await expect(fetch(meta, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    await extraServer.start();
    expect(extraServer.port).toBe(port);
    expect((await fetch(meta)).ok).toBe(true);
    await extraServer.restart();
    expect((await fetch(meta)).ok).toBe(true);
  });

  test('the console guard records errors, honours allowances and never allows panics', async ({ page, consoleGuard }) => {
    consoleGuard.allow([/deliberate/, ...NETWORK_ERRORS]);
    await page.setContent('<script>console.error("a deliberate error"); console.log("fine");</script>');
    await expect.poll(() => consoleGuard.messages.length).toBeGreaterThanOrEqual(2);
    expect(consoleGuard.problems).toEqual([]);

    const g = new ConsoleGuard([/.*/]);
    g.record({ kind: 'console.error', text: 'anything at all' });
    g.record({ kind: 'console.error', text: "panicked at src/app.rs:1:1: boom" });
    g.record({ kind: 'pageerror', text: 'RuntimeError: unreachable' });
    g.record({ kind: 'console', text: 'just a log line' });
    expect(g.problems.map((p) => p.text)).toEqual(["panicked at src/app.rs:1:1: boom", 'RuntimeError: unreachable']);
    expect(new ConsoleGuard([]).problems).toEqual([]);
  });

  test('axe passes a clean page and reports a serious violation', async ({ page, axe }) => {
    await page.setContent(
      '<!doctype html><html lang="zh-CN"><head><title>ok</title></head><body><main><h1>掌上人大</h1><p>正文</p></main></body></html>',
    );
    await axe({ label: 'clean page' });
    await page.setContent(
      '<!doctype html><html lang="zh-CN"><head><title>bad</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#777;background:#888">灰</p></main></body></html>',
    );
    await expect(axe({ label: 'bad page' })).rejects.toThrow(/serious\/critical accessibility violation/);
  });
});
