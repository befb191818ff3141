// People journeys: sign-in on the app's screen, the account on 我的, the deputy directory, a
// station, a deputy's profile with their QR code and printable card, the QR short link, and the
// public responsiveness table. Run against the demo server (see support/global-setup.ts).
import type { Page } from '@playwright/test';
import { test, expect, NETWORK_ERRORS } from './support/fixtures';
import { ACCOUNTS, signInWithUi } from './support/auth';

const tabBar = (page: Page) => page.getByRole('navigation', { name: '主导航' });

async function noHorizontalScroll(page: Page, what: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `page width of ${what}`).toBeLessThanOrEqual(page.viewportSize()?.width ?? 390);
}

test.describe('people', () => {
  test('sign in from 我的 with the demo code, see the account, sign out after confirming', async ({ page, axe }, testInfo) => {
    // One account per project: a new code voids the previous one of the same phone.
    const who = testInfo.project.name === 'wechat' ? ACCOUNTS.citizen2 : ACCOUNTS.citizen;
    await page.goto('/me');
    const account = page.getByRole('region', { name: '账号' });
    await account.getByRole('link', { name: '登录' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    await expect(tabBar(page).getByRole('link', { name: '我的' })).toHaveAttribute('aria-current', 'page');
    await axe({ label: 'sign-in' });

    // A wrong phone is caught on the device.
    await page.getByLabel('手机号').fill('12345');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText('请输入正确的 11 位手机号')).toBeVisible();

    await signInWithUi(page, who.phone);
    await expect(page).toHaveURL(/\/me$/);
    await expect(account.getByText(who.name)).toBeVisible();
    await expect(account.getByText(`138****${who.phone.slice(-4)}`)).toBeVisible();
    await expect(account.getByText('群众')).toBeVisible();
    await expect(account.getByRole('link', { name: '我的留言' })).toHaveAttribute('href', 'messages');
    await expect(account.getByRole('link', { name: '工作台' })).toHaveCount(0);
    await axe({ label: 'me (signed in)' });

    await account.getByRole('button', { name: '退出登录' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText('确定退出登录吗？');
    await confirm.getByRole('button', { name: '取消' }).click();
    await expect(account.getByText(who.name)).toBeVisible();
    await account.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '退出登录' }).click();
    await expect(account.getByRole('status')).toHaveText('已退出登录');
    await expect(account.getByRole('link', { name: '登录' })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('zsrd.session.v1'))).toBeNull();
  });

  test('a deputy signs in from 我的, lands on 工作台, and finds it in 我的 too', async ({ page }, testInfo) => {
    await page.goto('/sign-in?next=%2Fme');
    await signInWithUi(page, (testInfo.project.name === 'wechat' ? ACCOUNTS.deputy2 : ACCOUNTS.deputy).phone);
    // (deputies and staff land on their workspace after signing in from 我的 or 首页)
    await expect(page).toHaveURL(/\/work$/);
    await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
    await tabBar(page).getByRole('link', { name: '我的' }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByText('人大代表').first()).toBeVisible();
    await expect(page.getByRole('link', { name: /^工作台/ })).toHaveAttribute('href', 'work');
    await expect(page.getByRole('switch', { name: /打开应用时先进入工作台/ })).toHaveAttribute('aria-checked', 'true');
  });

  test('directory → search → profile with figures and QR → printable card; station filter → station', async ({ page, axe }) => {
    await page.goto('/');
    await tabBar(page).getByRole('link', { name: '代表' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '人大代表' })).toBeVisible();
    await expect(page.locator('main article').first()).toBeVisible();
    await axe({ label: 'deputies' });

    await page.getByRole('searchbox', { name: '搜索代表' }).fill('陈志强');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await expect(page).toHaveURL(/q=/);
    await page.locator('main article').getByRole('link', { name: '陈志强' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
    await expect(page.getByRole('link', { name: '给代表留言' })).toHaveAttribute('href', /^\/messages\/new\?to=deputy:/);
    await expect(page.getByRole('term').filter({ hasText: '回复率' })).toBeVisible();
    const qr = page.getByRole('img', { name: /陈志强.*\/d\/LW01$/ });
    await expect(qr).toBeVisible();
    await expect(qr.locator('path')).toHaveCount(1);
    await axe({ label: 'deputy' });

    await page.getByRole('link', { name: '打印二维码名片' }).click();
    await expect(page.getByText('扫码给代表留言')).toBeVisible();
    await expect(page.getByText(/\/d\/LW01$/)).toBeVisible();
    await expect(page.getByRole('button', { name: '打印' })).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
    await expect(tabBar(page)).toBeHidden();
    await page.emulateMedia({ media: 'screen' });

    await page.goto('/deputies');
    const chips = page.getByRole('navigation', { name: '按联络站筛选' }).getByRole('link');
    await expect(chips.first()).toHaveAttribute('aria-current', 'page');
    const station = (await chips.nth(1).innerText()).trim();
    await chips.nth(1).click();
    await expect(page).toHaveURL(/station=/);
    await expect(chips.nth(1)).toHaveAttribute('aria-current', 'page');
    await page.getByRole('link', { name: `联络站介绍：${station}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: station })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: '接待时间' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '本站代表' })).toBeVisible();
    await expect(page.locator('main article').first()).toBeVisible();
    await axe({ label: 'station' });
  });

  test('a QR short link opens the profile with the message button focused; an unknown code explains itself', async ({ page, consoleGuard }) => {
    await page.goto('/d/LW01');
    await expect(page.getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
    await expect(page.getByRole('link', { name: '给代表留言' })).toBeFocused();

    consoleGuard.allow(NETWORK_ERRORS); // the API's 404 is logged by Chromium
    await page.goto('/d/NOPE99');
    await expect(page.getByRole('heading', { level: 1, name: '二维码无效或代表已变更' })).toBeVisible();
    await page.getByRole('link', { name: '查看代表名录' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '人大代表' })).toBeVisible();
  });

  test('the responsiveness table is readable at 320 px', async ({ page, axe }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/responsiveness');
    await expect(page.getByRole('heading', { level: 1, name: '代表履职情况' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '人大代表' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '职能部门' })).toBeVisible();
    await expect(page.getByText(/统计时间：/)).toBeVisible();
    await page.getByText('指标说明').click();
    await expect(page.getByText('从交办到第一次答复所用时间的中位数。')).toBeVisible();
    await noHorizontalScroll(page, '/responsiveness');
    await axe({ label: 'responsiveness' });
    for (const path of ['/deputies', '/d/LW01', '/sign-in', '/me']) {
      await page.goto(path);
      await expect(page.locator('main h1, header h1').first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      await noHorizontalScroll(page, path);
    }
  });
});
