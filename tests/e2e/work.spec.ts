// 工作台 (/work) for each kind of user, against the reference server with its demo data.
// (The handling on a message page is part of the cross-role journeys.)
import { test, expect } from './support/fixtures';
import { ACCOUNTS, signInWithApi } from './support/auth';

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
    await expect(page.getByRole('link', { name: '查看我的留言' })).toHaveAttribute('href', '/messages');
  });

  test('a deputy filters the to-do list by status, kept in the URL', async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.deputy.phone);
    await page.goto('/work');
    await expect(page.getByRole('heading', { level: 2, name: '我的待办' })).toBeVisible();
    const filters = page.getByRole('navigation', { name: '按状态筛选' });
    await expect(filters.getByRole('link', { name: '全部' })).toHaveAttribute('aria-current', 'page');
    await filters.getByRole('link', { name: '办理中' }).click();
    await expect(page).toHaveURL(/\/work\?status=in_progress$/);
    await expect(filters.getByRole('link', { name: '办理中' })).toHaveAttribute('aria-current', 'page');
    // Every card shown has that status (or the list says there is none).
    await expect(page.locator('main article').first().or(page.getByText('没有此状态的留言'))).toBeVisible();
    for (const card of await page.locator('main article').all()) {
      await expect(card).toContainText('办理中');
    }
  });

  test('staff see the triage queue and the departments tab', async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    await page.goto('/work');
    const tabs = page.getByRole('navigation', { name: '工作台分类' });
    await expect(tabs.getByRole('link', { name: '待分派' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: '待分派' })).toBeVisible();
    await expect(page.locator('main article').first().or(page.getByText('没有待分派的留言'))).toBeVisible();
    await tabs.getByRole('link', { name: '部门办理' }).click();
    await expect(page).toHaveURL(/\/work\?tab=inbox$/);
    await expect(page.getByRole('heading', { level: 2, name: '部门办理' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: '按状态筛选' })).toBeVisible();
  });
});
