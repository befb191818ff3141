// Comments, likes, reports and moderation (issue 12, sections 1, 2 and 6): a citizen comments on a
// policy explainer (征求意见) and likes it; another citizen answers and the first is alerted live;
// three citizens report a comment and it leaves the public thread until staff restore it on the
// moderation screen; the comment box keeps its draft over a reload. Every user is a new citizen
// (a fresh phone) and each project comments on its own article, so that runs in parallel (phone,
// WeChat) never count each other's likes.
import type { APIRequestContext, Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { test, expect, type ConsoleGuard } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, type ApiSession } from './support/auth';

function api(base: string, p: string): string {
  return new URL(`/api/v1${p}`, base).toString();
}

async function post(request: APIRequestContext, base: string, p: string, s: ApiSession, data: unknown, status: number, key?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${s.token}` };
  if (key) headers['Idempotency-Key'] = key;
  const r = await request.post(api(base, p), { headers, data });
  expect(r.status(), `${p}: ${await r.text()}`).toBe(status);
  return r.json();
}

/** A policy explainer of the demo data, one per project (index 0 for the phone, 1 for WeChat). */
async function policyArticle(request: APIRequestContext, base: string, info: TestInfo, offset = 0): Promise<{ id: string; title: string }> {
  const r = await request.get(api(base, '/articles?kind=policy&limit=10'));
  expect(r.status()).toBe(200);
  const items = (await r.json()).items as { id: string; title: string }[];
  const i = (info.project.name === 'wechat' ? 1 : 0) + offset;
  expect(items.length).toBeGreaterThan(i);
  return items[i];
}

/** A browser context of its own (watched by the console guard) in which every page is signed in as `s`. */
async function contextAs(browser: Browser, info: TestInfo, base: string, guard: ConsoleGuard, s?: ApiSession): Promise<BrowserContext> {
  const context = await browser.newContext({ ...info.project.use, baseURL: base });
  guard.watch(context);
  if (s) {
    await context.addInitScript((stored: string) => {
      try {
        localStorage.setItem('zsrd.session.v1', stored);
      } catch {
        /* about:blank */
      }
    }, JSON.stringify(s));
  }
  return context;
}

const thread = (page: Page) => page.locator('#comments');
const commentOf = (page: Page, text: string) => thread(page).locator('article').filter({ hasText: text });
/** The article's own like button (the first of the thread, beside its heading). */
const articleLike = (page: Page) => thread(page).getByRole('button', { name: /^赞 \d+$/ }).first();
const bell = (page: Page) => page.getByRole('link', { name: /^消息提醒/ }).first();

async function likeCount(button: ReturnType<typeof articleLike>): Promise<number> {
  const name = (await button.textContent()) ?? '';
  return Number(name.match(/赞 (\d+)/)?.[1] ?? NaN);
}

test.describe('comments and likes', () => {
  test('a citizen comments on a policy explainer and likes it; another replies and the first is alerted live', async ({ page, context, browser, request, baseURL, axe, consoleGuard }, info) => {
    const base = baseURL!;
    const article = await policyArticle(request, base, info);
    const first = await signInWithApi(context, request, base, freshPhone());
    await page.goto(`/articles/${article.id}`);
    await expect(page.getByRole('heading', { level: 1, name: article.title })).toBeVisible();
    await expect(thread(page).getByRole('heading', { level: 2, name: /^征求意见/ })).toBeVisible();

    // ── like the article: the count changes at once and survives a reload
    const like = articleLike(page);
    await expect(like).toHaveAttribute('aria-pressed', 'false');
    const before = await likeCount(like);
    const liked = page.waitForResponse((r) => r.url().includes(`/likes/article/${article.id}`) && r.request().method() === 'PUT');
    await like.click();
    await expect(like).toHaveAttribute('aria-pressed', 'true');
    await expect(like).toHaveAccessibleName(`赞 ${before + 1}`);
    expect((await liked).status()).toBe(200);

    // ── comment
    const text = `建议把实施细则的办理时限写清楚（${info.project.name}${Date.now() % 100000}）`;
    await thread(page).getByLabel('写评论').fill(text);
    await thread(page).getByRole('button', { name: '发表' }).click();
    await expect(commentOf(page, text)).toBeVisible();
    await expect(thread(page).getByLabel('写评论')).toHaveValue('');

    await page.reload();
    await expect(commentOf(page, text)).toBeVisible();
    await expect(articleLike(page)).toHaveAttribute('aria-pressed', 'true');
    await expect(articleLike(page)).toHaveAccessibleName(`赞 ${before + 1}`);
    await expect(commentOf(page, text).getByRole('button', { name: '修改' })).toBeVisible();
    await axe({ label: 'article with comments' });

    // ── another citizen answers (in another context, through the app) → the first is alerted live
    const second = await apiSession(request, base, freshPhone());
    const other = await contextAs(browser, info, base, consoleGuard, second);
    const otherPage = await other.newPage();
    await otherPage.goto(`/articles/${article.id}`);
    await commentOf(otherPage, text).getByRole('button', { name: '回复' }).click();
    const answer = `同意，最好写明几个工作日（${info.project.name}）`;
    await otherPage.getByLabel('写回复').fill(answer);
    await otherPage.getByRole('button', { name: '发表' }).last().click();
    await expect(commentOf(otherPage, answer)).toBeVisible();
    await other.close();

    await expect(bell(page)).toHaveAccessibleName('消息提醒，1 条未读', { timeout: 5_000 });
    await page.goto('/notifications');
    const alert = page.getByRole('link', { name: new RegExp(answer.slice(0, 6)) });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('评论回复');
    await alert.click();
    await expect(page).toHaveURL(new RegExp(`/articles/${article.id}`));
    await expect(commentOf(page, answer)).toBeVisible();
    expect(first.user.id).toBeTruthy();
  });

  test('three reports take a comment out of the public thread until staff restore it', async ({ page, browser, request, baseURL, axe, consoleGuard }, info) => {
    const base = baseURL!;
    const article = await policyArticle(request, base, info, 2);
    const author = await apiSession(request, base, freshPhone());
    const text = `这条评论会被举报（${info.project.name}${Date.now() % 100000}）`;
    const c = await post(request, base, '/comments', author, { target_kind: 'article', target_id: article.id, body: text }, 201, crypto.randomUUID());
    expect(c.state).toBe('published');

    // two reports through the API, the third through the app
    for (const reason of ['spam', 'abuse']) {
      const reporter = await apiSession(request, base, freshPhone());
      await post(request, base, '/reports', reporter, { target_kind: 'comment', target_id: c.id, reason }, 201);
    }
    const third = await apiSession(request, base, freshPhone());
    const reporting = await contextAs(browser, info, base, consoleGuard, third);
    const rp = await reporting.newPage();
    await rp.goto(`/articles/${article.id}`);
    const item = commentOf(rp, text);
    await item.getByRole('button', { name: '举报' }).click();
    await rp.getByRole('radio', { name: '其他' }).check();
    await rp.getByRole('button', { name: '提交举报' }).click();
    await expect(rp.getByText('请说明举报原因')).toBeVisible();
    await rp.getByLabel(/补充说明/).fill('冒充工作人员');
    await rp.getByRole('button', { name: '提交举报' }).click();
    await expect(rp.getByText('已收到举报，谢谢')).toBeVisible();
    await reporting.close();

    // gone from the public thread (no replies: no placeholder either)
    await page.goto(`/articles/${article.id}`);
    await expect(thread(page).getByRole('heading', { level: 2 })).toBeVisible();
    await expect(thread(page).getByText(text)).toHaveCount(0);

    // ── staff restore it
    const staff = await apiSession(request, base, ACCOUNTS.staff.phone);
    const staffContext = await contextAs(browser, info, base, consoleGuard, staff);
    const sp = await staffContext.newPage();
    await sp.goto('/work');
    await sp.getByRole('link', { name: '内容审核' }).click();
    await expect(sp.getByRole('heading', { level: 1, name: '内容审核' })).toBeVisible();
    await sp.getByRole('link', { name: '已隐藏' }).click();
    await expect(sp).toHaveURL(/state=hidden/);
    const held = sp.locator('article').filter({ hasText: text });
    await expect(held).toBeVisible();
    await expect(held).toContainText('多人举报');
    await expect(held).toContainText('冒充工作人员');
    await axe({ page: sp, label: 'moderation queue' });
    await held.getByRole('button', { name: '恢复' }).click();
    await expect(held.getByRole('status')).toHaveText('已公开');
    await sp.getByRole('link', { name: '审核记录' }).click();
    await expect(sp.getByText('恢复').first()).toBeVisible();
    await axe({ page: sp, label: 'moderation log' });
    await staffContext.close();

    await page.reload();
    await expect(commentOf(page, text)).toBeVisible();
  });

  test('the comment box keeps its draft over a reload', async ({ page, context, request, baseURL }, info) => {
    const base = baseURL!;
    const article = await policyArticle(request, base, info);
    await signInWithApi(context, request, base, freshPhone());
    await page.goto(`/articles/${article.id}`);
    const box = thread(page).getByLabel('写评论');
    await box.fill('先写一半，等会儿再接着写');
    await expect(thread(page).getByText('12/500 字')).toBeVisible();
    await page.reload();
    await expect(thread(page).getByLabel('写评论')).toHaveValue('先写一半，等会儿再接着写');
  });

  test('signed out: read the thread, and a sign-in that comes back to it', async ({ page, request, baseURL }, info) => {
    const base = baseURL!;
    const article = await policyArticle(request, base, info);
    await page.goto(`/articles/${article.id}`);
    await expect(thread(page).getByText('登录后可以评论、点赞')).toBeVisible();
    await expect(thread(page).getByLabel('写评论')).toHaveCount(0);
    const signIn = thread(page).getByRole('link', { name: '登录', exact: true });
    await expect(signIn).toHaveAttribute('href', `/sign-in?next=${encodeURIComponent(`/articles/${article.id}`)}`);
  });
});
