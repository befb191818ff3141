// Sessions on the device: a session that ends on the server (expired, revoked) asks the user to
// sign in again and brings them back to what they were typing; signing out leaves nothing of the
// user on the device. Plus axe on the signed-in screens the other journeys do not scan.
import { test, expect } from './support/fixtures';
import { ACCOUNTS, freshPhone, signInWithApi, signInWithUi, uniqueTitle } from './support/auth';

test.describe('sessions', () => {
  test('a session ended by the server: sign in again, back to the draft, nothing lost', async ({ page, context, request, baseURL, consoleGuard }, info) => {
    // Chromium logs the 401 that tells the app the session ended.
    consoleGuard.allow(/status of 401/);
    const phone = freshPhone();
    const session = await signInWithApi(context, request, baseURL!, phone);
    const title = uniqueTitle('登录过期', info.project.name);
    await page.goto('/messages/new?to=deputy:dp_lw01');
    await page.getByLabel('类别').selectOption({ label: '环境卫生' });
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill('登录过期以后，写了一半的内容不能丢。');

    // The session ends on the server (as when it expires).
    const out = await request.delete(new URL('/api/v1/auth/session', baseURL).toString(), {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    expect(out.status()).toBe(204);

    // The next request that carries the token gets 401: the app says so and offers to sign in.
    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: '登录已过期' }).first()).toBeVisible();
    await page.getByRole('link', { name: '重新登录' }).first().click();
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await signInWithUi(page, phone);
    // (the form keeps its recipient in the draft and drops `?to=` from its address once read)
    await expect(page).toHaveURL(/\/messages\/new$/);
    await expect(page.getByText('致代表：陈志强')).toBeVisible();
    await expect(page.getByLabel('标题')).toHaveValue(title);
    await expect(page.getByLabel('内容')).toHaveValue('登录过期以后，写了一半的内容不能丢。');
  });

  test('signing out removes the session and everything stored for that user', async ({ page, context, request, baseURL }) => {
    const session = await signInWithApi(context, request, baseURL!, freshPhone());
    await page.goto('/messages/new?to=department:dept_eco');
    await page.getByLabel('标题').fill('退出后草稿应被清除');
    await expect
      .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zsrd.u.')).length))
      .toBeGreaterThan(0);
    await page.goto('/me');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).last().click();
    await expect(page.getByText('已退出登录')).toBeVisible();
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('zsrd.u.') || k === 'zsrd.session.v1'));
    expect(left).toEqual([]);
    // and the token no longer works on the server
    await expect
      .poll(async () => (await request.get(new URL('/api/v1/me', baseURL).toString(), { headers: { Authorization: `Bearer ${session.token}` } })).status())
      .toBe(401);
  });
});

test.describe('accessibility of the signed-in screens', () => {
  test('我的留言, the printable QR card and the staff triage queue', async ({ page, context, request, baseURL, axe }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    await page.goto('/messages');
    await expect(page.getByRole('heading', { name: '我的留言' })).toBeVisible();
    await axe({ label: 'messages (signed in)' });
    await page.goto('/deputies/dp_lw01/card');
    await expect(page.getByRole('img', { name: /陈志强/ }).first()).toBeVisible();
    await axe({ label: 'QR card' });
    await page.goto('/work');
    await expect(page.getByRole('link', { name: '待分派' }).or(page.getByRole('tab', { name: '待分派' })).first()).toBeVisible();
    await expect(page.locator('main article').first()).toBeVisible();
    await axe({ label: 'work (staff)' });
  });
});

