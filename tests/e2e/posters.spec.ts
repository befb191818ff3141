// 扫码海报 (issue 16 §2, "Reaching people where they are"): staff make a poster for a named place
// — its printable page with the QR code, the target's name and the how-to — and see what it brought;
// a citizen scanning it opens the deputy's page (the poster's `via` taken out of the address), a
// reload does not count again, and a message sent in that visit counts for the poster. Counts
// only: the staff list shows numbers per week. axe-core on the poster screen.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, freshPhone, signInWithApi, signInWithUi, uniqueTitle } from './support/auth';

/** The poster of `place` in the staff list. */
const itemOf = (page: Page, place: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: place }) });

test.describe('posters', () => {
  test('staff make a printable poster; a visit through it and its message are counted', async ({ page, context, browser, request, baseURL, axe, consoleGuard }, info) => {
    const place = uniqueTitle('石峡村委会公告栏', info.project.name);
    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    await page.goto('/work');
    await page.getByRole('link', { name: '扫码海报' }).click();
    await expect(page).toHaveURL(/\/work\/posters$/);
    await expect(page.getByRole('heading', { level: 1, name: '扫码海报' })).toBeVisible();
    // the demo's posters are listed with their weekly counts
    await expect(page.getByRole('heading', { level: 3, name: '龙湾镇卫生院挂号处' })).toBeVisible();

    // a place is needed: the error is at its field
    await page.getByLabel('扫码后打开').selectOption({ label: `${ACCOUNTS.deputy2.name} · 石峡社区人大代表联络点` });
    await page.getByRole('button', { name: '生成海报' }).click();
    await expect(page.getByText('请填写张贴地点（1 至 40 字）')).toBeVisible();
    await page.getByLabel('张贴地点').fill(place);
    await page.getByRole('button', { name: '生成海报' }).click();

    // the printable poster: what scanning does, the QR code to the deputy's page, the how-to
    const poster = page.getByRole('region', { name: `海报：${place}` });
    await expect(poster).toBeVisible();
    await expect(poster.getByText('扫码给代表留言')).toBeVisible();
    const qr = poster.getByRole('img', { name: /二维码：何美玲，/ });
    await expect(qr).toBeVisible();
    const label = (await qr.getAttribute('aria-label')) ?? '';
    const link = label.match(/https?:\/\/\S+/)?.[0] ?? '';
    expect(link).toMatch(new RegExp(`/d/${ACCOUNTS.deputy2.code}\\?via=[A-Za-z0-9_-]+$`));
    await expect(poster.getByRole('listitem')).toHaveText([
      '用微信或手机相机扫描上面的二维码',
      '点“给代表留言”',
      '写下您的事，留下手机号',
      '在“我的留言”查看办理进度',
    ]);
    await expect(poster.getByText('龙湾镇', { exact: true })).toBeVisible();
    await expect(poster.getByRole('button', { name: '打印海报' })).toBeVisible();
    await expect(itemOf(page, place)).toContainText('还没有人扫过这张海报');
    await axe({ label: 'posters' });
    // printing shows the poster alone
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: '生成海报' })).toBeHidden();
    await expect(qr).toBeVisible();
    await page.emulateMedia({ media: 'screen' });

    // ── a citizen scans it: the deputy's page, without `via` in the address
    const citizenContext = await browser.newContext({ ...info.project.use, baseURL });
    consoleGuard.watch(citizenContext);
    const citizen = await citizenContext.newPage();
    const opened = citizen.waitForResponse((r) => /\/api\/v1\/posters\/[^/]+\/opens$/.test(r.url()));
    await citizen.goto(new URL(link).pathname + new URL(link).search);
    expect((await opened).status()).toBe(204);
    await expect(citizen.getByRole('heading', { level: 1, name: ACCOUNTS.deputy2.name })).toBeVisible();
    await expect(citizen).toHaveURL(new RegExp(`/d/${ACCOUNTS.deputy2.code}$`));
    // (a reload within the visit does not count again; the address has no `via` any more anyway)
    await citizen.reload();
    await expect(citizen.getByRole('heading', { level: 1, name: ACCOUNTS.deputy2.name })).toBeVisible();

    // the staff list: 1 scan this week
    await page.reload();
    await expect(itemOf(page, place)).toContainText('共扫码 1 次 · 留言 0 条');
    const weeks = itemOf(page, place).getByRole('table', { name: `${place}：每周扫码和留言` });
    await expect(weeks.getByRole('row')).toHaveCount(2);
    await expect(weeks.getByRole('row').nth(1).getByRole('cell')).toHaveText(['1', '0']);

    // ── in the same visit the citizen signs in and writes to the deputy: one message for the poster
    await citizen.getByRole('link', { name: /给代表留言/ }).click();
    await citizen.getByRole('link', { name: /^登录$/ }).click();
    await signInWithUi(citizen, freshPhone());
    await expect(citizen).toHaveURL(/\/messages\/new$/);
    await citizen.getByLabel('类别').selectOption({ label: '道路交通' });
    await citizen.getByLabel('标题').fill(uniqueTitle('村口路灯不亮', info.project.name));
    await citizen.getByLabel('内容').fill('石峡村委会门口的路灯坏了一个星期，晚上出行不便，请帮忙协调维修。');
    await citizen.getByRole('button', { name: '发送留言' }).click();
    await expect(citizen.getByRole('heading', { level: 1, name: '留言已发出' })).toBeVisible();
    await page.reload();
    await expect(itemOf(page, place)).toContainText('共扫码 1 次 · 留言 1 条');
    await citizenContext.close();
  });
});
