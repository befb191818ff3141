// The message told plainly (issue 10): a citizen sends from the app → the confirmation (to whom,
// by when, that they will be alerted) → the message at 已提交; staff assign it as a major issue,
// the deputy plans two steps and answers → the citizen finds the answer at the top (above the
// fold of a 390×844 phone), the milestones with the current one marked, the first plan step
// under way and the next one not started, the internal log folded, each term explained, and
// follows up through the button. Other roles act through the API.
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle } from './support/auth';

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

const ANSWER = '您好，桥面破损的情况已报镇交通办，先设置警示牌，下周安排修补。';

test.describe('the message page, plainly', () => {
  test('after sending: the confirmation, then the answer on top with the milestones', async ({ page, context, request, baseURL, axe }, info) => {
    const base = baseURL!;
    await signInWithApi(context, request, base, freshPhone());
    const title = uniqueTitle('石峡桥面破损', info.project.name);
    // To 何美玲 (not 陈志强, whose to-do list order journey.spec checks meanwhile).
    await page.goto(`/messages/new?to=deputy:dp_lw02`);
    await expect(page.getByText('致代表：何美玲')).toBeVisible();
    await page.getByLabel('类别').selectOption({ label: '道路交通' });
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill('石峡社区小桥的桥面有两处破损，电动车经过很危险，请尽快处理。');
    await page.getByRole('button', { name: '发送留言' }).click();

    // ── the confirmation
    await expect(page.getByRole('heading', { level: 1, name: '留言已发出' })).toBeFocused();
    await expect(page.getByText('已发给 何美玲（人大代表）')).toBeVisible();
    const next = page.getByRole('list').filter({ hasText: '分派给专人办理' });
    await expect(next.getByRole('listitem')).toHaveCount(3);
    await expect(next).toContainText('分派后，民生小事 5 天内答复，重大议题 30 天内办结。');
    await expect(next).toContainText('消息提醒');
    await expect(page.getByRole('link', { name: '返回首页' })).toHaveAttribute('href', './');
    await expect(page.getByRole('link', { name: '设置短信或微信提醒' })).toHaveAttribute('href', 'notifications/settings');
    await axe({ label: 'sent' });
    await page.getByRole('link', { name: '查看这条留言' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const id = new URL(page.url()).pathname.split('/')[2];
    const progress = page.getByRole('region', { name: '办理进度', exact: true });
    await expect(progress.getByRole('listitem')).toHaveCount(5);
    await expect(progress.locator('[aria-current="step"]')).toContainText('已提交（当前）');
    await expect(page.getByText(/^待受理：联络站会在 .+ 前把留言分派给合适的代表或部门办理。$/)).toBeVisible();
    await expect(progress).toContainText(/办理时限 .+ 前分派/);
    await expect(page.getByRole('region', { name: '最新答复' })).toHaveCount(0);

    // ── staff assign it as a major issue; the deputy plans two steps, starts, answers
    const staff = await apiSession(request, base, ACCOUNTS.staff.phone);
    const deputy = await apiSession(request, base, ACCOUNTS.deputy2.phone);
    let m = await post(request, base, `/messages/${id}/triage`, staff.token, {
      version: 1, track: 'major', category_id: 'mc_traffic', handler: { kind: 'deputy', id: 'dp_lw02' },
    }, 200);
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    m = await post(request, base, `/messages/${id}/plan`, deputy.token, { version: m.version, title: '现场查看并设置警示牌', due_at: inDays(3) }, 201);
    m = await post(request, base, `/messages/${id}/plan`, deputy.token, { version: m.version, title: '修补桥面', due_at: inDays(12) }, 201);
    m = await post(request, base, `/messages/${id}/status`, deputy.token, { version: m.version, status: 'in_progress' }, 200);
    await post(request, base, `/messages/${id}/replies`, deputy.token, { body: ANSWER }, 201, crypto.randomUUID());

    // ── the citizen: the answer first, above the fold
    await page.reload();
    const latest = page.getByRole('region', { name: '最新答复' });
    await expect(latest).toContainText(ANSWER);
    await expect(latest).toContainText('何美玲 · 人大代表');
    const answer = latest.getByText(ANSWER);
    await expect(answer).toBeInViewport();
    const box = (await answer.boundingBox())!;
    const tabBar = (await page.getByRole('navigation', { name: '主导航' }).boundingBox())!;
    expect(box.y + box.height, 'the answer ends above the tab bar of a 390×844 phone').toBeLessThanOrEqual(tabBar.y);
    // the milestones
    const steps = progress.getByRole('listitem');
    await expect(steps.nth(0)).toContainText('已提交（已完成）');
    await expect(steps.nth(1)).toContainText('已分派（已完成）');
    await expect(steps.nth(2)).toContainText('办理中（已完成）');
    await expect(progress.locator('[aria-current="step"]')).toContainText('已答复（当前）');
    await expect(steps.nth(4)).toContainText('已办结（还没到）');
    // each reached milestone has its date, the one ahead none
    for (const i of [0, 1, 2, 3]) await expect(steps.nth(i).locator('time')).toHaveCount(1);
    await expect(steps.nth(4).locator('time')).toHaveCount(0);
    await expect(progress).toContainText(/办理时限 .+ 前办结/);
    // the terms, each in one line where it appears
    await expect(page.getByText(/^已答复：何美玲已经答复。问题还没解决，可以在下面追问。$/)).toBeVisible();
    await expect(page.getByText('重大议题：涉及面广、需要多个部门办理的事，分派后 30 天内办结，办理进度公开。')).toBeVisible();
    await expect(page.getByText('不公开：只有留言人、办理人和联络站能看到。')).toBeVisible();
    // the plan: the first step under way, the next one not started
    const plan = page.getByRole('region', { name: '办理进度时间表' }).getByRole('listitem');
    await expect(plan.nth(0)).toContainText('进行中');
    await expect(plan.nth(1)).toContainText('未开始');
    await expect(plan.nth(1)).not.toContainText('进行中');
    // the internal log, folded
    const log = page.getByRole('list').filter({ hasText: '受理并分派' });
    await expect(log).toBeHidden();
    await page.getByText('办理经过').click();
    await expect(log).toBeVisible();
    await expect(log).toContainText('状态改为“办理中”');
    await axe({ label: 'message answered' });

    // ── the follow-up, behind its button
    const open = page.getByRole('button', { name: '追问或补充' });
    await expect(open).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByLabel('想补充的内容')).toHaveCount(0);
    await open.click();
    await expect(page.getByRole('button', { name: '收起' })).toHaveAttribute('aria-expanded', 'true');
    const box2 = page.getByLabel('想补充的内容');
    await expect(box2).toBeFocused();
    await page.getByRole('button', { name: '发送追问' }).click();
    await expect(box2).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#followup-body-error')).toHaveText('请填写内容');
    await axe({ label: 'follow-up with an error' });
    await box2.fill('警示牌已经看到了，请问修补大概要几天？');
    await page.getByRole('button', { name: '发送追问' }).click();
    await expect(page.getByRole('status').filter({ hasText: '追问已发送' })).toBeVisible();
    await expect(page.getByRole('region', { name: '答复与追问' })).toContainText('警示牌已经看到了');
    await expect(page.getByRole('button', { name: '追问或补充' })).toHaveAttribute('aria-expanded', 'false');
    // the answer stays on top (a follow-up is not an answer)
    await expect(latest).toContainText(ANSWER);
  });
});
