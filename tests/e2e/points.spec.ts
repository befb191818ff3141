// 积分与表彰 (issue 12, sections 5 and 6) against the demo server, as Android Chrome and as WeChat:
// a new citizen reads an article for 30 s of visible time (real seconds: the server times the
// read from the article's fetch, so a faster client clock would only be refused) and votes in a
// poll, then sees the points in 我的积分 with the daily visit paid once; the leaderboard shows
// masked names and the viewer's own rank; staff commend a citizen (and correct their village),
// who is told in the notification centre, and the commendation is on the 表彰榜. axe-core on
// every new screen; no horizontal scrolling at 320 px.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle } from './support/auth';

const api = (base: string, path: string) => new URL(`/api/v1${path}`, base).toString();

/** A township-wide poll with one single-choice question, made by staff through the API. */
async function createPoll(request: APIRequestContext, baseURL: string, title: string): Promise<string> {
  const staff = await apiSession(request, baseURL, ACCOUNTS.staff.phone);
  const res = await request.post(api(baseURL, '/polls'), {
    headers: { Authorization: `Bearer ${staff.token}`, 'Idempotency-Key': `e2e-points-poll-${Date.now()}-${Math.random().toString(16).slice(2)}` },
    data: {
      title,
      description: '请大家投票。',
      scope: { kind: 'all' },
      closes_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      results_shown: 'after_vote',
      questions: [{ text: '您支持哪个方案？', kind: 'single', options: ['方案一', '方案二'] }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id as string;
}

/** The page is no wider than the 320 px screen. */
async function fitsAt320(page: Page, label: string) {
  await page.waitForLoadState('networkidle');
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > 320.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
  );
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label}; too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(320);
}

const total = (page: Page) => page.getByRole('region', { name: '总积分' });
const today = (page: Page, action: string) => page.getByRole('region', { name: '今日积分' }).getByRole('listitem').filter({ hasText: action });
const history = (page: Page) => page.getByRole('region', { name: '积分明细' });

test.describe('points and honours', () => {
  test('a citizen earns points by reading 30 s and voting; 我的积分 shows them within the daily caps', async ({ page, context, request, baseURL, axe }, info) => {
    test.setTimeout(150_000);
    const title = uniqueTitle('积分投票', info.project.name);
    const pollId = await createPoll(request, baseURL!, title);
    await signInWithApi(context, request, baseURL!, freshPhone());

    // from 首页's hub in one tap, then 我的积分: the day's visit is paid, once
    await page.goto('/');
    await page.getByRole('link', { name: /积分与表彰/ }).click();
    await expect(page).toHaveURL(/\/points$/);
    await expect(page.getByRole('heading', { level: 1, name: '积分与表彰' })).toBeVisible();
    await axe({ label: 'points entry' });
    await page.getByRole('link', { name: /我的积分/ }).click();
    await expect(page).toHaveURL(/\/me\/points$/);
    await expect(total(page)).toContainText('1 分');
    await expect(total(page)).toContainText('等级：新芽');
    await expect(total(page)).toContainText('再得 19 分升为“热心”');
    await expect(today(page, '每日访问')).toContainText('今天 1/1 次');
    await expect(today(page, '每日访问')).toContainText('今日已满');
    await expect(today(page, '阅读文章')).toContainText('今天 0/5 次');
    await expect(history(page).getByRole('article')).toHaveCount(1);
    await axe({ label: 'my points' });

    // an article read for 30 s of visible time
    const list = await request.get(api(baseURL!, '/articles?limit=1'));
    const article = (await list.json()).items[0] as { id: string; title: string };
    const read = page.waitForResponse((r) => r.url().endsWith('/api/v1/points/reads') && r.request().method() === 'POST', { timeout: 60_000 });
    const opened = Date.now();
    await page.goto(`/articles/${article.id}`);
    // (by role: the server's drawing of the article and the app's, hidden behind it, may both be there)
    await expect(page.getByRole('heading', { level: 1, name: article.title })).toBeVisible();
    const answer = await read;
    expect(Date.now() - opened).toBeGreaterThanOrEqual(29_000);
    expect(answer.status(), await answer.text()).toBe(200);
    expect((await answer.json()).points).toBe(1);

    // a vote
    await page.goto(`/polls/${pollId}`);
    await page.getByRole('radio', { name: '方案二' }).check();
    await page.getByRole('button', { name: '投票', exact: true }).click();
    await page.getByRole('button', { name: '确认投票' }).click();
    await expect(page.getByText('您已投票，谢谢参与！')).toBeVisible();

    // 我的 › 我的积分: 1 + 1 + 2, each with what earned it
    await page.goto('/me');
    await page.getByRole('link', { name: '我的积分' }).click();
    await expect(total(page)).toContainText('4 分');
    await expect(today(page, '阅读文章')).toContainText('今天 1/5 次');
    await expect(today(page, '参加投票')).toContainText('今天 1 次，不限次数');
    const entries = history(page).getByRole('article');
    await expect(entries).toHaveCount(3);
    await expect(entries.nth(0)).toContainText('参加投票');
    await expect(entries.nth(0)).toContainText('+2 分');
    await expect(entries.nth(0).getByRole('link', { name: title })).toHaveAttribute('href', `/polls/${pollId}`);
    await expect(entries.nth(1)).toContainText('阅读文章');
    await expect(entries.nth(1).getByRole('link', { name: article.title })).toBeVisible();
    await expect(entries.nth(2)).toContainText('每日访问');

    // again the same day: the visit is not paid twice
    await page.reload();
    await expect(total(page)).toContainText('4 分');
    await expect(today(page, '每日访问')).toContainText('今天 1/1 次');
    await expect(history(page).getByRole('article')).toHaveCount(3);

    // 320 px, in 长辈模式
    await page.setViewportSize({ width: 320, height: 640 });
    await page.evaluate(() => localStorage.setItem('zsrd.prefs.v1', JSON.stringify({ font: 'largest', elderly: true, lang: 'zh-CN', offered: true })));
    await page.reload();
    await expect(total(page)).toContainText('4 分');
    await fitsAt320(page, '我的积分');
    await axe({ label: 'my points, 320 px' });
  });

  test('the leaderboard: masked names, my own rank, by period and station', async ({ page, context, request, baseURL, axe }) => {
    const me = await signInWithApi(context, request, baseURL!, freshPhone());
    // the day's visit: a point this month
    const visit = await request.get(api(baseURL!, '/points/me'), { headers: { Authorization: `Bearer ${me.token}` } });
    expect(visit.status()).toBe(200);

    await page.goto('/points');
    await page.getByRole('link', { name: /积分榜/ }).click();
    await expect(page).toHaveURL(/\/points\/leaderboard$/);
    const board = page.getByRole('list', { name: /本月积分榜 · 全镇/ });
    await expect(board).toBeVisible();
    await expect(page.getByRole('link', { name: '本月', exact: true })).toHaveAttribute('aria-current', 'page');
    // citizens masked (the demo's 王秀英 is 王*), never in full; the viewer's own rank said
    await expect(board.getByRole('listitem').filter({ hasText: /^第 \d+ 名王\*/ }).first()).toBeVisible();
    await expect(board).not.toContainText('王秀英');
    await expect(page.getByText(/^我的排名：第 \d+ 名，1 分$/)).toBeVisible();
    await expect(board.getByRole('link', { name: /^表彰/ })).toHaveCount(0);
    await axe({ label: 'leaderboard' });

    await page.getByRole('link', { name: '本年', exact: true }).click();
    await expect(page).toHaveURL(/period=year/);
    await expect(page.getByRole('list', { name: /本年积分榜/ })).toBeVisible();
    await page.getByLabel('范围').selectOption({ label: '龙湾镇人大代表中心联络站' });
    await expect(page).toHaveURL(/period=year&station=/);
    await expect(page.getByRole('list', { name: /本年积分榜 · 龙湾镇人大代表中心联络站/ }).or(page.getByText('这段时间还没有人得到积分。'))).toBeVisible();

    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/points/leaderboard');
    await expect(page.getByRole('list', { name: /积分榜/ })).toBeVisible();
    await fitsAt320(page, '积分榜');
  });

  test('staff commend a citizen, who is told; the 表彰榜 shows it; staff correct the village', async ({ page, context, request, baseURL, axe, browser }, info) => {
    // a citizen with a point this year (so on the leaderboard staff choose from)
    const citizen = await apiSession(request, baseURL!, freshPhone());
    const visit = await request.get(api(baseURL!, '/points/me'), { headers: { Authorization: `Bearer ${citizen.token}` } });
    expect(visit.status()).toBe(200);
    // of 新圩村: staff find them on that station's board (the overall one shows its top 50, which
    // the other tests' new accounts crowd with points of their own)
    const home = await request.put(api(baseURL!, '/me/village'), {
      headers: { Authorization: `Bearer ${citizen.token}` },
      data: { station_id: 'st_xinxu', village: '新圩村' },
    });
    expect(home.status()).toBe(200);
    const reason = uniqueTitle('常年义务清扫村道', info.project.name);

    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    // 工作台 offers the form; the leaderboard offers it for each person
    await page.goto('/work');
    await expect(page.getByRole('link', { name: '发布表彰' })).toBeVisible();
    await page.goto('/points/leaderboard?period=year&station=st_xinxu');
    await page.locator(`a[href*="user=${citizen.user.id}"]`).click();
    await expect(page).toHaveURL(/\/commendations\/new\?user=/);
    await expect(page.getByRole('heading', { level: 1, name: '发布表彰' })).toBeVisible();
    await expect(page.getByLabel('表彰对象')).toHaveValue(`u:${citizen.user.id}`);

    // nothing typed: told what is missing, nothing sent
    await page.getByLabel('表彰期间').fill('');
    await page.getByRole('button', { name: '发布表彰' }).click();
    await expect(page.getByText('请填写称号（1 至 20 字）')).toBeVisible();
    await expect(page.getByText('请填写表彰期间（1 至 20 字）')).toBeVisible();
    await page.getByRole('button', { name: '热心群众' }).click();
    await expect(page.getByLabel('称号')).toHaveValue('热心群众');
    await page.getByLabel('表彰理由').fill(reason);
    await page.getByLabel('表彰期间').fill('2026年度');
    await axe({ label: 'commend form' });
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/commendations') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '发布表彰' }).click();
    expect((await sent).status()).toBe(201);
    await expect(page.getByText('已发布表彰，对方会收到提醒。')).toBeVisible();

    // the citizen's village, corrected here
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/users/${citizen.user.id}/village`) && r.request().method() === 'PUT');
    await page.getByLabel('我住在哪个村（社区）').selectOption({ label: '和平村' });
    await page.getByRole('button', { name: '保存更正' }).click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByText('已更正为 和平村')).toBeVisible();
    const meNow = await request.get(api(baseURL!, '/me'), { headers: { Authorization: `Bearer ${citizen.token}` } });
    expect((await meNow.json()).village?.village).toBe('和平村');

    // the citizen is told, and the alert leads to the 表彰榜
    const other = await browser.newContext({ ...info.project.use, baseURL });
    try {
      await other.addInitScript((stored: string) => localStorage.setItem('zsrd.session.v1', stored), JSON.stringify(citizen));
      const theirs = await other.newPage();
      await theirs.goto('/notifications');
      const alert = theirs.getByRole('link', { name: /您获得了表彰：热心群众/ });
      await expect(alert).toBeVisible();
      await alert.click();
      await expect(theirs).toHaveURL(/\/commendations$/);
      const card = theirs.getByRole('article').filter({ hasText: reason });
      await expect(card).toContainText('热心群众');
      await expect(card.getByRole('heading', { name: '用*' })).toBeVisible();
      await expect(theirs.getByRole('heading', { level: 2, name: '2026年度' }).first()).toBeVisible();
      await axe({ label: '表彰榜', page: theirs });
      await theirs.setViewportSize({ width: 320, height: 640 });
      await fitsAt320(theirs, '表彰榜');
    } finally {
      await other.close();
    }
  });
});
