// 在线投票 (issue 12, section 4) against the demo server, as Android Chrome and as WeChat: a
// citizen votes once and sees the results (the button is gone; a second vote is a 409), a
// citizen outside a poll's scope is told why (and one without a village where to choose it),
// and staff create a poll that then appears in the list. axe-core on every screen.
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle } from './support/auth';

/** A poll made by staff through the API: one single-choice and one multiple-choice question. */
async function createPoll(request: APIRequestContext, baseURL: string, title: string, scope: object): Promise<string> {
  const staff = await apiSession(request, baseURL, ACCOUNTS.staff.phone);
  const closes = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const res = await request.post(new URL('/api/v1/polls', baseURL).toString(), {
    headers: { Authorization: `Bearer ${staff.token}`, 'Idempotency-Key': `e2e-poll-${Date.now()}-${Math.random().toString(16).slice(2)}` },
    data: {
      title,
      description: '村民代表会议提出了几个方案，请大家投票。',
      scope,
      closes_at: closes,
      results_shown: 'after_vote',
      questions: [
        { text: '您支持哪个路面方案？', kind: 'single', options: ['水泥路面', '沥青路面', '暂缓'] },
        { text: '最需要硬化的路段', kind: 'multiple', max_choices: 2, options: ['村口至小学', '祠堂至河堤', '后山路'] },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id as string;
}

test.describe('polls', () => {
  test('a citizen votes once: confirmation, then the results; no second vote', async ({ page, context, request, baseURL, axe }, info) => {
    const title = uniqueTitle('村道硬化方案', info.project.name);
    const id = await createPoll(request, baseURL!, title, { kind: 'all' });
    const citizen = await signInWithApi(context, request, baseURL!, freshPhone());

    await page.goto('/polls');
    const card = page.locator('article').filter({ hasText: title });
    await expect(card).toContainText('进行中');
    await expect(card).toContainText('范围：全镇');
    await axe({ label: 'polls list' });
    await card.getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`/polls/${id}$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('heading', { name: '投票结果' })).toHaveCount(0);
    await axe({ label: 'poll ballot' });

    // not every question answered: told so, nothing sent
    await page.getByRole('radio', { name: '沥青路面' }).check();
    await page.getByRole('button', { name: '投票', exact: true }).click();
    await expect(page.getByText('请回答每一个问题')).toBeVisible();
    await page.getByRole('checkbox', { name: '村口至小学' }).check();
    await page.getByRole('checkbox', { name: '后山路' }).check();
    await page.getByRole('button', { name: '投票', exact: true }).click();
    // the confirmation says a vote cannot be changed
    await expect(page.getByText('投票后不能更改。确认提交吗？')).toBeVisible();
    await axe({ label: 'poll confirmation' });
    await page.getByRole('button', { name: '确认投票' }).click();

    const results = page.getByRole('region', { name: '投票结果' });
    await expect(results).toBeVisible();
    await expect(results.getByText('共 1 人参与投票')).toBeVisible();
    await expect(results.getByRole('listitem').filter({ hasText: '沥青路面' })).toContainText('1 票 · 100%');
    await expect(results.getByRole('listitem').filter({ hasText: '水泥路面' })).toContainText('0 票 · 0%');
    await expect(results.getByRole('listitem').filter({ hasText: '后山路' })).toContainText('我的选择');
    await expect(page.getByRole('button', { name: '投票', exact: true })).toHaveCount(0);
    await expect(page.getByText('您已投票，谢谢参与！')).toBeVisible();
    await axe({ label: 'poll results' });

    // a second vote, by the API with another key: 409, and the page still shows one vote
    const again = await request.post(new URL(`/api/v1/polls/${id}/votes`, baseURL).toString(), {
      headers: { Authorization: `Bearer ${citizen.token}`, 'Idempotency-Key': 'e2e-second-vote' },
      data: { answers: [{ question_id: 'q1', option_ids: ['q1o1'] }, { question_id: 'q2', option_ids: ['q2o2'] }] },
    });
    expect(again.status()).toBe(409);
    await page.reload();
    await expect(page.getByRole('region', { name: '投票结果' }).getByText('共 1 人参与投票')).toBeVisible();
    await expect(page.getByRole('button', { name: '投票', exact: true })).toHaveCount(0);
  });

  test('a village poll: no village → where to choose it; another village → told why', async ({ page, context, request, baseURL, axe }, info) => {
    const title = uniqueTitle('和平村文化室选址', info.project.name);
    const id = await createPoll(request, baseURL!, title, { kind: 'village', station_id: 'st_heping', village: '和平村' });
    await signInWithApi(context, request, baseURL!, freshPhone());

    await page.goto(`/polls/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('这次投票请和平村的居民参加。请先选择您所在的村（社区）。')).toBeVisible();
    await expect(page.getByRole('button', { name: '投票', exact: true })).toHaveCount(0);
    await axe({ label: 'poll: choose your village' });
    await page.getByRole('link', { name: '选择我的村' }).click();
    await expect(page).toHaveURL(/\/me#village$/);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/village') && r.request().method() === 'PUT');
    await page.getByLabel('我住在哪个村（社区）').selectOption({ label: '龙湾村' });
    expect((await saved).status()).toBe(200);
    await axe({ label: 'me with the village' });

    await page.goto(`/polls/${id}`);
    await expect(page.getByText('这次投票只请和平村的居民参加，您所在的村不在范围内。')).toBeVisible();
    await expect(page.getByRole('button', { name: '投票', exact: true })).toHaveCount(0);
    await axe({ label: 'poll: out of scope' });
  });

  test('staff create a poll in the app and it appears in the list', async ({ page, context, request, baseURL, axe }, info) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    const title = uniqueTitle('养老服务时间', info.project.name);
    await page.goto('/polls');
    await page.getByRole('link', { name: '发起投票' }).click();
    await expect(page).toHaveURL(/\/polls\/new$/);
    await page.getByLabel('标题', { exact: true }).fill(title);
    await page.getByLabel('说明（选填）').fill('根据投票结果调整开放时间。');
    await page.getByLabel('范围').selectOption({ label: '龙湾镇人大代表中心联络站' });
    await page.getByLabel('截止时间').selectOption({ label: '14 天后' });
    await page.getByLabel('问题', { exact: true }).fill('您希望的开放时间');
    await page.getByLabel('选项 1', { exact: true }).fill('工作日 8:30–17:00');
    await page.getByLabel('选项 2', { exact: true }).fill('每天 8:00–18:00');
    await page.getByRole('button', { name: '添加选项' }).click();
    await page.getByLabel('选项 3', { exact: true }).fill('周末半天');
    await axe({ label: 'new poll' });
    await page.getByRole('button', { name: '发布投票' }).click();

    await expect(page).toHaveURL(/\/polls\/pl_\d+$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('范围：龙湾镇人大代表中心联络站')).toBeVisible();
    // staff see the results from the start, and may close early
    await expect(page.getByRole('region', { name: '投票结果' })).toContainText('共 0 人参与投票');
    await expect(page.getByRole('button', { name: '提前结束投票' })).toBeVisible();
    await page.goto('/polls?status=open');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  });
});
