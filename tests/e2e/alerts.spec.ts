// Reply alerts (issues 4 and 10): with a citizen's app open, a deputy answers in another context → the
// bell's badge, the 留言 tab's badge and the notification centre update within 2 seconds, with
// no reload; opening the alert reads it and every open tab's badge follows. A server restart
// ends the live stream: the app reconnects with a new ticket and the last id it saw, and
// nothing is missed or shown twice. Where the stream is broken (a proxy, a webview) the app
// falls back to polling. Each role has its own browser context.
import type { APIRequestContext, Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { test, expect, NETWORK_ERRORS, partsLoaded, type ConsoleGuard } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle, type ApiSession } from './support/auth';

const BODY = '村口到小学的路段没有路灯，晚上孩子放学很不安全，希望尽快安装。';

function api(base: string, p: string): string {
  return new URL(`/api/v1${p}`, base).toString();
}

async function post(request: APIRequestContext, base: string, p: string, token: string, data: unknown, status: number, key?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (key) headers['Idempotency-Key'] = key;
  const r = await request.post(api(base, p), { headers, data });
  expect(r.status(), `${p}: ${await r.text()}`).toBe(status);
  return r.json();
}

/** A new citizen's message to deputy 陈志强, triaged by staff (→ one alert to the citizen). As a
 *  major issue (30 days), so that it does not push the journey's fresh message (5 days) down
 *  陈志强's to-do list, which journey.spec checks while these tests run. */
async function triagedMessage(request: APIRequestContext, base: string, citizen: ApiSession, title: string) {
  const staff = await apiSession(request, base, ACCOUNTS.staff.phone);
  const m = await post(request, base, '/messages', citizen.token, {
    recipient: { kind: 'deputy', id: 'dp_lw01' }, category_id: 'mc_traffic', title, body: BODY, public: false,
  }, 201, crypto.randomUUID());
  const triaged = await post(request, base, `/messages/${m.id}/triage`, staff.token, {
    version: m.version, track: 'major', category_id: 'mc_traffic', handler: { kind: 'deputy', id: 'dp_lw01' },
  }, 200);
  return triaged as { id: string; version: number };
}

async function reply(request: APIRequestContext, base: string, deputy: ApiSession, id: string, body: string) {
  await post(request, base, `/messages/${id}/replies`, deputy.token, { body }, 201, crypto.randomUUID());
}

async function unreadOf(request: APIRequestContext, base: string, s: ApiSession): Promise<number> {
  const r = await request.get(api(base, '/notifications/unread-count'), { headers: { Authorization: `Bearer ${s.token}` } });
  expect(r.status()).toBe(200);
  return (await r.json()).unread;
}

/** A browser context of its own, watched by the console guard, in which every page starts
 *  signed in as `s` (documents without storage are skipped). */
async function contextAs(browser: Browser, info: TestInfo, base: string, guard: ConsoleGuard, s: ApiSession): Promise<BrowserContext> {
  const context = await browser.newContext({ ...info.project.use, baseURL: base });
  guard.watch(context);
  await context.addInitScript((stored: string) => {
    try {
      localStorage.setItem('zsrd.session.v1', stored);
    } catch {
      /* about:blank */
    }
  }, JSON.stringify(s));
  return context;
}

/** `path` in a new page of `context`, once the lazily loaded parts are in. */
async function openIn(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(path);
  await partsLoaded(page);
  return page;
}

const bell = (page: Page) => page.getByRole('link', { name: /^消息提醒/ }).first();
const tab = (page: Page, name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: new RegExp(`^${name}`) });

