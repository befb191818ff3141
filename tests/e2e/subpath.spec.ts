// Deployed under a path (issue 16): the same build served by `server --base-path /renda`, as at
// https://example.gov.cn/renda/. The reading journey and the whole message journey — a QR scan,
// signing in, writing, sending, following it — run below /renda: every link, every screen's
// chunk, every API request and the deputy's QR short link stay under it, a reload of a deep
// link works, and nothing at all is asked of the origin's root. The service worker registers with
// the path as its scope and opens the app offline there.
import type { BrowserContext, Page, Request } from '@playwright/test';
import { test, expect, NETWORK_ERRORS } from './support/fixtures';
import { startServer, type ServerProcess } from './support/server';
import { ACCOUNTS, freshPhone, signInWithUi, uniqueTitle } from './support/auth';

const BASE = '/renda';

/** Records every request of the context that leaves the base path on this server. */
function outsideBase(context: BrowserContext, server: ServerProcess): string[] {
  const outside: string[] = [];
  context.on('request', (r: Request) => {
    const u = new URL(r.url());
    if (u.origin === new URL(server.baseURL).origin && !u.pathname.startsWith(`${BASE}/`)) outside.push(`${r.method()} ${u.pathname}`);
  });
  return outside;
}

async function path(page: Page): Promise<string> {
  return new URL(page.url()).pathname;
}

test.describe('deployed under /renda', () => {
  let server: ServerProcess;
  test.beforeAll(async () => {
    server = await startServer({ args: ['--base-path', BASE] });
  });
  test.afterAll(async () => {
    await server?.dispose();
  });

  test('reading: 首页, an article, the tabs, a reload of a deep link, a link within the page', async ({ page, context, axe }) => {
    const outside = outsideBase(context, server);
    await page.goto(server.url(`${BASE}/`));
    const first = page.locator(`main a[href^="${BASE}/articles/"]`).first();
    await expect(first).toBeVisible();
    const title = ((await first.textContent()) ?? '').trim();
    await first.click();
    await expect(page).toHaveURL(new RegExp(`${BASE}/articles/`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await axe({ label: 'article under /renda' });

    // a link within the screen (the skip link) stays on it
    const article = await path(page);
    const skip = page.getByRole('link', { name: '跳到正文' });
    await skip.focus();
    await skip.press('Enter');
    await expect(page).toHaveURL(/#main$/);
    expect(await path(page)).toBe(article);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    // the tab bar, and 首页 again
    const tabs = page.getByRole('navigation', { name: '主导航' });
    await tabs.getByRole('link', { name: /^代表/ }).click();
    await expect(page).toHaveURL(new RegExp(`${BASE}/deputies$`));
    await expect(page.getByRole('link', { name: ACCOUNTS.deputy.name })).toBeVisible();
    await tabs.getByRole('link', { name: /^首页/ }).click();
    await expect(page).toHaveURL(server.url(`${BASE}/`));
    await expect(page.locator(`main a[href^="${BASE}/articles/"]`).first()).toBeVisible();

    // a deep link, loaded fresh: the app's files come from below the path
    await page.goto(server.url(`${BASE}/deputies`));
    await page.getByRole('link', { name: ACCOUNTS.deputy.name }).click();
    await expect(page.getByRole('heading', { level: 1, name: ACCOUNTS.deputy.name })).toBeVisible();
    // the QR card's short link is under the path
    await expect(page.getByText(server.url(`${BASE}/d/${ACCOUNTS.deputy.code}`))).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: ACCOUNTS.deputy.name })).toBeVisible();

    // 我的 → 使用指南 (a literal link, relative to <base>)
    await tabs.getByRole('link', { name: /^我的/ }).click();
    await page.getByRole('link', { name: /使用指南/ }).click();
    await expect(page).toHaveURL(new RegExp(`${BASE}/guide$`));
    expect(outside, 'requests outside /renda').toEqual([]);
  });

  test('the message journey: a QR scan, sign in, write, send, follow it after a reload', async ({ page, context }, info) => {
    const outside = outsideBase(context, server);
    const title = uniqueTitle('路灯不亮（子路径）', info.project.name);
    await page.goto(server.url(`${BASE}/d/${ACCOUNTS.deputy.code}`));
    await expect(page.getByRole('heading', { level: 1, name: ACCOUNTS.deputy.name })).toBeVisible();
    await page.getByRole('link', { name: /给代表留言/ }).click();
    await page.getByRole('link', { name: /^登录$/ }).click();
    await expect(page).toHaveURL(new RegExp(`${BASE}/sign-in\\?next=`));
    await signInWithUi(page, freshPhone());
    await expect(page).toHaveURL(new RegExp(`${BASE}/messages/new$`));
    await expect(page.getByText(`致代表：${ACCOUNTS.deputy.name}`)).toBeVisible();
    await page.getByLabel('类别').selectOption({ label: '道路交通' });
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill('龙湾村村口的两盏路灯坏了，晚上很黑，老人出行不便，请帮忙修一修。');
    await page.getByRole('button', { name: '发送留言' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '留言已发出' })).toBeVisible();
    await page.getByRole('link', { name: '查看这条留言' }).click();
    await expect(page).toHaveURL(new RegExp(`${BASE}/messages/[^/]+$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.locator('main').getByText('待受理').first()).toBeVisible();
    // 我的留言 lists it
    await page.goto(server.url(`${BASE}/messages`));
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    expect(outside, 'requests outside /renda').toEqual([]);
  });

  test('the origin root and the bare path lead to the app', async ({ page }) => {
    await page.goto(server.url('/'));
    await expect(page).toHaveURL(server.url(`${BASE}/`));
    await page.goto(server.url(BASE));
    await expect(page).toHaveURL(server.url(`${BASE}/`));
    await expect(page.locator(`main a[href^="${BASE}/articles/"]`).first()).toBeVisible();
  });
});

test.describe('the service worker under /renda', () => {
  test.use({ serviceWorkers: 'allow', allowConsoleErrors: NETWORK_ERRORS });
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'phone', 'the worker is the same in every user agent: once is enough');
  });

  test('registers with the path as its scope and opens a screen offline', async ({ page, context }) => {
    const server = await startServer({ args: ['--base-path', BASE] });
    try {
      await page.goto(server.url(`${BASE}/`));
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      expect(scope).toBe(server.url(`${BASE}/`));
      await context.setOffline(true);
      await page.goto(server.url(`${BASE}/me`));
      await expect(page.getByRole('heading', { name: '阅读设置' })).toBeVisible();
    } finally {
      await context.setOffline(false);
      await server.dispose();
    }
  });
});
