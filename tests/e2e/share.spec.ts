// Sharing and WeChat: the 分享 button outside WeChat (the system share sheet, else the link
// copied), inside WeChat the share card set through the JS-SDK — `wx.config` with the backend's
// signature of the right URL (the current one on Android, the landing one on iOS), the card of
// an article, a deputy and a topic — and inside a mini program's web-view; 微信服务通知 in
// 提醒设置 (WeChat's subscribe dialog, its answer recorded by the backend); and the page a
// browser gets when the app cannot start.
//
// WeChat here: a server of its own with --wechat-config, whose WeChat API is a stand-in started by
// the test (it gives a known ticket), and a stand-in of WeChat's JS-SDK served in place of
// https://res.wx.qq.com/open/js/jweixin-1.6.0.js that records what the app calls.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, NETWORK_ERRORS } from './support/fixtures';
import { startServer, type ServerProcess } from './support/server';
import { ACCOUNTS, signInWithApi } from './support/auth';
import { WECHAT_UA } from '../playwright.config';

const WECHAT_IOS_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN';
const TICKET = 'e2e-jsapi-ticket-0123456789';
const APP_ID = 'wx0123456789abcdef';

const ARTICLE = { id: 'a_000001', title: '掌上人大“长辈模式”升级：字更大、按钮更大、步骤更少' };

/** WeChat's server API, standing in: a token, then the ticket. */
async function standInWechat(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/cgi-bin/token')) res.end(JSON.stringify({ access_token: 'e2e-token', expires_in: 7200 }));
    else if (req.url?.startsWith('/cgi-bin/ticket/getticket')) res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', ticket: TICKET, expires_in: 7200 }));
    else res.end(JSON.stringify({ errcode: 40001, errmsg: 'unknown' }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, server };
}

type Recorded = { config: Record<string, unknown>[]; friend: Record<string, unknown>[]; moments: Record<string, unknown>[]; mini: unknown[]; back: unknown[] };

/** Serves the stand-in JS-SDK to the pages of `context`. */
async function standInSdk(context: BrowserContext) {
  const sdk = `window.__wx = { config: [], friend: [], moments: [], mini: [], back: [] };
window.wx = {
  config: function (c) { __wx.config.push(c); },
  ready: function (f) { setTimeout(f, 0); },
  error: function () {},
  updateAppMessageShareData: function (d) { __wx.friend.push(d); },
  updateTimelineShareData: function (d) { __wx.moments.push(d); },
  miniProgram: { postMessage: function (m) { __wx.mini.push(m); }, navigateBack: function (o) { __wx.back.push(o); } }
};`;
  await context.route('https://res.wx.qq.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: sdk }));
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __wx?: Recorded }).__wx ?? null);

function signature(nonce: string, timestamp: number, url: string): string {
  return createHash('sha1').update(`jsapi_ticket=${TICKET}&noncestr=${nonce}&timestamp=${timestamp}&url=${url}`).digest('hex');
}

test.describe('outside WeChat', () => {
  test('分享 opens the system share sheet with the article', async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { __shared: unknown[] }).__shared = [];
      Object.defineProperty(navigator, 'share', {
        value: (d: unknown) => { (window as unknown as { __shared: unknown[] }).__shared.push(d); return Promise.resolve(); },
        configurable: true,
      });
    });
    await page.goto(`/articles/${ARTICLE.id}`);
    await expect(page.getByRole('heading', { level: 1, name: ARTICLE.title })).toBeVisible();
    await page.getByRole('button', { name: '分享' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __shared: unknown[] }).__shared)).toEqual([
      expect.objectContaining({ title: ARTICLE.title, url: new URL(`/articles/${ARTICLE.id}`, page.url()).href }),
    ]);
  });

  test('without a share sheet the link is copied and said so; refused, it is shown to copy', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.addInitScript(() => Object.defineProperty(navigator, 'share', { value: undefined, configurable: true }));
    await page.goto('/topics/t_000001');
    await expect(page.getByRole('heading', { level: 1, name: '村道硬化：明年先修哪几段？' })).toBeVisible();
    await page.getByRole('button', { name: '分享' }).click();
    await expect(page.getByRole('status').filter({ hasText: '链接已复制' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL('/topics/t_000001', baseURL).href);

    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true }));
    await page.getByRole('button', { name: '分享' }).click();
    await expect(page.getByText('无法自动复制')).toBeVisible();
    await expect(page.getByRole('textbox', { name: '本页链接' })).toHaveValue(new URL('/topics/t_000001', baseURL).href);
  });
});

