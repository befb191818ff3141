// The main screens of 掌上人大, each in the default setting and in 长辈模式 with 超大字号, as a
// phone shows them (390 × 844 CSS px), written to docs/screenshots/<name>-<mode>.png for the
// README. Run by `make screenshots` (screenshots.config.ts), never by `make test`: the pictures
// are documentation; what they show is asserted by the e2e tests (scaling.spec.ts walks the same
// screens in every setting).
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import path from 'node:path';
import { ACCOUNTS, apiSession, type ApiSession } from '../e2e/support/auth';

type Role = 'anon' | 'citizen' | 'deputy';

interface Shot {
  file: string;
  role: Role;
  /** The path, from the demo data's ids. */
  path: (ids: Record<string, string>) => string;
  /** Text that is on the screen once it has loaded. */
  ready: string | RegExp;
}

const SHOTS: Shot[] = [
  { file: 'home', role: 'anon', path: () => '/', ready: '给代表留言' },
  { file: 'deputy', role: 'anon', path: (i) => `/deputies/${i.deputy}`, ready: ACCOUNTS.deputy.name },
  { file: 'choose-recipient', role: 'citizen', path: () => '/messages/new?choose=1', ready: '不确定找谁？交给联络站' },
  { file: 'sent', role: 'citizen', path: (i) => `/messages/${i.mine}/sent`, ready: '留言已发出' },
  { file: 'message', role: 'citizen', path: (i) => `/messages/${i.replied}`, ready: '最新答复' },
  { file: 'workspace', role: 'deputy', path: () => '/work', ready: '需要您处理' },
  { file: 'handling', role: 'deputy', path: (i) => `/messages/${i.inbox}`, ready: '答复群众' },
];

const MODES = [
  { name: 'default', prefs: { font: 'standard', elderly: false, lang: 'zh-CN', offered: false } },
  { name: 'elderly', prefs: { font: 'largest', elderly: true, lang: 'zh-CN', offered: true } },
];

const OUT = path.resolve(__dirname, '../../docs/screenshots');

async function items(request: APIRequestContext, baseURL: string, url: string, session?: ApiSession) {
  const res = await request.get(new URL(`/api/v1${url}`, baseURL).toString(), {
    headers: session ? { Authorization: `Bearer ${session.token}` } : {},
  });
  expect(res.ok(), `GET ${url}: ${res.status()}`).toBe(true);
  return (await res.json()).items as { id: string; status: string; reply_count?: number }[];
}

async function open(page: Page, url: string, ready: string | RegExp) {
  await page.goto(url);
  await expect(page.getByText(ready).first()).toBeVisible();
  // Pictures and web fonts settle; no animation is caught half-way.
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
}

for (const role of ['anon', 'citizen', 'deputy'] as const) {
  test(`screens of ${role}`, async ({ browser, request, baseURL }) => {
    const session = role === 'anon' ? undefined : await apiSession(request, baseURL!, ACCOUNTS[role].phone);
    const deputy = await (await request.get(new URL(`/api/v1/deputies/by-code/${ACCOUNTS.deputy.code}`, baseURL).toString())).json();
    const ids: Record<string, string> = { deputy: deputy.id };
    if (role === 'citizen') {
      const mine = await items(request, baseURL!, '/messages/mine', session);
      ids.mine = mine[0].id;
      ids.replied = mine.find((m) => (m.reply_count ?? 0) > 0)!.id;
    }
    if (role === 'deputy') {
      const inbox = await items(request, baseURL!, '/inbox?status=todo', session);
      ids.inbox = inbox[0].id;
    }
    for (const mode of MODES) {
      const use = test.info().project.use;
      const context = await browser.newContext({
        baseURL,
        viewport: use.viewport,
        screen: use.screen,
        isMobile: use.isMobile,
        hasTouch: use.hasTouch,
        deviceScaleFactor: use.deviceScaleFactor,
        userAgent: use.userAgent,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        reducedMotion: 'reduce',
      });
      await context.addInitScript(
        ([prefs, stored]) => {
          localStorage.setItem('zsrd.prefs.v1', prefs);
          if (stored) localStorage.setItem('zsrd.session.v1', stored);
        },
        [JSON.stringify(mode.prefs), session ? JSON.stringify(session) : ''] as const,
      );
      const page = await context.newPage();
      for (const shot of SHOTS.filter((s) => s.role === role)) {
        await open(page, shot.path(ids), shot.ready);
        await page.screenshot({ path: path.join(OUT, `${shot.file}-${mode.name}.png`), animations: 'disabled', caret: 'hide' });
      }
      await context.close();
    }
  });
}
