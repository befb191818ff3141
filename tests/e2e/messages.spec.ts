// 留言 journeys (helper MESSAGES) against the demo server: writing a message with a photo, the outbox
// while offline, rating a resolved message, and the public board signed out.
import { samplePhoto } from './support/photo';
import { test, expect, NETWORK_ERRORS, partsLoaded } from './support/fixtures';
import { freshPhone, signInWithApi, uniqueTitle } from './support/auth';

test.describe('messages', () => {
  test('write to a deputy with a photo → the confirmation → 已提交 / 待受理 → in 我的留言', async ({ page, context, request, baseURL, axe }, info) => {
    await signInWithApi(context, request, baseURL!, freshPhone());
    const title = uniqueTitle('路灯坏了', info.project.name);
    await page.goto('/messages/new?to=deputy:dp_lw01');
    await expect(page.getByText('致代表：陈志强')).toBeVisible();
    await page.getByLabel('类别').selectOption({ label: '道路交通' });
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill('龙湾村村口的三盏路灯已经坏了两周，晚上出行不便。');
    await expect(page.getByText(`${[...title].length}/40 字`)).toBeVisible();
    await page.locator('#compose-photos').setInputFiles(samplePhoto());
    await expect(page.getByRole('img', { name: '照片 1' })).toBeVisible();
    // (by keyboard: a click near the bottom would land on the fixed tab bar)
    const isPublic = page.getByRole('radio', { name: /公开留言/ });
    await isPublic.focus();
    await page.keyboard.press('Space');
    await expect(isPublic).toBeChecked();
    await axe({ label: 'compose' });
    await page.getByRole('button', { name: '发送留言' }).click();
    // The confirmation: to whom, when it will be assigned and by which rule answered, the alert.
    await expect(page).toHaveURL(/\/messages\/[^/?]+\/sent$/);
    await expect(page.getByRole('heading', { level: 1, name: '留言已发出' })).toBeFocused();
    await expect(page.getByText('已发给 陈志强（人大代表）')).toBeVisible();
    await expect(page.getByText(`《${title}》`)).toBeVisible();
    await expect(page.getByText(/^联络站会在 .+ 前把它分派给专人办理。$/)).toBeVisible();
    await expect(page.getByText('分派后，民生小事 5 天内答复，重大议题 30 天内办结。')).toBeVisible();
    await expect(page.getByText(/会在“消息提醒”.*里告诉您/)).toBeVisible();
    await axe({ label: 'sent' });
    await page.getByRole('link', { name: '查看这条留言' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.locator('main').getByText('待受理').first()).toBeVisible();
    await expect(page.getByRole('listitem').and(page.locator('[aria-current="step"]'))).toContainText('已提交');
    await axe({ label: 'message' });
    // Back from the message goes to the confirmation, and back from there not to an empty form.
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: '留言已发出' })).toBeVisible();
    await page.goto('/messages');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  });

  test('offline send waits in the outbox and is delivered once when back online', async ({ page, context, request, baseURL, consoleGuard }, info) => {
    consoleGuard.allow(NETWORK_ERRORS);
    const session = await signInWithApi(context, request, baseURL!, freshPhone());
    const title = uniqueTitle('断网留言', info.project.name);
    await page.goto('/messages/new?to=department:dept_agri');
    await page.getByLabel('类别').selectOption({ index: 1 });
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill('这是一条在没有网络的时候发送的留言。');
    await partsLoaded(page);
    await context.setOffline(true);
    await page.getByRole('button', { name: '发送留言' }).click();
    await expect(page.getByText('等待网络恢复后自动发送')).toBeVisible();
    await context.setOffline(false);
    await expect(page.getByText('已发送：')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('等待网络恢复后自动发送')).toHaveCount(0);
    // A message sent later has its confirmation too.
    await page.getByRole('link', { name: title }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '留言已发出' })).toBeVisible();
    await expect(page.getByText('已发给 农业农村办')).toBeVisible();
    const mine = await request.get(new URL('/api/v1/messages/mine', baseURL).toString(), {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    const items = (await mine.json()).items as { title: string }[];
    expect(items.filter((m) => m.title === title)).toHaveLength(1);
  });

  test('a category chip of the board shows its choice and that category\'s messages', async ({ page, request, baseURL }) => {
    await page.goto('/board');
    await expect(page.locator('main article').first()).toBeVisible();
    const nav = page.getByRole('navigation', { name: '分类' });
    const chip = nav.locator('a[href^="/board?category="]').first();
    const id = new URL((await chip.getAttribute('href'))!, baseURL).searchParams.get('category')!;
    const res = await request.get(new URL(`/api/v1/board?category=${encodeURIComponent(id)}&limit=5`, baseURL).toString());
    const { items } = (await res.json()) as { items: { title: string }[] };
    await chip.click();
    await expect(page).toHaveURL(/\/board\?category=/);
    await expect(chip).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: '全部' })).not.toHaveAttribute('aria-current', 'page');
    // (the list follows the chip after the next paint: src/pages/messages.rs)
    if (items.length) await expect(page.locator('main article h2').first()).toHaveText(items[0].title);
    else await expect(page.locator('main article')).toHaveCount(0);
  });

  test('the public board works signed out; 留言 asks to sign in', async ({ page, axe }) => {
    await page.goto('/board');
    await expect(page.getByRole('heading', { level: 1, name: '公开留言' })).toBeVisible();
    const first = page.locator('main article').first();
    await expect(first).toBeVisible();
    await axe({ label: 'board' });
    const name = (await first.getByRole('heading', { level: 2 }).innerText()).trim();
    await first.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByLabel('想补充的内容')).toHaveCount(0);
    await page.goto('/messages');
    await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
    await expect(page.getByRole('link', { name: '查看公开留言' })).toBeVisible();
  });
});