test.describe('inside WeChat', () => {
  let server: ServerProcess;
  let wechat: Server;
  test.beforeEach(async () => {
    const standIn = await standInWechat();
    wechat = standIn.server;
    const dir = mkdtempSync(path.join(tmpdir(), 'zsrd-wechat-'));
    const file = path.join(dir, 'wechat.json');
    writeFileSync(file, JSON.stringify({
      app_id: APP_ID, app_secret: 'e2e-secret', api_origin: standIn.origin,
      subscribe_templates: [{ id: 'tpl-reply', kinds: ['reply', 'status_changed'] }, { id: 'tpl-poll', kinds: ['poll_results'] }],
    }));
    server = await startServer({ args: ['--wechat-config', file] });
  });
  test.afterEach(async ({ page }) => {
    // (the page first: its prefetch of the chunks would otherwise meet a server gone)
    await page.close();
    await server?.dispose();
    wechat?.close();
  });

  test.describe('Android', () => {
    test.use({ userAgent: WECHAT_UA });

    test('an article, then a deputy: wx.config signed for each page, and each one\'s card', async ({ page, context }) => {
      await standInSdk(context);
      const base = server.baseURL;
      await page.goto(`${base}/articles/${ARTICLE.id}`);
      await expect(page.getByRole('heading', { level: 1, name: ARTICLE.title })).toBeVisible();
      await expect.poll(async () => (await recorded(page))?.friend.length ?? 0).toBe(1);
      let got = (await recorded(page))!;
      const articleUrl = `${base}/articles/${ARTICLE.id}`;
      const c = got.config[0] as { appId: string; timestamp: number; nonceStr: string; signature: string; jsApiList: string[] };
      expect(c.appId).toBe(APP_ID);
      expect(c.signature).toBe(signature(c.nonceStr, c.timestamp, articleUrl));
      expect(c.jsApiList).toEqual(['updateAppMessageShareData', 'updateTimelineShareData']);
      expect(got.friend[0]).toMatchObject({ title: ARTICLE.title, link: articleUrl });
      expect(got.moments[0]).toMatchObject({ title: ARTICLE.title, link: articleUrl });
      expect(String(got.friend[0].imgUrl)).toMatch(/^https?:\/\//);

      // 分享 says where WeChat's menu is (a page cannot open it).
      await page.getByRole('button', { name: '分享' }).click();
      await expect(page.getByRole('status').filter({ hasText: '点右上角「···」' })).toBeVisible();

      // A deputy's QR link: configured again for that URL, the card is the deputy's, its link the short one.
      await page.goto(`${base}/d/LW01`);
      await expect(page.getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
      await expect.poll(async () => (await recorded(page))?.friend.length ?? 0).toBe(1);
      got = (await recorded(page))!;
      const d = got.config[0] as { timestamp: number; nonceStr: string; signature: string };
      expect(d.signature).toBe(signature(d.nonceStr, d.timestamp, `${base}/d/LW01`));
      expect(String(got.friend[0].title)).toContain('陈志强');
      expect(String(got.friend[0].link)).toMatch(/\/d\/LW01$/);
    });

    test('inside a mini program\'s web-view the card goes to the mini program too', async ({ page, context }) => {
      await standInSdk(context);
      await context.addInitScript(() => { (window as unknown as { __wxjs_environment: string }).__wxjs_environment = 'miniprogram'; });
      await page.goto(`${server.baseURL}/topics/t_000001`);
      await expect(page.getByRole('heading', { level: 1, name: '村道硬化：明年先修哪几段？' })).toBeVisible();
      await expect.poll(async () => (await recorded(page))?.mini.length ?? 0).toBe(1);
      const got = (await recorded(page))!;
      expect(got.mini[0]).toMatchObject({ data: { title: '村道硬化：明年先修哪几段？', link: `${server.baseURL}/topics/t_000001` } });
      await page.getByRole('button', { name: '分享' }).click();
      await expect(page.getByRole('status').filter({ hasText: '「转发」' })).toBeVisible();
    });

    test('inside a mini program, 返回 on the screen it opened goes back to the mini program\'s page', async ({ page, context }) => {
      await standInSdk(context);
      await context.addInitScript(() => { (window as unknown as { __wxjs_environment: string }).__wxjs_environment = 'miniprogram'; });
      await page.goto(`${server.baseURL}/d/LW01`);
      await expect(page.getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
      // the JS-SDK is there once the card has gone to the mini program; public/late.js after the load
      await expect.poll(async () => (await recorded(page))?.mini.length ?? 0).toBe(1);
      await page.waitForFunction(() => typeof (window as unknown as { zsrdLeave?: unknown }).zsrdLeave === 'function');
      await page.getByRole('button', { name: '返回' }).click();
      await expect.poll(async () => (await recorded(page))?.back.length ?? 0).toBe(1);
      expect((await recorded(page))!.back[0]).toEqual({ delta: 1 });
      // the app stayed where it was (the mini program takes it from here)
      expect(new URL(page.url()).pathname).toBe('/d/LW01');

      // within the app, 返回 is the app's own: to the screen before
      await page.goto(`${server.baseURL}/deputies`);
      await page.getByRole('link', { name: '陈志强', exact: true }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
      await page.getByRole('button', { name: '返回' }).click();
      await expect(page).toHaveURL(/\/deputies$/);
      expect((await recorded(page))?.back.length ?? 0).toBe(0);
    });
  });

  test.describe('Android, 提醒设置', () => {
    test.use({ userAgent: WECHAT_UA });

    test('微信服务通知: WeChat\'s subscribe button for the templates; its answer is recorded and shown', async ({ page, context, request, axe }) => {
      await standInSdk(context);
      const base = server.baseURL;
      const session = await signInWithApi(context, request, base, ACCOUNTS.citizen.phone);
      await page.goto(`${base}/notifications/settings`);
      const section = page.getByRole('region', { name: '微信服务通知' });
      await expect(section).toBeVisible();
      await expect(section.getByRole('listitem')).toHaveCount(2);
      await expect(section.getByRole('listitem').first()).toContainText('还没有开启');
      // WeChat's open tag, once the SDK was configured with it.
      const tag = page.locator('wx-open-subscribe');
      await expect(tag).toHaveAttribute('template', 'tpl-reply,tpl-poll');
      const got = (await recorded(page))!;
      expect(got.config.at(-1)).toMatchObject({ openTagList: ['wx-open-subscribe'] });
      expect(await tag.locator('script[type="text/wxtag-template"]').textContent()).toContain('接收下一条微信提醒');
      await axe({ label: 'wechat-subscribe', include: '#main' });

      // WeChat's dialog answered: 允许 for replies, not for polls.
      await tag.evaluate((el) => el.dispatchEvent(new CustomEvent('success', {
        detail: { errMsg: 'subscribe:ok', subscribeDetails: JSON.stringify({ 'tpl-reply': JSON.stringify({ status: 'accept' }), 'tpl-poll': JSON.stringify({ status: 'reject' }) }) },
      })));
      await expect(section.getByRole('status')).toHaveText('已记下您的选择');
      await expect(section.getByRole('listitem').first()).toContainText('还可收到 1 条');
      await expect(section.getByRole('listitem').nth(1)).toContainText('您没有允许');
      const stored = await request.get(`${base}/api/v1/wechat/subscriptions`, { headers: { authorization: `Bearer ${session.token}` } });
      expect((await stored.json()).items).toMatchObject([
        { template_id: 'tpl-reply', consent: 'accept', allowed: 1 },
        { template_id: 'tpl-poll', consent: 'reject', allowed: 0 },
      ]);
    });
  });

  test.describe('iOS', () => {
    test.use({ userAgent: WECHAT_IOS_UA });

    test('the signature is of the URL the app was opened at, as WeChat checks it on iOS', async ({ page, context }) => {
      await standInSdk(context);
      const base = server.baseURL;
      await page.goto(`${base}/`);
      const first = page.locator('main article a').first();
      await expect(first).toBeVisible();
      await first.click();
      await expect(page).toHaveURL(/\/articles\//);
      await expect.poll(async () => (await recorded(page))?.friend.length ?? 0).toBe(1);
      const got = (await recorded(page))!;
      const c = got.config[0] as { timestamp: number; nonceStr: string; signature: string };
      expect(c.signature).toBe(signature(c.nonceStr, c.timestamp, `${base}/`));
      expect(got.friend[0].link).toBe(page.url());
    });
  });
});

test.describe('in WeChat without an official account', () => {
  test.use({ userAgent: WECHAT_UA });

  test('the app does not ask for a signature nor load WeChat\'s script', async ({ page, context }) => {
    const asked: string[] = [];
    await context.route('https://res.wx.qq.com/**', (route) => { asked.push(route.request().url()); return route.abort(); });
    page.on('request', (r) => { if (r.url().includes('/wechat/')) asked.push(r.url()); });
    await page.goto(`/articles/${ARTICLE.id}`);
    await expect(page.getByRole('heading', { level: 1, name: ARTICLE.title })).toBeVisible();
    await page.getByRole('button', { name: '分享' }).click();
    await expect(page.getByRole('status').filter({ hasText: '点右上角「···」' })).toBeVisible();
    expect(asked).toEqual([]);
  });
});

test.describe('when the app cannot start', () => {
  test('a browser without WebAssembly gets a page saying so, with the station\'s phone', async ({ page, axe }) => {
    await page.addInitScript(() => { delete (window as unknown as { WebAssembly?: unknown }).WebAssembly; });
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: '此浏览器无法打开掌上人大' })).toBeVisible();
    await expect(page.getByText('请把微信或浏览器更新到最新版本')).toBeVisible();
    await expect(page.getByRole('link', { name: /^[0-9+-]{7,}$/ })).toHaveAttribute('href', /^tel:/);
    await expect(page.getByRole('button', { name: '重新加载' })).toHaveCount(0);
    await axe({ label: 'no-wasm' });
  });

  test('the app\'s files did not arrive: 重新加载, and then the app', async ({ page, consoleGuard }) => {
    consoleGuard.allow(NETWORK_ERRORS);
    let refuse = true;
    await page.route(/zsrd-app-[0-9a-f]+_bg\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: '掌上人大没有加载完整' })).toBeVisible();
    refuse = false;
    await page.getByRole('button', { name: '重新加载' }).click();
    await expect(page.locator('main article').first()).toBeVisible();
  });
});
