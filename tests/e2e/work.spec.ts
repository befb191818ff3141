// 工作台 (/work) for each kind of user, against the reference server with its demo data: what
// needs a deputy comes first, with counts per filter that agree with the backend; deputies land
// there (after signing in, and when the app starts at / with open work — never from a deep link;
// a switch in 我的 turns it off); the handling panel puts the answer first, with 常用答复 that
// can be saved, changed and deleted, folds 转交 and 添加步骤 away, says who will read the
// answer, and chooses a plan step's date in Chinese (no browser date input).
// The phone project works as 何美玲, the WeChat one as 陈志强, so that the two runs do not count
// each other's messages.
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, signInWithUi, uniqueTitle, type ApiSession } from './support/auth';

const BODY = '村口到小学的路段没有路灯，晚上孩子放学很不安全，希望尽快安装。';

function api(base: string, p: string): string {
  return new URL(`/api/v1${p}`, base).toString();
}

async function call(request: APIRequestContext, method: 'get' | 'post' | 'delete', base: string, p: string, token: string, data?: unknown, key?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (key) headers['Idempotency-Key'] = key;
  const r = await request.fetch(api(base, p), { method: method.toUpperCase(), headers, data });
  expect(r.status(), `${method} ${p}: ${await r.text()}`).toBeLessThan(300);
  return r.status() === 204 ? null : r.json();
}

/** The deputy of this project (see the header). */
function deputyOf(info: TestInfo) {
  return info.project.name === 'wechat' ? { ...ACCOUNTS.deputy, id: 'dp_lw01' } : { ...ACCOUNTS.deputy2, id: 'dp_lw02' };
}

/** A new citizen's message to `deputyId`, triaged by staff into `track`. */
async function messageFor(request: APIRequestContext, base: string, deputyId: string, title: string, track: 'fast' | 'major', isPublic = false) {
  const citizen = await apiSession(request, base, freshPhone());
  const staff = await apiSession(request, base, ACCOUNTS.staff.phone);
  const m = await call(request, 'post', base, '/messages', citizen.token, {
    recipient: { kind: 'deputy', id: deputyId }, category_id: 'mc_traffic', title, body: BODY, public: isPublic,
  }, crypto.randomUUID());
  const triaged = await call(request, 'post', base, `/messages/${m.id}/triage`, staff.token, {
    version: m.version, track, category_id: 'mc_traffic', handler: { kind: 'deputy', id: deputyId },
  });
  return triaged as { id: string };
}

type Summary = { todo: number; overdue: number; total: number; triage: number; by_status: { status: string; count: number }[] };

const STATUS_LABELS: Record<string, string> = {
  assigned: '已分派', accepted: '已受理', in_progress: '办理中', replied: '已答复', resolved: '已办结',
};

const filters = (page: Page) => page.getByRole('navigation', { name: '按状态筛选' });

