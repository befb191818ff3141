// The live alerts stream ends after its lifetime on the server (issue 11: a connection is not
// held forever), and the app reconnects by itself: no error, no fall-back to polling. (That
// nothing is missed in between — the new stream replays from the last id — is
// server/tests/notifications.rs.)
import { test, expect } from './support/fixtures';
import { startServer } from './support/server';
import { ACCOUNTS, signInWithApi } from './support/auth';

test('a stream ended by the server is reopened by the app, quietly', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  // streams live 2–3 s on this server (90–100 % of --stream-max-secs 3)
  const server = await startServer({ args: ['--stream-max-secs', '3'] });
  try {
    await signInWithApi(context, request, server.url('/'), ACCOUNTS.citizen.phone);
    const opened: number[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/notifications/stream') opened.push(Date.now());
    });
    await page.goto(server.url('/notifications'));
    const live = page.getByText('新提醒会实时送达');
    await expect(live).toBeVisible();
    // three lifetimes later, the app has opened the stream again each time
    await expect.poll(() => opened.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await expect(live).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText('实时连接不稳定')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);

  } finally {
    await server.dispose();
  }
});