test.describe('reply alerts', () => {
  test('a reply shows on the badge, the tab and in the centre within 2 s; opening it reads it everywhere', async ({ browser, baseURL, request, axe, consoleGuard }, info) => {
    const base = baseURL!;
    const title = uniqueTitle('提醒测试路灯', info.project.name);
    const citizen = await apiSession(request, base, freshPhone());
    const deputy = await apiSession(request, base, ACCOUNTS.deputy.phone);
    const m = await triagedMessage(request, base, citizen, title);

    const context = await contextAs(browser, info, base, consoleGuard, citizen);
    // Two tabs of the citizen's app: the centre, and the 留言 tab.
    const centre = await openIn(context, '/notifications');
    await expect(centre.getByRole('heading', { level: 1, name: '消息提醒' })).toBeVisible();
    await expect(centre.getByText('新提醒会实时送达')).toBeVisible();
    await expect(centre.getByRole('link', { name: new RegExp(title) })).toBeVisible();
    await expect(bell(centre)).toHaveAccessibleName('消息提醒，1 条未读');
    await axe({ page: centre, label: 'notification centre' });

    const list = await openIn(context, '/messages');
    await expect(bell(list)).toHaveAccessibleName('消息提醒，1 条未读');
    await expect(tab(list, '留言')).toHaveAccessibleName(/^留言\s*，\s*1 条未读$/);

    // ── the deputy answers, in another context (through the API: the clock starts now)
    const answer = `已联系供电所，本周内修复（${info.project.name}）。`;
    await reply(request, base, deputy, m.id, answer);
    const item = centre.getByRole('link', { name: new RegExp(answer.slice(0, 10)) });
    await expect(item).toBeVisible({ timeout: 2_000 });
    await expect(bell(centre)).toHaveAccessibleName('消息提醒，2 条未读', { timeout: 2_000 });
    await expect(item).toContainText('新回复');
    await expect(item).toContainText('未读');
    // The alert says what happened: who answered and the answer's first words, about which
    // message; and it is one entry with the message's earlier alert (已交由…办理).
    await expect(item).toContainText(`陈志强代表答复：${answer.slice(0, 10)}`);
    await expect(item).toContainText(`《${title}》`);
    await expect(item).toContainText('共 2 条提醒');
    const earlier = centre.getByRole('button', { name: '查看之前的 1 条' });
    await expect(earlier).toHaveAttribute('aria-expanded', 'false');
    await earlier.click();
    await expect(centre.getByText('您的留言已交由陈志强代表办理')).toBeVisible();
    await axe({ page: centre, label: 'notification centre, one entry per message' });
    await expect(bell(list)).toHaveAccessibleName('消息提醒，2 条未读', { timeout: 2_000 });
    await expect(tab(list, '留言')).toHaveAccessibleName(/^留言\s*，\s*2 条未读$/, { timeout: 2_000 });
    await expect(centre.getByRole('status').filter({ hasText: '新提醒：' })).toHaveCount(1);

    // ── opening the alert goes to the message and reads its alerts; every tab follows
    await item.click();
    await expect(centre).toHaveURL(new RegExp(`/messages/${m.id}$`));
    await expect(centre.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(bell(centre)).toHaveAccessibleName('消息提醒');
    await expect(bell(list)).toHaveAccessibleName('消息提醒');
    await expect(tab(list, '留言')).toHaveAccessibleName('留言');
    expect(await unreadOf(request, base, citizen)).toBe(0);

    // ── back in the centre: both read, nothing twice
    await centre.goBack();
    await expect(centre.getByRole('link', { name: new RegExp(answer.slice(0, 10)) })).toHaveCount(1);
    await expect(centre.getByText('未读', { exact: true })).toHaveCount(0);
    await context.close();
  });

  test('a deputy learns at once of a new assignment and of the citizen\'s follow-up question', async ({ browser, baseURL, request, consoleGuard }, info) => {
    const base = baseURL!;
    const title = uniqueTitle('代表提醒路灯', info.project.name);
    const citizen = await apiSession(request, base, freshPhone());
    const deputy = await apiSession(request, base, ACCOUNTS.deputy.phone);
    const context = await contextAs(browser, info, base, consoleGuard, deputy);
    const page = await openIn(context, '/notifications');
    await expect(page.getByText('新提醒会实时送达')).toBeVisible();

    const m = await triagedMessage(request, base, citizen, title);
    const assigned = page.getByRole('link', { name: new RegExp(`新的待办留言.*${title}`) });
    await expect(assigned).toBeVisible({ timeout: 2_000 });
    await post(request, base, `/messages/${m.id}/follow-ups`, citizen.token, { body: '请问什么时候能修好？' }, 201, crypto.randomUUID());
    const question = page.getByRole('link', { name: /群众追问.*请问什么时候能修好/ }).filter({ hasText: title });
    await expect(question).toBeVisible({ timeout: 2_000 });
    await question.click();
    await expect(page).toHaveURL(new RegExp(`/messages/${m.id}$`));
    await expect(page.getByText('请问什么时候能修好？')).toBeVisible();
    await context.close();
  });

  test('preferences per kind and channel are stored through the API', async ({ page, context, request, baseURL, axe }, info) => {
    const base = baseURL!;
    const s = await signInWithApi(context, request, base, freshPhone());
    await page.goto('/me');
    await page.getByRole('link', { name: '提醒设置' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '提醒设置' })).toBeVisible();
    const reply = page.getByRole('group', { name: '新回复' });
    await expect(reply.getByRole('checkbox', { name: '应用内' })).toBeChecked();
    await expect(reply.getByRole('checkbox', { name: '短信' })).not.toBeChecked();
    await reply.getByRole('checkbox', { name: '短信' }).check();
    await expect(page.getByText('已保存')).toBeVisible();
    // A citizen chooses among the alerts about their own messages and their taking part (not a
    // handler's).
    await expect(page.getByRole('group', { name: '即将到期' })).toHaveCount(0);
    await expect(page.getByRole('group', { name: '评论被采纳' })).toBeVisible();
    await expect(page.getByRole('group', { name: '获得表彰' })).toBeVisible();
    await page.getByRole('group', { name: '办理进展' }).getByRole('checkbox', { name: '应用内' }).uncheck();
    type Pref = { kind: string; in_app: boolean; sms: boolean; wechat: boolean; web_push: boolean };
    const stored = async (kind: string): Promise<Pref | undefined> => {
      const r = await request.get(api(base, '/notification-preferences'), { headers: { Authorization: `Bearer ${s.token}` } });
      return ((await r.json()).items as Pref[]).find((i) => i.kind === kind);
    };
    await expect.poll(() => stored('status_changed')).toEqual({ kind: 'status_changed', in_app: false, sms: false, wechat: false, web_push: true });
    // (Web Push stays on as it was: the app does not offer it yet)
    expect(await stored('reply')).toEqual({ kind: 'reply', in_app: true, sms: true, wechat: false, web_push: true });
    await expect(page.getByText('已保存')).toBeVisible();
    // The phone's own notifications: a switch where the browser has them (Chromium); inside
    // WeChat, where they never appear, no permission to ask for — WeChat's own messages instead.
    if (info.project.name === 'wechat') {
      await expect(page.getByRole('switch', { name: /应用在后台时弹出通知/ })).toHaveCount(0);
      await expect(page.getByText('需要浏览器允许')).toHaveCount(0);
      await expect(page.getByText(/在微信中打开时无法弹出手机通知.*勾选“微信”/)).toBeVisible();
    } else {
      await expect(page.getByRole('switch', { name: /应用在后台时弹出通知/ })).toBeVisible();
      await expect(page.getByText('需要浏览器允许本网站发送通知')).toBeVisible();
    }
    await axe({ label: 'alert settings' });
    // After a reload the stored choice is shown.
    await page.reload();
    await expect(page.getByRole('group', { name: '新回复' }).getByRole('checkbox', { name: '短信' })).toBeChecked();
  });

  test('with the page hidden, a system notification pops up (if turned on) and opens the message', async ({ page, context, request, baseURL }, info) => {
    // (Inside WeChat none is offered: the test above checks it.)
    test.skip(info.project.name === 'wechat', 'no system notifications inside WeChat');
    const base = baseURL!;
    // A stand-in for the browser's Notification API (headless Chromium shows nothing) and a
    // page that can be put in the background.
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      const shown: { title: string; body?: string; tag?: string; onclick: null | (() => void); closed?: boolean }[] = [];
      w.__shown = shown;
      class FakeNotification {
        static permission = 'default';
        static requestPermission() {
          FakeNotification.permission = 'granted';
          return Promise.resolve('granted');
        }
        title: string; body?: string; tag?: string; onclick: null | (() => void) = null; closed = false;
        constructor(title: string, options?: { body?: string; tag?: string }) {
          this.title = title; this.body = options?.body; this.tag = options?.tag;
          shown.push(this);
        }
        close() { this.closed = true; }
      }
      w.Notification = FakeNotification;
      let hidden = false;
      w.__setHidden = (h: boolean) => { hidden = h; document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); };
      Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true });
      Object.defineProperty(Document.prototype, 'hidden', { get: () => hidden, configurable: true });
    });
    const title = uniqueTitle('弹窗测试路灯', info.project.name);
    const citizen = await signInWithApi(context, request, base, freshPhone());
    const deputy = await apiSession(request, base, ACCOUNTS.deputy.phone);
    const m = await triagedMessage(request, base, citizen, title);

    await page.goto('/notifications/settings');
    const allow = page.getByRole('switch', { name: /应用在后台时弹出通知/ });
    await expect(allow).toHaveAttribute('aria-checked', 'false');
    await allow.click();
    await expect(allow).toHaveAttribute('aria-checked', 'true');
    await page.getByRole('button', { name: '返回' }).click();
    await expect(page.getByText('新提醒会实时送达')).toBeVisible();

    const shown = () => page.evaluate(() => ((window as unknown as { __shown: { title: string; body?: string }[] }).__shown).map((n) => `${n.title}|${n.body}`));
    expect(await shown(), 'nothing pops up while the app is in front').toEqual([]);
    await page.evaluate(() => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(true));
    await reply(request, base, deputy, m.id, `后台答复：已派人查看（${info.project.name}）。`);
    // What happened, in the title: who answered and the answer's first words; the message below.
    await expect.poll(shown).toEqual([expect.stringMatching(new RegExp(`^陈志强代表答复：后台答复：已派人查看.*\\|《${title}》$`))]);
    const tags = () => page.evaluate(() => ((window as unknown as { __shown: { tag?: string }[] }).__shown).map((n) => n.tag));
    expect(await tags(), 'one system notification per message').toEqual([`message:${m.id}`]);
    // Tapping it brings the app forward on the message.
    await page.evaluate(() => {
      const w = window as unknown as { __setHidden: (h: boolean) => void; __shown: { onclick: null | (() => void) }[] };
      w.__setHidden(false);
      w.__shown[0].onclick?.();
    });
    await expect(page).toHaveURL(new RegExp(`/messages/${m.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  });

  test.describe('when the stream fails', () => {
    test.use({ allowConsoleErrors: [...NETWORK_ERRORS, /EventSource/i] });

    test('a server restart: the app reconnects and misses nothing', async ({ browser, request, extraServer, consoleGuard }, info) => {
      const base = extraServer.baseURL;
      const title = uniqueTitle('重启测试路灯', info.project.name);
      const citizen = await apiSession(request, base, freshPhone());
      const deputy = await apiSession(request, base, ACCOUNTS.deputy.phone);
      const m = await triagedMessage(request, base, citizen, title);
      const context = await contextAs(browser, info, base, consoleGuard, citizen);
      const page = await openIn(context, '/notifications');
      await expect(page.getByText('新提醒会实时送达')).toBeVisible();
      await expect(bell(page)).toHaveAccessibleName('消息提醒，1 条未读');

      // The id of the newest alert the app has: the reconnection must start after it.
      const list = await request.get(api(base, '/notifications?limit=1'), { headers: { Authorization: `Bearer ${citizen.token}` } });
      const lastSeen = (await list.json()).items[0].id as string;

      // The stream ends with the server; the app cannot get back on until a reply is in, so the
      // reply can only come by the replay.
      let blocked = true;
      await context.route(
        (url) => url.pathname.endsWith('/api/v1/notifications/stream'),
        (route) => (blocked ? route.abort() : route.continue()),
      );
      await extraServer.restart();
      const answer = `重启后答复：已安排维修（${info.project.name}）。`;
      await reply(request, base, deputy, m.id, answer);
      const reconnected = page.waitForRequest((r) => r.url().includes('/api/v1/notifications/stream?'), { timeout: 30_000 });
      blocked = false;
      const resumedFrom = new URL((await reconnected).url()).searchParams.get('last_event_id');
      expect(resumedFrom, 'the app resumes from the last alert it saw').toBe(lastSeen);
      const item = page.getByRole('link', { name: new RegExp(answer.slice(0, 8)) });
      await expect(item).toBeVisible({ timeout: 30_000 });
      await expect(bell(page)).toHaveAccessibleName('消息提醒，2 条未读');
      await expect(page.getByText('新提醒会实时送达')).toBeVisible();
      // Live again: the next one comes over the new stream.
      const second = `第二次答复：材料已到（${info.project.name}）。`;
      await reply(request, base, deputy, m.id, second);
      // One entry per message: the newest on top, the earlier ones folded under it, each once.
      const entry = page.getByRole('link', { name: new RegExp(second.slice(0, 8)) });
      await expect(entry).toBeVisible({ timeout: 2_000 });
      await expect(entry).toContainText('共 3 条提醒');
      await expect(bell(page)).toHaveAccessibleName('消息提醒，3 条未读');
      await page.getByRole('button', { name: '查看之前的 2 条' }).click();
      await expect(page.getByText(answer.slice(0, 8))).toHaveCount(1);
      await expect(page.getByText('您的留言已交由陈志强代表办理')).toHaveCount(1);

      // 全部标为已读: the badge clears here and on the server.
      await page.getByRole('button', { name: '全部标为已读' }).click();
      await expect(bell(page)).toHaveAccessibleName('消息提醒');
      await expect(page.getByText('未读', { exact: true })).toHaveCount(0);
      expect(await unreadOf(request, base, citizen)).toBe(0);
      await context.close();
    });

    test('a broken stream (malformed events, then nothing): polling takes over', async ({ page, context, request, baseURL }, info) => {
      const base = baseURL!;
      const title = uniqueTitle('轮询测试路灯', info.project.name);
      const citizen = await signInWithApi(context, request, base, freshPhone());
      const deputy = await apiSession(request, base, ACCOUNTS.deputy.phone);
      const m = await triagedMessage(request, base, citizen, title);
      // A proxy that mangles the stream: malformed events, then it closes.
      await context.route((url) => url.pathname.endsWith('/api/v1/notifications/stream'), (route) =>
        route.fulfill({
          status: 200,
          headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
          body: 'retry: 3000\n\nevent: notification\nid: 99\ndata: {"id":\n\nevent: unread\ndata: {"unread":"many"}\n\nevent: mystery\ndata: 1\n\n',
        }),
      );
      await page.goto('/notifications');
      await expect(page.getByRole('link', { name: new RegExp(title) })).toBeVisible();
      await expect(page.getByText('实时连接不稳定，每 30 秒检查一次新提醒')).toBeVisible({ timeout: 40_000 });
      const answer = `轮询答复：明天上门查看（${info.project.name}）。`;
      await reply(request, base, deputy, m.id, answer);
      // Back in the foreground, the app checks at once (else within 30 s).
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
      await expect(page.getByRole('link', { name: new RegExp(answer.slice(0, 8)) })).toBeVisible({ timeout: 5_000 });
      await expect(bell(page)).toHaveAccessibleName('消息提醒，2 条未读');
    });
  });

  test('signed out: no bell, and the centre asks to sign in', async ({ page }) => {
    await page.goto('/notifications');
    await expect(page.getByText('登录后查看消息提醒')).toBeVisible();
    await expect(page.getByRole('link', { name: /^消息提醒/ })).toHaveCount(0);
  });
});
