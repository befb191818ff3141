// Installable and offline (issue 14), with the app's service worker (public/sw.js) running — the
// one spec where it is not blocked (playwright.config.ts): what was read opens again offline and
// says so, every screen's chunk is precached, a new build is offered as "有新版本，点此更新" without
// losing what is being typed, system notifications go through the worker and a tap on one opens
// the message, Web Push subscribes from 提醒设置 (the browser's push manager stubbed: headless
// Chromium reaches no push service), signing out empties the private copies, and Android's
// install offer. Each test runs its own server (own database), in the phone project.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import type { APIRequestContext, BrowserContext, Page, Worker } from '@playwright/test';
import { test, expect, NETWORK_ERRORS } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle, type ApiSession } from './support/auth';
import { DIST_DIR, REPO_ROOT, startServer, type ServerProcess } from './support/server';

test.use({ serviceWorkers: 'allow', allowConsoleErrors: NETWORK_ERRORS });
test.beforeEach(({}, info) => {
  test.skip(info.project.name !== 'phone', 'the worker is the same in every user agent: once is enough');
});

function api(base: string, p: string): string {
  return new URL(`/api/v1${p}`, base).toString();
}

/** Waits until the service worker has precached the build and controls the page. */
async function workerInCharge(page: Page): Promise<Worker> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  const worker = page.context().serviceWorkers()[0] ?? (await page.context().waitForEvent('serviceworker'));
  return worker;
}

/** A private message of `s` to deputy 陈志强, through the API. */
async function newMessage(request: APIRequestContext, base: string, s: ApiSession, title: string): Promise<{ id: string; version: number }> {
  const r = await request.post(api(base, '/messages'), {
    headers: { Authorization: `Bearer ${s.token}`, 'Idempotency-Key': crypto.randomUUID() },
    data: { recipient: { kind: 'deputy', id: 'dp_lw01' }, category_id: 'mc_traffic', title, body: '村口路灯坏了两盏，晚上很黑，请尽快修理。', public: false },
  });
  expect(r.status(), await r.text()).toBe(201);
  return r.json();
}

const cacheKeys = (page: Page, name: string) =>
  page.evaluate(async (n) => ((await caches.has(n)) ? (await (await caches.open(n)).keys()).map((r) => r.url) : []), name);

