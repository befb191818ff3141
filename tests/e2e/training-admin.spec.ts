// 培训管理 (issue 13: the staff's table, its CSV export, reminding those behind, assigning a
// course) against the demo server, as Android Chrome and as WeChat. The demo has two courses
// assigned: 代表法要点 to the central station (due in 12 days) and the replies course to 陈志强 and
// 何美玲 (due in 2 days), so both are behind. axe-core on both screens; the page never scrolls
// sideways at 320 px (the table scrolls in its own region).
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, apiSession, signInWithApi } from './support/auth';

const api = (base: string, path: string) => new URL(`/api/v1${path}`, base).toString();

async function pageFits(page: Page, label: string) {
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => document.documentElement.scrollWidth), label).toBeLessThanOrEqual(page.viewportSize()!.width);
}

const table = (page: Page) => page.getByRole('table');
const rowOf = (page: Page, name: string) => table(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });

test.describe('training management', () => {
  test('staff see every deputy, sort the table, export it as CSV and remind those behind', async ({ page, context, request, baseURL, axe }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    await page.goto('/work');
    await page.getByRole('link', { name: '培训管理' }).click();
    await expect(page).toHaveURL(/\/work\/training$/);
    await expect(page.getByRole('heading', { level: 1, name: '培训管理' })).toBeVisible();

    // every demo deputy, 陈志强 behind with the replies course
    await expect(table(page).getByRole('rowheader')).toHaveCount(12);
    await expect(rowOf(page, ACCOUNTS.deputy.name)).toContainText('需督促');
    await expect(rowOf(page, '黄伟明')).toContainText('未开通账号');
    await expect(page.getByRole('region', { name: '各联络站' })).toContainText('代表 3 人');
    await axe({ label: 'training report' });
    await pageFits(page, 'training report');

    // a tap on 代表 sorts by name, A→Z; again, Z→A
    const byName = page.getByRole('columnheader', { name: /代表/ });
    await byName.getByRole('button').click();
    await expect(byName).toHaveAttribute('aria-sort', 'ascending');
    const names = await table(page).getByRole('rowheader').getByRole('link').allTextContents();
    expect(names).toEqual([...names].sort());
    await byName.getByRole('button').click();
    await expect(byName).toHaveAttribute('aria-sort', 'descending');
    expect(await table(page).getByRole('rowheader').getByRole('link').first().textContent()).toBe([...names].sort().reverse()[0]);

    // one station only
    await page.getByLabel('范围').selectOption({ label: '龙湾镇人大代表中心联络站' });
    await expect(page).toHaveURL(/station=st_center/);
    await expect(table(page).getByRole('rowheader')).toHaveCount(3);

    // the CSV export of what is shown
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出表格（CSV）' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^培训情况-.+\.csv$/);
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('代表,联络站');
    const shown = await table(page).getByRole('rowheader').getByRole('link').allTextContents();
    for (const name of shown) expect(csv).toContain(`${name},`);

    // remind those behind: told how many (a second run within a day counts them as reminded)
    await page.goto('/work/training');
    await page.getByRole('button', { name: /提醒需督促的代表（\d+ 人）/ }).click();
    await expect(page.getByRole('status').filter({ hasText: '已提醒' })).toContainText(/已提醒 \d+ 人；\d+ 人24小时内已提醒过；\d+ 人未开通账号/);
    const deputy = await apiSession(request, baseURL!, ACCOUNTS.deputy.phone);
    const alerts = await (await request.get(api(baseURL!, '/notifications'), { headers: { Authorization: `Bearer ${deputy.token}` } })).json();
    expect(alerts.items.some((n: { kind: string }) => n.kind === 'training_reminder')).toBe(true);
  });

  test('staff assign a course to a named deputy, who is alerted', async ({ page, context, request, baseURL, axe }, info) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    await page.goto('/work/training');
    await page.getByRole('link', { name: '指派课程' }).click();
    await expect(page).toHaveURL(/\/work\/training\/assign$/);
    await expect(page.getByRole('heading', { level: 1, name: '指派课程' })).toBeVisible();

    // nothing chosen: said at the field
    await page.getByRole('button', { name: '指派', exact: true }).click();
    await expect(page.getByText('请选择课程。')).toBeVisible();

    const course = info.project.name.includes('wechat') ? '预算审查监督入门' : '数据看懂民意';
    await page.getByLabel('课程').selectOption({ label: course });
    await page.getByLabel('指派给').selectOption({ label: '指定代表' });
    const who = page.getByRole('group', { name: '选择代表' });
    await who.getByRole('checkbox', { name: new RegExp(ACCOUNTS.deputy2.name) }).check();
    await expect(who).toContainText('已选 1 人');
    await page.getByLabel('完成期限').selectOption({ label: '7 天内' });
    await page.getByLabel('备注（选填）').fill('请在一周内学完');
    await axe({ label: 'assign a course' });
    await pageFits(page, 'assign a course');
    await page.getByRole('button', { name: '指派', exact: true }).click();
    await expect(page.getByRole('status')).toContainText(`已把《${course}》指派给 1 位代表。`);

    // the assignment is listed, and 何美玲 is alerted with the note
    await page.getByRole('link', { name: '返回培训管理' }).click();
    await expect(page.getByRole('region', { name: '已指派的课程' })).toContainText(course);
    const deputy = await apiSession(request, baseURL!, ACCOUNTS.deputy2.phone);
    const alerts = await (await request.get(api(baseURL!, '/notifications'), { headers: { Authorization: `Bearer ${deputy.token}` } })).json();
    const told = alerts.items.filter((n: { kind: string; body: string }) => n.kind === 'course_assigned' && n.body.includes(course));
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(told[0].body).toContain('请在一周内学完');
  });

  test('a deputy cannot open training management', async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.deputy.phone);
    await page.goto('/work/training');
    await expect(page.getByText('培训管理仅供联络站工作人员使用。')).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
  });
});