test.describe('work', () => {
  test('signed out: asked to sign in and come back', async ({ page }) => {
    await page.goto('/work');
    await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
    const signIn = page.locator('main').getByRole('link', { name: '登录' });
    await expect(signIn).toHaveAttribute('href', /\/sign-in\?next=%2Fwork/);
  });

  test('a citizen sees that the workspace is for deputies and staff', async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.citizen.phone);
    await page.goto('/work');
    await expect(page.getByRole('heading', { name: '仅限人大代表和联络站工作人员使用' })).toBeVisible();
    await expect(page.getByRole('link', { name: '查看我的留言' })).toHaveAttribute('href', 'messages');
  });

  test('a deputy opens on what needs them, with counts per filter that agree with the backend', async ({ page, context, request, baseURL, axe }, info) => {
    const base = baseURL!;
    const who = deputyOf(info);
    const session = await signInWithApi(context, request, base, who.phone);
    const title = uniqueTitle('待办计数路灯', info.project.name);
    await messageFor(request, base, who.id, title, 'fast');
    await page.goto('/work');
    await expect(page.getByRole('heading', { level: 2, name: '需要您处理' })).toBeVisible();
    await expect(filters(page).getByRole('link', { name: /^需要您处理/ })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('main article').filter({ hasText: title })).toHaveCount(1);
    // Every chip's count is the backend's (asked again if another test changed them meanwhile).
    await expect(async () => {
      await page.reload();
      const s = (await call(request, 'get', base, '/work/summary', session.token)) as Summary;
      expect(s.todo).toBeGreaterThan(0);
      await expect(filters(page).getByRole('link', { name: /^需要您处理/ })).toHaveText(`需要您处理${s.todo}`, { timeout: 3_000 });
      await expect(filters(page).getByRole('link', { name: /^全部/ })).toHaveText(`全部${s.total}`);
      // (closed ones count in 全部; they have no filter of their own)
      for (const { status, count } of s.by_status.filter((c) => c.status in STATUS_LABELS)) {
        await expect(filters(page).getByRole('link', { name: new RegExp(`^${STATUS_LABELS[status]}`) })).toHaveText(`${STATUS_LABELS[status]}${count}`);
      }
      await expect(page.getByText(`${s.todo} 条留言需要您处理`)).toBeVisible();
    }).toPass({ timeout: 45_000 });
    await axe({ label: 'work: what needs you' });
    // Every card of the to-do list is one that needs the deputy: never one they answered (fast)
    // or resolved.
    for (const card of await page.locator('main article').all()) {
      await expect(card).not.toContainText(/已办结|已关闭/);
    }
    await filters(page).getByRole('link', { name: /^全部/ }).click();
    await expect(page).toHaveURL(/\/work\?status=all$/);
    await expect(filters(page).getByRole('link', { name: /^全部/ })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: '全部' })).toBeVisible();
    await filters(page).getByRole('link', { name: /^已分派/ }).click();
    await expect(page).toHaveURL(/\/work\?status=assigned$/);
    for (const card of await page.locator('main article').all()) {
      await expect(card).toContainText('已分派');
    }
    // The way in from 留言 says how many need them.
    await page.goto('/messages');
    await expect(page.getByRole('link', { name: /^工作台/ })).toContainText(/\d+ 条留言需要您处理/);
  });

  test('staff see the triage queue and the departments tab, with their counts', async ({ page, context, request, baseURL }) => {
    const s = await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    await page.goto('/work');
    const tabs = page.getByRole('navigation', { name: '工作台分类' });
    await expect(tabs.getByRole('link', { name: /^待分派/ })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: '待分派' })).toBeVisible();
    await expect(page.locator('main article').first().or(page.getByText('没有待分派的留言'))).toBeVisible();
    const summary = (await call(request, 'get', baseURL!, '/work/summary', s.token)) as Summary;
    await expect(tabs.getByRole('link', { name: /^待分派/ })).toHaveText(/^待分派\d+$/);
    expect(Number((await tabs.getByRole('link', { name: /^待分派/ }).innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(Math.min(summary.triage, 1));
    await tabs.getByRole('link', { name: /^部门办理/ }).click();
    await expect(page).toHaveURL(/\/work\?tab=inbox$/);
    await expect(tabs.getByRole('link', { name: /^部门办理/ })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: '需要您处理' })).toBeVisible();
    await expect(filters(page)).toBeVisible();
  });

  test('deputies land on 工作台 after signing in and when the app starts at / with open work; never from a deep link; a switch turns it off', async ({ page, request, baseURL }, info) => {
    const base = baseURL!;
    const who = deputyOf(info);
    await messageFor(request, base, who.id, uniqueTitle('落地测试路灯', info.project.name), 'fast');
    // signing in from 我的
    await page.goto('/me');
    await page.locator('main').getByRole('link', { name: '登录' }).click();
    await signInWithUi(page, who.phone);
    await expect(page).toHaveURL(/\/work$/);
    await expect(page.getByRole('heading', { level: 2, name: '需要您处理' })).toBeVisible();
    // the app starts at /: 工作台, at once (the open work is known on the device)
    await page.goto('/');
    await expect(page).toHaveURL(/\/work$/);
    // a deep link (a QR code, an article, a category) is where the person meant to go
    for (const deep of ['/d/LW01', '/?category=meeting', '/messages']) {
      await page.goto(deep);
      await page.waitForLoadState('networkidle');
      await expect(page).toHaveURL(new RegExp(`${deep.replace(/[?]/g, '\\?')}$`));
    }
    // without the device's note of open work, the app asks and then lands
    const userId = await page.evaluate(() => JSON.parse(localStorage.getItem('zsrd.session.v1')!).user.id as string);
    await page.evaluate((id) => localStorage.removeItem(`zsrd.u.${id}.work.open`), userId);
    await page.goto('/');
    await expect(page).toHaveURL(/\/work$/);
    // turned off in 我的: the app starts on 首页
    await page.goto('/me');
    const landing = page.getByRole('switch', { name: /打开应用时先进入工作台/ });
    await expect(landing).toHaveAttribute('aria-checked', 'true');
    await landing.click();
    await expect(landing).toHaveAttribute('aria-checked', 'false');
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL(/\/$/);
    // and on again (the next tests of this deputy expect it)
    await page.goto('/me');
    await page.getByRole('switch', { name: /打开应用时先进入工作台/ }).click();
    await expect(page.getByRole('switch', { name: /打开应用时先进入工作台/ })).toHaveAttribute('aria-checked', 'true');
  });

  test('the handling panel: the answer first, from a saved reply; 转交 folded; the hint says who reads it', async ({ page, context, request, baseURL, axe }, info) => {
    const base = baseURL!;
    const who = deputyOf(info);
    const session: ApiSession = await signInWithApi(context, request, base, who.phone);
    // no saved replies to start from: the examples show
    const saved = async () => ((await call(request, 'get', base, '/reply-templates', session.token)).items as { id: string; body: string }[]);
    for (const t of await saved()) await call(request, 'delete', base, `/reply-templates/${t.id}`, session.token);
    const title = uniqueTitle('常用答复路灯', info.project.name);
    const m = await messageFor(request, base, who.id, title, 'fast');
    const shared = await messageFor(request, base, who.id, uniqueTitle('公开答复路灯', info.project.name), 'fast', true);

    await page.goto(`/messages/${m.id}`);
    const panel = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: '办理' }) });
    await expect(panel.getByRole('heading', { level: 3 }).first()).toHaveText('答复群众');
    await expect(panel.getByText('这条留言不公开：答复只有留言人和办理人员能看到')).toBeVisible();
    // One primary button: the answer's (the status buttons are secondary; the folded forms hidden).
    await expect(panel.locator('.btn-primary:visible')).toHaveCount(1);
    await expect(panel.getByRole('button', { name: '发送答复' })).toHaveClass(/btn-primary/);
    // 转交 is folded away until wanted
    const handOver = panel.getByRole('button', { name: '转交职能部门' });
    await expect(handOver).toHaveAttribute('aria-expanded', 'false');
    await expect(panel.getByLabel('转交给')).toBeHidden();
    await handOver.click();
    await expect(handOver).toHaveAttribute('aria-expanded', 'true');
    await expect(panel.getByLabel('转交原因')).toBeVisible();
    await handOver.click();
    await expect(panel.getByLabel('转交原因')).toBeHidden();

    // an example fills the answer; it is saved as a reply of one's own
    const answer = page.getByLabel('答复内容');
    await panel.getByRole('button', { name: /^您好，您反映的问题已收到/ }).click();
    await expect(answer).toHaveValue('您好，您反映的问题已收到，我们正在核实情况，会尽快答复您。');
    await expect(answer).toBeFocused();
    await answer.fill('您好，已联系镇供电所，明天上午派人更换灯具。');
    await panel.getByRole('button', { name: '存为常用答复' }).click();
    await expect(panel.getByText('已存为常用答复')).toBeVisible();
    expect((await saved()).map((t) => t.body)).toEqual(['您好，已联系镇供电所，明天上午派人更换灯具。']);
    await axe({ label: 'handling panel' });

    // changed and deleted under 管理常用答复 (deleting asks first)
    await page.reload();
    await expect(panel.getByRole('button', { name: /^您好，已联系镇供电所/ })).toBeVisible();
    await panel.getByRole('button', { name: '管理常用答复' }).click();
    await panel.getByRole('button', { name: '修改', exact: true }).click();
    await panel.getByLabel('修改常用答复').fill('您好，已联系镇供电所，今天下午派人更换灯具。');
    await panel.getByRole('button', { name: '保存修改' }).click();
    await expect(panel.getByRole('button', { name: /^您好，已联系镇供电所，今天下午/ })).toBeVisible();
    expect((await saved()).map((t) => t.body)).toEqual(['您好，已联系镇供电所，今天下午派人更换灯具。']);

    // answering from it
    await answer.fill('');
    await panel.getByRole('button', { name: /^您好，已联系镇供电所，今天下午/ }).click();
    await expect(answer).toHaveValue('您好，已联系镇供电所，今天下午派人更换灯具。');
    await panel.getByRole('button', { name: '发送答复' }).click();
    await expect(page.getByText('答复已发送')).toBeVisible();
    await expect(page.getByText('您好，已联系镇供电所，今天下午派人更换灯具。').first()).toBeVisible();

    await panel.getByRole('button', { name: '管理常用答复' }).click();
    await panel.getByRole('button', { name: '删除', exact: true }).click();
    await expect(panel.getByRole('alertdialog')).toContainText('确定删除这条常用答复吗？');
    await panel.getByRole('alertdialog').getByRole('button', { name: '删除' }).click();
    await expect(panel.getByText(/还没有保存常用答复/)).toBeVisible();
    expect(await saved()).toEqual([]);

    // answered (fast track): out of what needs the deputy, still under 全部
    await page.goto('/work');
    await expect(page.getByRole('heading', { level: 2, name: '需要您处理' })).toBeVisible();
    await expect(page.locator('main article').first()).toBeVisible();
    await expect(page.locator('main article').filter({ hasText: title })).toHaveCount(0);
    await page.goto('/work?status=replied');
    await expect(page.locator('main article').filter({ hasText: title })).toHaveCount(1);

    // a public message: the hint says the answer is public
    await page.goto(`/messages/${shared.id}`);
    await expect(page.getByText('这是公开留言：您的答复会显示在公开留言板上')).toBeVisible();
  });

  test('a plan step\'s due date is chosen in Chinese, without the browser\'s date input', async ({ page, context, request, baseURL, axe }, info) => {
    const base = baseURL!;
    const who = deputyOf(info);
    await signInWithApi(context, request, base, who.phone);
    const m = await messageFor(request, base, who.id, uniqueTitle('进度日期修桥', info.project.name), 'major');
    await page.goto(`/messages/${m.id}`);
    await expect(page.getByRole('heading', { level: 3, name: '办理进度时间表' })).toBeVisible();
    const add = page.getByRole('button', { name: '添加步骤' });
    await expect(add).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByLabel('步骤名称')).toBeHidden();
    await add.click();
    await expect(page.locator('input[type=date]')).toHaveCount(0);
    await page.getByLabel('步骤名称').fill('现场勘查');
    // Today in the township (the tests run in Asia/Shanghai), a week on, in words.
    const inAWeek = await page.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() + 7);
      return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'][d.getDay()]}`;
    });
    const due = page.getByRole('group', { name: '完成日期' });
    await due.getByRole('radio', { name: /一周后/ }).check();
    await expect(page.getByText(`完成日期：${inAWeek}`)).toBeVisible();
    // 自选日期: 年 / 月 / 日 in Chinese; the day follows the month
    await due.getByRole('radio', { name: '自选日期' }).check();
    const year = page.getByLabel('年', { exact: true });
    const month = page.getByLabel('月', { exact: true });
    const day = page.getByLabel('日', { exact: true });
    const nextYear = String(new Date().getFullYear() + 1);
    await year.selectOption({ label: `${nextYear}年` });
    await month.selectOption({ label: '2月' });
    await expect(day.locator('option')).toHaveCount(Number(nextYear) % 4 === 0 ? 29 : 28);
    await day.selectOption({ label: '20日' });
    await expect(page.getByText(new RegExp(`完成日期：${nextYear}年2月20日 星期`))).toBeVisible();
    await axe({ label: 'plan step date' });
    await page.getByRole('button', { name: '保存步骤' }).click();
    await expect(page.getByText('已添加步骤')).toBeVisible();
    await expect(page.getByText('现场勘查').first()).toBeVisible();
    await expect(page.getByText(`${nextYear}年2月20日`).first()).toBeVisible();
    await expect(add).toHaveAttribute('aria-expanded', 'false');
  });
});