test.describe('offline and installable', () => {
  let server: ServerProcess;
  test.afterEach(async () => {
    await server?.dispose();
  });

  test('an article read once opens again offline after a reload, marked 离线内容; an unvisited screen opens from the precache', async ({ page, context }) => {
    server = await startServer();
    await page.goto(server.baseURL + '/');
    await workerInCharge(page);
    // The home page was shown before the worker took over: read an article now.
    const first = page.locator('main a[href^="/articles/"]').first();
    await expect(first).toBeVisible();
    await first.click();
    // (the address changes once the article's screen is made: 首页 has a heading of its own)
    await expect(page).toHaveURL(/\/articles\//);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toBeVisible();
    const title = (await heading.textContent())!.trim();
    const url = page.url();
    expect(url).toMatch(/\/articles\//);
    await expect(page.getByText(/离线内容/)).toHaveCount(0);

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^离线内容：这是.*保存在手机上的内容/ })).toBeVisible();

    // Another screen, in the app: the mark was about the article and goes with it.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的' }).click();
    await expect(page.getByRole('heading', { name: '阅读设置' })).toBeVisible();
    await expect(page.getByText(/^离线内容/)).toHaveCount(0);

    // A screen never opened (its lazily loaded chunk never fetched by the page), in a new load
    // of the app, still offline: every wasm module of it comes from the worker's precache.
    const fromWorker: boolean[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) fromWorker.push(r.fromServiceWorker());
    });
    await page.goto(server.baseURL + '/search');
    await expect(page.getByRole('heading', { level: 1, name: '搜索' })).toBeVisible();
    expect(fromWorker.length).toBeGreaterThan(1);
    expect(fromWorker.every(Boolean), 'every wasm module from the precache').toBe(true);
    await context.setOffline(false);
  });

  test('a new build deployed while the app is open: 有新版本，点此更新 — never over unsaved input, and a draft survives it', async ({ page, context, request }, info) => {
    // The app from a copy of the build, so that a new one can be deployed under it.
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'zsrd-dist-'));
    fs.cpSync(DIST_DIR, dist, { recursive: true });
    server = await startServer({ staticDir: dist });
    try {
      await page.goto(server.baseURL + '/sign-in');
      await workerInCharge(page);
      await page.getByLabel(/手机号/).fill('13800000009');

      // ── a new build: another index.html, and so a new worker (scripts/build-sw.cjs lists it)
      const html = path.join(dist, 'index.html');
      fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace('<head>', '<head><meta name="zsrd-build" content="2">'));
      execFileSync('node', [path.join(REPO_ROOT, 'scripts', 'build-sw.cjs'), dist]);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const update = page.getByRole('button', { name: '有新版本，点此更新' });
      await expect(update).toBeVisible({ timeout: 30_000 });

      // A field that is not kept as a draft holds input: no update yet.
      await update.click();
      await expect(page.getByText('请先提交或清空正在填写的内容，再点更新')).toBeVisible();
      await expect(page.locator('meta[name="zsrd-build"]')).toHaveCount(0);

      // Writing a message (kept as a draft as it is typed): the update goes ahead, the text stays.
      const s = await apiSession(request, server.baseURL, freshPhone());
      await page.evaluate((stored) => localStorage.setItem('zsrd.session.v1', stored), JSON.stringify(s));
      await page.goto(server.baseURL + '/messages/new?to=deputy:dp_lw01');
      await expect(update).toBeVisible();
      const title = uniqueTitle('更新时的草稿', info.project.name);
      await page.getByLabel('标题').fill(title);
      await page.getByLabel('内容').fill('更新之前写下的内容，不能丢。');
      await update.click();
      await expect(page.locator('meta[name="zsrd-build"]')).toHaveCount(1, { timeout: 30_000 });
      await expect(page.getByLabel('标题')).toHaveValue(title);
      await expect(page.getByLabel('内容')).toHaveValue('更新之前写下的内容，不能丢。');
      await expect(update).toHaveCount(0);
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });

  test('a system notification goes through the worker and a tap on it opens the message', async ({ page, context, request }, info) => {
    server = await startServer();
    const base = server.baseURL;
    await context.grantPermissions(['notifications'], { origin: base });
    // A page that can be put in the background.
    await context.addInitScript(() => {
      let hidden = false;
      (window as unknown as Record<string, unknown>).__setHidden = (h: boolean) => {
        hidden = h;
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      };
      Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true });
      Object.defineProperty(Document.prototype, 'hidden', { get: () => hidden, configurable: true });
    });
    const citizen = await signInWithApi(context, request, base, freshPhone());
    const staff = await apiSession(request, base, ACCOUNTS.staff.phone);
    const title = uniqueTitle('通知测试路灯', info.project.name);
    const m = await newMessage(request, base, citizen, title);

    await page.goto(base + '/notifications/settings');
    const worker = await workerInCharge(page);
    const allow = page.getByRole('switch', { name: /应用在后台时弹出通知/ });
    await allow.click();
    await expect(allow).toHaveAttribute('aria-checked', 'true');
    // This server sends no Web Push: alerts while the app is open or in the background only.
    await expect(page.getByText(/本平台暂未开通应用关闭后的推送/)).toBeVisible();
    await page.getByRole('button', { name: '返回' }).click();
    await expect(page.getByText('新提醒会实时送达')).toBeVisible();

    await page.evaluate(() => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(true));
    const triaged = await request.post(api(base, `/messages/${m.id}/triage`), {
      headers: { Authorization: `Bearer ${staff.token}` },
      data: { version: m.version, track: 'fast', category_id: 'mc_traffic', handler: { kind: 'deputy', id: 'dp_lw01' } },
    });
    expect(triaged.status(), await triaged.text()).toBe(200);
    type Shown = { title: string; body: string; tag: string; link: string | null };
    const shown = () =>
      worker.evaluate(async () =>
        (await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, link: n.data?.link ?? null })),
      );
    await expect.poll(shown, { timeout: 10_000 }).toEqual([
      { title: expect.stringMatching(/陈志强代表/), body: `《${title}》`, tag: `message:${m.id}`, link: `/messages/${m.id}` } as unknown as Shown,
    ]);

    // A tap: the worker's notificationclick with that notification (headless Chromium shows
    // none to tap). The open window is brought forward and goes to the message.
    await page.evaluate(() => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(false));
    await worker.evaluate(async () => {
      const scope = self as unknown as ServiceWorkerGlobalScope;
      const [n] = await scope.registration.getNotifications();
      try {
        scope.dispatchEvent(new NotificationEvent('notificationclick', { notification: n }));
      } catch {
        /* waitUntil refuses an event the browser did not send; the handler has run */
      }
    });
    await expect(page).toHaveURL(new RegExp(`/messages/${m.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  });

  test('Web Push: 提醒设置 subscribes this phone with the backend, a push shows the alert, turning it off removes the subscription', async ({ page, context, request }) => {
    server = await startServer({ args: ['--web-push', 'mailto:e2e@example.org'] });
    const base = server.baseURL;
    await context.grantPermissions(['notifications'], { origin: base });
    // The browser's keys of a stand-in subscription at a push service the server trusts.
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p256dh = (publicKey.export({ format: 'jwk' }) as { x: string; y: string });
    const raw = Buffer.concat([Buffer.from([4]), Buffer.from(p256dh.x, 'base64url'), Buffer.from(p256dh.y, 'base64url')]).toString('base64url');
    const stand = { endpoint: `https://fcm.googleapis.com/fcm/send/e2e-${Date.now()}`, keys: { p256dh: raw, auth: Buffer.alloc(16, 7).toString('base64url') } };
    await context.addInitScript((sub) => {
      // Headless Chromium reaches no push service: the push manager answers with the stand-in.
      let current: unknown = null;
      const make = (key: unknown) => ({
        endpoint: sub.endpoint,
        options: { applicationServerKey: key },
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: () => { current = null; return Promise.resolve(true); },
      });
      PushManager.prototype.subscribe = function (opts?: PushSubscriptionOptionsInit) {
        (window as unknown as Record<string, unknown>).__pushKey = opts?.applicationServerKey;
        current = make(opts?.applicationServerKey);
        return Promise.resolve(current as PushSubscription);
      };
      PushManager.prototype.getSubscription = function () {
        return Promise.resolve(current as PushSubscription | null);
      };
    }, stand);
    const s: ApiSession = await signInWithApi(context, request, base, freshPhone());
    const listed = async () => {
      const r = await request.get(api(base, '/push/subscriptions'), { headers: { Authorization: `Bearer ${s.token}` } });
      expect(r.status()).toBe(200);
      return (await r.json()).items as { id: string; service: string }[];
    };

    await page.goto(base + '/notifications/settings');
    const worker = await workerInCharge(page);
    // The backend pushes: each kind offers the 手机推送 channel.
    await expect(page.getByRole('group', { name: '新回复' }).getByRole('checkbox', { name: '手机推送' })).toBeChecked();
    const allow = page.getByRole('switch', { name: /应用在后台时弹出通知/ });
    await allow.click();
    await expect(page.getByText('已开启：应用关闭后，手机也会弹出提醒。')).toBeVisible();
    const key = (await (await request.get(api(base, '/push/vapid-key'))).json()).public_key;
    expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__pushKey)).toBe(key);
    expect((await listed()).map((x) => x.service)).toEqual(['fcm.googleapis.com']);

    // What the backend sends, as the worker gets it: shown with the app's tag and link.
    await worker.evaluate(async () => {
      const scope = self as unknown as ServiceWorkerGlobalScope;
      const data = JSON.stringify({ id: 'n1', kind: 'reply', title: '陈志强代表答复：已修好', body: '《村口路灯》', link: '/messages/m1', message_id: 'm1' });
      const event = new (self as unknown as { PushEvent: new (t: string, i: unknown) => Event }).PushEvent('push', { data });
      try {
        scope.dispatchEvent(event);
      } catch {
        /* see the notification test */
      }
    });
    await expect.poll(() => worker.evaluate(async () =>
      (await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications()).map((n) => `${n.title}|${n.body}|${n.tag}|${n.data?.link}`),
    )).toEqual(['陈志强代表答复：已修好|《村口路灯》|message:m1|/messages/m1']);

    await allow.click();
    await expect(allow).toHaveAttribute('aria-checked', 'false');
    await expect.poll(listed).toEqual([]);
  });

  test('signing out empties the private copies (own messages) and keeps the public ones', async ({ page, context, request }, info) => {
    server = await startServer();
    const base = server.baseURL;
    const s = await signInWithApi(context, request, base, freshPhone());
    const title = uniqueTitle('退出清理', info.project.name);
    const m = await newMessage(request, base, s, title);
    await page.goto(base + '/');
    await workerInCharge(page);
    await page.goto(base + `/messages/${m.id}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect.poll(() => cacheKeys(page, 'zsrd-private-v1')).toContainEqual(expect.stringContaining(`/messages/${m.id}?zsrd-user=`));
    expect((await cacheKeys(page, 'zsrd-read-v1')).length).toBeGreaterThan(0);

    await page.goto(base + '/me');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).last().click();
    await expect(page.getByText('已退出登录')).toBeVisible();
    await expect.poll(() => cacheKeys(page, 'zsrd-private-v1')).toEqual([]);
    expect((await cacheKeys(page, 'zsrd-read-v1')).length).toBeGreaterThan(0);
  });

  test("Android Chrome's install offer becomes 我的's 添加到桌面 button", async ({ page }) => {
    server = await startServer();
    await page.goto(server.baseURL + '/me');
    await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '添加到手机桌面' })).toHaveCount(0);
    // What Chrome sends once the app qualifies (manifest, icons, worker).
    await page.evaluate(() => {
      const e = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt: () => Promise<void> };
      e.prompt = () => {
        (window as unknown as Record<string, unknown>).__prompted = true;
        return Promise.resolve();
      };
      window.dispatchEvent(e);
    });
    await expect(page.getByRole('heading', { name: '添加到手机桌面' })).toBeVisible();
    await page.getByRole('button', { name: '添加到桌面' }).click();
    expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__prompted)).toBe(true);
    await expect(page.getByRole('heading', { name: '添加到手机桌面' })).toHaveCount(0);
  });
});

test('Safari on an iPhone is told how to add the app to the home screen; WeChat is not', async ({ browser }, info) => {
  const server2 = await startServer();
  try {
    for (const [ua, expected] of [
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 1],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN', 0],
    ] as const) {
      const ctx: BrowserContext = await browser.newContext({ ...info.project.use, userAgent: ua, baseURL: server2.baseURL });
      const p = await ctx.newPage();
      await p.goto('/me');
      await expect(p.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
      await expect(p.getByText('再选“添加到主屏幕”')).toHaveCount(expected);
      await ctx.close();
    }
  } finally {
    await server2.dispose();
  }
});
