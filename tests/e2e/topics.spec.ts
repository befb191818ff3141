// 议事 topics (issue 12, sections 3 and 6) against the demo server, as Android Chrome and as
// WeChat: a citizen opens 议事 from 首页, filters the closed topics, opens one and reads its
// conclusion with the adopted comments marked; a citizen proposes a topic and is told it is
// 审核中 (and finds it under 我的议题); a citizen comments on a deputy's topic and likes it,
// the deputy closes it adopting that comment, and the citizen is alerted and sees it adopted;
// a poll has its comment thread. axe on every screen; no horizontal scrolling at 320 px.
// Every project makes its own topics (both run at once against one server).
import type { APIRequestContext, Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { test, expect, type ConsoleGuard } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle, type ApiSession } from './support/auth';

function api(base: string, p: string): string {
  return new URL(`/api/v1${p}`, base).toString();
}

/** A topic opened through the API by `s` (a deputy or staff: public at once). */
async function openTopic(request: APIRequestContext, base: string, s: ApiSession, title: string): Promise<string> {
  const r = await request.post(api(base, '/topics'), {
    headers: { Authorization: `Bearer ${s.token}`, 'Idempotency-Key': `e2e-topic-${Date.now()}-${Math.random().toString(16).slice(2)}` },
    data: { title, body: '镇里准备在文化广场增设健身器材。\n\n请大家说说放哪些器材、放在哪里合适。' },
  });
  expect(r.status(), await r.text()).toBe(201);
  const topic = await r.json();
  expect(topic.status).toBe('open');
  return topic.id as string;
}

/** A browser context of its own (watched by the console guard), signed in as `s`. */
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

const thread = (page: Page) => page.locator('#comments');
const commentOf = (page: Page, text: string) => thread(page).locator('article').filter({ hasText: text });

