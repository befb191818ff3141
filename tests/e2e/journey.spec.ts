// The whole loop of issue 3, each role in its own browser context (own storage, own session):
// a citizen scans a deputy's QR code (/d/<code>), signs in, sends a message with a photo →
// 待受理; staff triage it; the deputy finds it first in what needs them, answers and resolves
// it; the citizen sees the answer and the new status in the timeline and rates it.
// Plus the sending guarantees: a double tap creates one message, a reload mid-typing keeps
// the draft.
import type { APIRequestContext, Page } from '@playwright/test';
import { samplePhoto } from './support/photo';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, freshPhone, signInWithApi, signInWithUi, uniqueTitle } from './support/auth';

/** The signed-in user's own messages with this title, from the API. */
async function minesTitled(request: APIRequestContext, baseURL: string, token: string, title: string) {
  const mine = await request.get(new URL('/api/v1/messages/mine?limit=50', baseURL).toString(), {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(mine.status()).toBe(200);
  return ((await mine.json()).items as { id: string; title: string }[]).filter((m) => m.title === title);
}

async function fillMessage(page: Page, title: string, body: string) {
  await page.getByLabel('类别').selectOption({ label: '道路交通' });
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('内容').fill(body);
}

test.describe('the loop: citizen → staff → deputy → citizen', () => {
  test('scan, sign in, send with a photo; triage; first in the inbox; reply; resolve; rate', async ({ browser, baseURL, request, axe, consoleGuard }, info) => {
    const title = uniqueTitle('村口路灯不亮', info.project.name);
    const body = '龙湾村村口的三盏路灯坏了两个星期，晚上老人小孩出行很不方便，请帮忙协调维修。';
    const citizenPhone = freshPhone();
    const projectUse = info.project.use;

    // ── the citizen, as after scanning 陈志强's QR code
    const citizenContext = await browser.newContext({ ...projectUse, baseURL });
    consoleGuard.watch(citizenContext);
    const citizen = await citizenContext.newPage();
    await citizen.goto(`/d/${ACCOUNTS.deputy.code}`);
    await expect(citizen.getByRole('heading', { level: 1, name: ACCOUNTS.deputy.name })).toBeVisible();
    const write = citizen.getByRole('link', { name: /给代表留言/ });
    await expect(write).toBeFocused();
    await write.click();
    // not signed in yet: the compose screen asks, and comes back after signing in
    await citizen.getByRole('link', { name: /^登录$/ }).click();
    await expect(citizen).toHaveURL(/\/sign-in\?next=/);
    await axe({ page: citizen, label: 'sign-in' });
    await signInWithUi(citizen, citizenPhone);
    // back on the form, its recipient read from `?to=` into the draft (the address then drops it)
    await expect(citizen).toHaveURL(/\/messages\/new$/);
    await expect(citizen.getByText(`致代表：${ACCOUNTS.deputy.name}`)).toBeVisible();
    await fillMessage(citizen, title, body);
    await citizen.locator('input[type=file]').setInputFiles(samplePhoto());
    await expect(citizen.getByRole('img', { name: '照片 1' })).toBeVisible();
    await citizen.getByRole('button', { name: '发送留言' }).click();
    await expect(citizen.getByRole('heading', { level: 1, name: '留言已发出' })).toBeVisible();
    await expect(citizen.getByText(`已发给 ${ACCOUNTS.deputy.name}（人大代表）`)).toBeVisible();
    await citizen.getByRole('link', { name: '查看这条留言' }).click();
    await expect(citizen.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(citizen.locator('[aria-current="step"]')).toContainText('已提交');
    await expect(citizen.locator('main').getByText('待受理').first()).toBeVisible();
    // the photo went up with it (uploaded, attached, served back)
    const photo = citizen.locator('main img[src*="/media/uploads/"]');
    await expect(photo).toHaveCount(1);
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const messageUrl = citizen.url().replace(/\?.*$/, '');

    // ── staff triage it
    const staffContext = await browser.newContext({ ...projectUse, baseURL });
    consoleGuard.watch(staffContext);
    await signInWithApi(staffContext, request, baseURL!, ACCOUNTS.staff.phone);
    const staff = await staffContext.newPage();
    await staff.goto('/work');
    await staff.getByRole('tab', { name: '待分派' }).or(staff.getByRole('link', { name: '待分派' })).first().click();
    await staff.getByRole('link', { name: title }).click();
    await expect(staff.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await staff.getByRole('radio', { name: /民生小事/ }).check();
    await expect(staff.getByLabel('办理人', { exact: true })).toHaveValue(/dp_lw01/);
    await axe({ page: staff, label: 'triage' });
    await staff.getByRole('button', { name: '分派', exact: true }).click();
    await expect(staff.getByText('已分派').first()).toBeVisible();

    // ── the deputy: first in the to-do list; answer; resolve
    const deputyContext = await browser.newContext({ ...projectUse, baseURL });
    consoleGuard.watch(deputyContext);
    await signInWithApi(deputyContext, request, baseURL!, ACCOUNTS.deputy.phone);
    const deputy = await deputyContext.newPage();
    await deputy.goto('/work');
    await expect(deputy.getByRole('heading', { level: 2, name: '需要您处理' })).toBeVisible();
    // The other project's run may have put its own fresh message first: ours is among the open,
    // not-overdue ones at the top, above every finished one.
    const firstCards = deputy.locator('main article').filter({ hasText: title });
    await expect(firstCards).toHaveCount(1);
    const position = await deputy.locator('main article').evaluateAll(
      (cards, t) => cards.findIndex((c) => (c.textContent ?? '').includes(t as string)),
      title,
    );
    expect(position, 'the new message is at the top of the to-do list').toBeLessThan(2);
    await axe({ page: deputy, label: 'work inbox' });
    await deputy.getByRole('link', { name: title }).click();
    await deputy.getByLabel('答复内容').fill('您好，已联系镇供电所，明天上午派人更换灯具，请留意。');
    await deputy.getByRole('button', { name: '发送答复' }).click();
    await expect(deputy.getByText('答复已发送')).toBeVisible();
    await deputy.getByRole('button', { name: '设为“已办结”' }).click();
    await deputy.getByRole('button', { name: '确定' }).click();
    await expect(deputy.getByText('状态已更新为“已办结”')).toBeVisible();

    // ── the citizen sees the reply and the status, and rates
    await citizen.goto(messageUrl);
    // The answer first, the milestones, and the detailed log folded below.
    const latest = citizen.getByRole('region', { name: '最新答复' });
    await expect(latest).toContainText('您好，已联系镇供电所');
    await expect(citizen.locator('main').getByText('已办结').first()).toBeVisible();
    await expect(citizen.locator('[aria-current="step"]')).toContainText('已办结');
    const timeline = citizen.getByRole('list').filter({ hasText: '受理并分派' });
    await expect(timeline).toBeHidden();
    await citizen.getByText('办理经过').click();
    await expect(timeline).toContainText('答复');
    await axe({ page: citizen, label: 'message with reply' });
    await citizen.getByRole('radio', { name: /^5 星/ }).check();
    await citizen.getByLabel('评价意见（选填）').fill('修得很快，谢谢！');
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.locator('main').getByText('已关闭').first()).toBeVisible();

    await Promise.all([citizenContext.close(), staffContext.close(), deputyContext.close()]);
  });
});

test.describe('sending guarantees', () => {
  test('a double tap on send creates one message', async ({ page, context, request, baseURL }, info) => {
    const phone = freshPhone();
    const session = await signInWithApi(context, request, baseURL!, phone);
    const title = uniqueTitle('双击发送', info.project.name);
    await page.goto('/messages/new?to=department:dept_build');
    await fillMessage(page, title, '村道边的排水沟堵了，下雨天积水严重。');
    await page.getByRole('button', { name: '发送留言' }).dblclick();
    await expect(page.getByRole('heading', { level: 1, name: '留言已发出' })).toBeVisible();
    await expect(page.getByText(`《${title}》`)).toBeVisible();
    // give a second request, if any had been sent, the time to land
    await page.waitForTimeout(1500);
    expect(await minesTitled(request, baseURL!, session.token, title)).toHaveLength(1);
  });

  test('a reload in the middle of typing keeps the draft', async ({ page, context, request, baseURL }, info) => {
    await signInWithApi(context, request, baseURL!, freshPhone());
    const title = uniqueTitle('草稿不丢', info.project.name);
    await page.goto('/messages/new?to=deputy:dp_lw02');
    await fillMessage(page, title, '写到一半的留言，刷新以后还在。');
    await page.reload();
    await expect(page.getByLabel('标题')).toHaveValue(title);
    await expect(page.getByLabel('内容')).toHaveValue('写到一半的留言，刷新以后还在。');
    await expect(page.getByLabel('类别')).toHaveValue(/.+/);
  });

});