async function noSideways(page: Page, what: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > 320.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
  );
  expect(width, `page width of ${what}; too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(320);
}

test.describe('议事 topics', () => {
  test('from 首页 to a closed topic: its conclusion first, the adopted comments marked', async ({ page, axe }) => {
    await page.goto('/');
    await page.getByRole('link', { name: /^议事/ }).click();
    await expect(page).toHaveURL(/\/topics$/);
    await expect(page.getByRole('heading', { level: 1, name: '议事' })).toBeVisible();
    const open = page.locator('article').filter({ hasText: '村道硬化：明年先修哪几段？' });
    await expect(open).toContainText('进行中');
    await expect(open).toContainText('范围：全镇');
    await expect(open).toContainText('条评论');
    await axe({ label: 'topics list' });

    await page.getByRole('link', { name: '已结束' }).click();
    await expect(page).toHaveURL(/status=closed/);
    const closedTitle = '龙湾村垃圾分类收集点怎么设更方便？';
    const card = page.locator('article').filter({ hasText: closedTitle });
    await expect(card).toContainText('已结束');
    await expect(card).toContainText('范围：龙湾镇人大代表中心联络站');
    await expect(page.locator('article').filter({ hasText: '村道硬化' })).toHaveCount(0);
    await card.getByRole('link', { name: closedTitle }).click();

    await expect(page).toHaveURL(/\/topics\/t_000002$/);
    await expect(page.getByRole('heading', { level: 1, name: closedTitle })).toBeVisible();
    const conclusion = page.getByRole('region', { name: '结论和采纳情况' });
    await expect(conclusion).toContainText('采纳了“设在村委会旁和晒谷场东侧”的建议');
    await expect(conclusion).toContainText('采纳了 2 条意见');
    await expect(conclusion).toContainText('陈志强');
    // the conclusion comes before the topic's own heading
    const order = await page.evaluate(() => {
      const c = document.getElementById('topic-conclusion');
      const h = document.querySelector('main h1');
      return !!c && !!h && !!(c.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(order).toBe(true);
    await expect(commentOf(page, '建议设在村委会旁边')).toContainText('已采纳');
    await expect(commentOf(page, '希望每天清运')).not.toContainText('已采纳');
    // closed: no composer, said so
    await expect(thread(page).getByText('讨论已结束，不再接受新评论。')).toBeVisible();
    await expect(thread(page).getByLabel('写评论')).toHaveCount(0);
    await axe({ label: 'closed topic' });

    // a search finds it among all topics
    await page.goto('/topics');
    await page.getByRole('searchbox', { name: '搜索议题' }).fill('垃圾分类');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await expect(page).toHaveURL(/q=/);
    await expect(page.getByRole('link', { name: closedTitle })).toBeVisible();
    await expect(page.getByRole('link', { name: /村道硬化/ })).toHaveCount(0);
  });

  test('a citizen proposes a topic: 审核中, and it waits under 我的议题', async ({ page, context, request, baseURL, axe }, info) => {
    await signInWithApi(context, request, baseURL!, freshPhone());
    const title = uniqueTitle('建议在圩日设代表接待点', info.project.name);
    await page.goto('/topics');
    await page.getByRole('link', { name: '提出议题' }).click();
    await expect(page).toHaveURL(/\/topics\/new$/);
    await expect(page.getByText('您提出的议题由联络站工作人员审核后公开')).toBeVisible();
    // the contract's rules, in the user's words, before anything is sent
    await page.getByRole('button', { name: '提交议题' }).click();
    await expect(page.getByText('请填写标题')).toBeVisible();
    await expect(page.getByLabel('标题')).toBeFocused();
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill('圩日来镇上的人最多，建议每逢圩日在圩场设一个代表接待点。\n\n现场听意见，老人也方便。');
    await page.getByLabel('范围').selectOption({ label: '龙湾镇人大代表中心联络站' });
    await page.getByLabel('讨论截止').selectOption({ label: '14 天后' });
    await axe({ label: 'new topic' });
    // the draft survives a reload
    await page.reload();
    await expect(page.getByLabel('标题')).toHaveValue(title);
    await page.getByRole('button', { name: '提交议题' }).click();

    const sent = page.getByRole('region', { name: '议题已提交' });
    await expect(sent).toBeVisible();
    await expect(sent).toContainText('审核中，工作人员审核后公开');
    await axe({ label: 'topic sent' });
    await sent.getByRole('link', { name: '查看我的议题' }).click();
    await expect(page).toHaveURL(/status=mine/);
    const card = page.locator('article').filter({ hasText: title });
    await expect(card).toContainText('审核中');
    await card.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('审核中，工作人员审核后公开')).toBeVisible();
    // not public: others do not see it in the list
    const r = await request.get(api(baseURL!, `/topics?q=${encodeURIComponent(title)}`));
    expect((await r.json()).items).toHaveLength(0);
  });

  test('a citizen comments; the deputy closes the topic adopting it; the citizen is alerted', async ({ page, context, browser, request, baseURL, axe, consoleGuard }, info) => {
    const base = baseURL!;
    const deputy = await apiSession(request, base, ACCOUNTS.deputy.phone);
    const title = uniqueTitle('文化广场健身器材', info.project.name);
    const id = await openTopic(request, base, deputy, title);
    await signInWithApi(context, request, base, freshPhone());

    // ── the citizen likes the topic and comments on it
    await page.goto(`/topics/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('发起人：陈志强 · 人大代表')).toBeVisible();
    const like = thread(page).getByRole('button', { name: /^赞 \d+$/ }).first();
    await expect(like).toHaveAttribute('aria-pressed', 'false');
    await like.click();
    await expect(like).toHaveAttribute('aria-pressed', 'true');
    await expect(like).toHaveAccessibleName('赞 1');
    const text = `建议放在广场东侧树荫下，加几张长椅（${info.project.name}${Date.now() % 100000}）`;
    await thread(page).getByLabel('写评论').fill(text);
    await thread(page).getByRole('button', { name: '发表' }).click();
    await expect(commentOf(page, text)).toBeVisible();
    await expect(page.getByRole('button', { name: '结束讨论，发布结论' })).toHaveCount(0);
    await axe({ label: 'open topic with a comment' });

    // ── the deputy closes it in the app, adopting that comment
    const deputyContext = await contextAs(browser, info, base, consoleGuard, deputy);
    const dp = await deputyContext.newPage();
    await dp.goto(`/topics/${id}`);
    await dp.getByRole('button', { name: '结束讨论，发布结论' }).click();
    const form = dp.getByRole('form', { name: '发布结论' });
    await expect(form).toBeVisible();
    await form.getByRole('button', { name: '发布结论并结束讨论' }).click();
    await expect(form.getByText('请填写结论')).toBeVisible();
    await form.getByLabel('结论和采纳情况').fill('采纳放在广场东侧树荫下的建议，下月安装，并增设长椅四张。');
    await form.getByRole('checkbox', { name: new RegExp(text.slice(0, 10)) }).check();
    await axe({ page: dp, label: 'close form' });
    await form.getByRole('button', { name: '发布结论并结束讨论' }).click();
    const conclusion = dp.getByRole('region', { name: '结论和采纳情况' });
    await expect(conclusion).toContainText('下月安装');
    await expect(conclusion).toContainText('采纳了 1 条意见');
    await expect(commentOf(dp, text)).toContainText('已采纳');
    await expect(dp.getByRole('button', { name: '结束讨论，发布结论' })).toHaveCount(0);
    await deputyContext.close();

    // ── the citizen is told, in the notification centre, and the alert opens the topic
    await page.goto('/notifications');
    const alert = page.getByRole('link', { name: /您的评论被议题结论采纳/ });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('评论被采纳');
    await alert.click();
    await expect(page).toHaveURL(new RegExp(`/topics/${id}`));
    await expect(page.getByRole('region', { name: '结论和采纳情况' })).toContainText('下月安装');
    await expect(commentOf(page, text)).toContainText('已采纳');
  });

  test('a poll has its comment thread', async ({ page, context, request, baseURL }, info) => {
    const r = await request.get(api(baseURL!, '/polls'));
    const poll = (await r.json()).items[info.project.name === 'wechat' ? 1 : 0] as { id: string; title: string };
    await page.goto(`/polls/${poll.id}`);
    await expect(page.getByRole('heading', { level: 1, name: poll.title })).toBeVisible();
    await expect(thread(page).getByRole('heading', { level: 2, name: /^评论/ })).toBeVisible();
    await expect(thread(page).getByText('登录后可以评论、点赞')).toBeVisible();
    await expect(thread(page).getByRole('button', { name: '重试' })).toHaveCount(0);

    await signInWithApi(context, request, baseURL!, freshPhone());
    await page.reload();
    const text = `投票前想问一下，暂缓是指明年再修吗？（${info.project.name}${Date.now() % 100000}）`;
    await thread(page).getByLabel('写评论').fill(text);
    await thread(page).getByRole('button', { name: '发表' }).click();
    await expect(commentOf(page, text)).toBeVisible();
    await page.reload();
    await expect(commentOf(page, text)).toBeVisible();
  });

  test('no horizontal scrolling at 320 px, in 长辈模式 with the largest text too', async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, freshPhone());
    await page.setViewportSize({ width: 320, height: 640 });
    const check = async () => {
      for (const path of ['/topics', '/topics?status=closed', '/topics/t_000002', '/topics/new']) {
        await page.goto(path);
        await expect(page.locator('main h1, header h1').first()).toBeVisible();
        await page.waitForLoadState('networkidle');
        await noSideways(page, path);
      }
    };
    await check();
    await page.goto('/me');
    await page.getByRole('radio', { name: '超大' }).check();
    await page.getByRole('switch', { name: /长辈模式/ }).click();
    await check();
  });
});
