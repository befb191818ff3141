// The service hub (首页), choosing whom to write to, stations and deputies with 拨打/导航,
// article pictures full screen, the end of an article, and search (issue 10, items 2, 6, 7).
// Run against the demo server (see support/global-setup.ts), as Android Chrome and as WeChat.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle } from './support/auth';

const services = (page: Page) => page.getByRole('navigation', { name: '办事入口' });
const prefs = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('zsrd.prefs.v1') ?? '{}'));

test.describe('home hub', () => {
  test('first visit: the township, the big entries, and one tap to 长辈模式 that is remembered', async ({ page, axe }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: '掌上人大' })).toBeVisible();
    await expect(page.getByText('龙湾镇', { exact: true })).toBeVisible();
    await expect(page.getByText('清远市清新区龙湾镇人大主席团')).toBeVisible();
    await expect(page.locator('main img[src$="/media/emblem.svg"]').filter({ visible: true })).toBeVisible();

    const hub = services(page);
    await expect(hub.getByRole('link', { name: /给代表留言/ })).toHaveAttribute('href', '/messages/new?choose=1');
    await expect(hub.getByRole('link', { name: /找我的代表/ })).toHaveAttribute('href', '/deputies');
    await expect(hub.getByRole('link', { name: /我的留言/ })).toHaveAttribute('href', '/messages');
    await expect(hub.getByRole('link', { name: /我的留言/ })).toContainText('登录后查看办理进度');
    const call = hub.getByRole('link', { name: '拨打龙湾镇人大代表中心联络站电话 0763-5800101' });
    await expect(call).toHaveAttribute('href', 'tel:0763-5800101');
    await expect(page.getByRole('heading', { level: 2, name: '人大动态' })).toBeVisible();

    const offer = page.getByRole('region', { name: '字太小、看不清？' });
    await expect(offer).toBeVisible();
    await axe({ label: 'home hub with the offer' });
    await offer.getByRole('button', { name: '开启长辈模式' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-elderly', '');
    const done = page.getByRole('status').filter({ hasText: '已开启长辈模式' });
    await expect(done).toBeFocused();
    expect(await prefs(page)).toMatchObject({ elderly: true, offered: true });
    await axe({ label: 'home hub in elderly mode' });

    // Answered: never offered again, and the choice stays.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '掌上人大' })).toBeVisible();
    await expect(page.locator('main article').first()).toBeVisible();
    await expect(page.getByRole('region', { name: '字太小、看不清？' })).toHaveCount(0);
    await expect(page.locator('html')).toHaveAttribute('data-elderly', '');
  });

  test('a "no" is remembered too; "only larger text" sets the size', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('region', { name: '字太小、看不清？' }).getByRole('button', { name: '不用了' }).click();
    await expect(page.getByRole('status').filter({ hasText: '保持现在的样子' })).toBeFocused();
    expect(await prefs(page)).toMatchObject({ elderly: false, offered: true, font: 'standard' });
    await page.reload();
    await expect(page.locator('main article').first()).toBeVisible();
    await expect(page.getByRole('region', { name: '字太小、看不清？' })).toHaveCount(0);
    await expect(page.locator('html')).not.toHaveAttribute('data-elderly');

    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('button', { name: '只把字调大' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-font', '3');
    expect(await prefs(page)).toMatchObject({ elderly: false, offered: true, font: 'larger' });
  });

  test('signed in, 我的留言 says how many are being handled', async ({ page, context, request, baseURL }) => {
    const session = await signInWithApi(context, request, baseURL!, ACCOUNTS.citizen.phone);
    const r = await request.get(new URL('/api/v1/messages/mine/summary', baseURL).toString(), {
      headers: { authorization: `Bearer ${session.token}` },
    });
    const { open } = await r.json();
    expect(open).toBeGreaterThan(0);
    await page.goto('/');
    await expect(services(page).getByRole('link', { name: /我的留言/ })).toContainText(`${open} 件正在办理`);
  });
});

test.describe('choosing whom to write to', () => {
  test('not sure whom → the liaison station: from home to a sent message in the triage queue', async ({ page, context, request, baseURL, axe }, info) => {
    const session = await signInWithApi(context, request, baseURL!, freshPhone());
    await page.goto('/');
    await services(page).getByRole('link', { name: /给代表留言/ }).click();
    await expect(page).toHaveURL(/\/messages\/new\?choose=1$/);
    await expect(page.getByRole('heading', { level: 1, name: '选择留言对象' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '人大代表' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '镇里的部门' })).toBeVisible();
    await expect(page.getByRole('button', { name: /陈志强/ })).toContainText('龙湾村选区');
    await axe({ label: 'recipient picker' });

    await page.getByRole('button', { name: /不确定找谁？交给联络站/ }).click();
    await expect(page).toHaveURL(/\/messages\/new$/);
    await expect(page.getByText('交给联络站：龙湾镇人大代表中心联络站')).toBeVisible();
    await expect(page.getByText(/联络站工作人员会在第二天结束前/)).toBeVisible();
    const title = uniqueTitle('不知道找谁', info.project.name);
    await page.getByLabel('类别').selectOption({ label: '其他' });
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill('家门口的水沟堵了好几天，不知道该找哪个部门。');
    await axe({ label: 'compose to the station' });
    await page.getByRole('button', { name: '发送留言' }).click();
    await expect(page).toHaveURL(/\/messages\/m_/);

    const mine = await request.get(new URL('/api/v1/messages/mine', baseURL).toString(), {
      headers: { authorization: `Bearer ${session.token}` },
    });
    const sent = (await mine.json()).items.find((m: { title: string }) => m.title === title);
    expect(sent.recipient).toEqual({ kind: 'station', id: 'st_center', name: '龙湾镇人大代表中心联络站' });
    const staff = await apiSession(request, baseURL!, ACCOUNTS.staff.phone);
    const queue = await request.get(new URL('/api/v1/triage?limit=50', baseURL).toString(), {
      headers: { authorization: `Bearer ${staff.token}` },
    });
    expect((await queue.json()).items.map((m: { id: string }) => m.id)).toContain(sent.id);
  });

  test('search, my village first, and 更换 from the form comes back to it', async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, freshPhone());
    await page.goto('/messages/new?to=deputy:dp_lw01');
    await expect(page.getByText('致代表：陈志强')).toBeVisible();
    await page.getByLabel('标题').fill('想问问村里的事');
    await page.getByRole('link', { name: '更换' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '选择留言对象' })).toBeVisible();

    // My village: its deputies first, marked.
    await page.getByLabel('我住在哪个村（社区）').selectOption({ label: '和平村' });
    const firstDeputy = page.locator('main section').filter({ has: page.getByRole('heading', { name: '人大代表' }) }).getByRole('button').first();
    await expect(firstDeputy).toContainText('本村');
    await expect(firstDeputy).toContainText('和平村人大代表联络点');

    // Search deputies (by constituency) and departments (by what they do).
    await page.getByRole('searchbox', { name: '搜索代表姓名、村名或部门' }).fill('石峡');
    await expect(page.getByRole('button', { name: /何美玲/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /陈志强/ })).toHaveCount(0);
    await page.getByRole('searchbox', { name: '搜索代表姓名、村名或部门' }).fill('垃圾');
    await expect(page.getByRole('button', { name: /生态环境办/ })).toBeVisible();
    await page.getByRole('button', { name: /生态环境办/ }).click();

    // Back on the form (not a second copy of it), with what was typed and the new recipient.
    await expect(page).toHaveURL(/\/messages\/new$/);
    await expect(page.getByText('致部门：生态环境办')).toBeVisible();
    await expect(page.getByLabel('标题')).toHaveValue('想问问村里的事');
    await page.goBack();
    await expect(page).not.toHaveURL(/\/messages\/new/);

    // The village is remembered on the device, and the directory uses it too.
    await page.goto('/deputies');
    await expect(page.getByLabel('我住在哪个村（社区）')).toHaveValue(/和平村/);
    await expect(page.locator('main article').first()).toContainText('和平村人大代表联络点');
  });
});

test.describe('stations, deputies, articles, search', () => {
  test('a station has big 拨打 and 导航 buttons that open the map apps', async ({ page, axe }, info) => {
    await page.goto('/stations/st_heping');
    await expect(page.getByRole('heading', { level: 1, name: '和平村人大代表联络点' })).toBeVisible();
    await expect(page.getByRole('link', { name: '拨打和平村人大代表联络点的电话 0763-5800102' })).toHaveAttribute('href', 'tel:0763-5800102');
    await expect(page.getByText('和平村、大坪村')).toBeVisible();
    await page.getByText('导航', { exact: true }).click();
    const amap = page.getByRole('link', { name: '高德地图' });
    await expect(amap).toHaveAttribute('href', /^https:\/\/uri\.amap\.com\/marker\?position=112\.94803,23\.82651&/);
    await expect(page.getByRole('link', { name: '百度地图' })).toHaveAttribute('href', /^https:\/\/api\.map\.baidu\.com\/marker\?location=23\.82651,112\.94803&/);
    // WeChat refuses geo: links; an Android browser hands them to the phone's map app.
    await expect(page.getByRole('link', { name: '手机自带地图' })).toHaveCount(info.project.name === 'wechat' ? 0 : 1);
    await axe({ label: 'station with call and directions' });

    await page.goto('/deputies/dp_lw04');
    const contact = page.getByRole('region', { name: '联系代表' });
    await expect(contact.getByRole('link', { name: /拨打和平村人大代表联络点的电话/ })).toHaveAttribute('href', 'tel:0763-5800102');
    await expect(contact.getByText('导航', { exact: true })).toBeVisible();
  });

  test('an article picture opens full screen, zooms and closes with back or Escape; related reads and 给代表留言 at the end', async ({ page, axe }) => {
    await page.goto('/');
    await page.locator('main article').first().getByRole('link').click();
    await expect(page.locator('main article h1').filter({ visible: true })).toBeVisible();
    const open = page.getByRole('button', { name: /^查看大图/ }).first();
    await open.click();
    const viewer = page.getByRole('dialog', { name: '查看大图' });
    await expect(viewer).toBeVisible();
    await expect(viewer.getByRole('button', { name: '关闭' })).toBeFocused();
    await expect(viewer.getByRole('button', { name: '缩小' })).toBeDisabled();
    const img = viewer.locator('img');
    await viewer.getByRole('button', { name: '放大' }).click();
    await expect(img).toHaveAttribute('style', 'width:150%');
    await axe({ label: 'picture full screen' });

    // A pinch: two fingers moving apart double the size.
    await viewer.locator('img').evaluate((el) => {
      const stage = el.parentElement!;
      const fire = (type: string, id: number, x: number) =>
        stage.dispatchEvent(new PointerEvent(type, { pointerId: id, clientX: x, clientY: 300, bubbles: true, cancelable: true, pointerType: 'touch', isPrimary: id === 1 }));
      fire('pointerdown', 1, 150);
      fire('pointerdown', 2, 200);
      fire('pointermove', 2, 250);
      fire('pointerup', 2, 250);
      fire('pointerup', 1, 150);
    });
    await expect(img).toHaveAttribute('style', 'width:300%');

    // The phone's back button closes the picture, not the article.
    const url = page.url();
    await page.goBack();
    await expect(viewer).toBeHidden();
    expect(page.url()).toBe(url);
    await expect(page.locator('main article h1').filter({ visible: true })).toBeVisible();
    await open.click();
    await expect(viewer).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(open).toBeFocused();
    // Closed with Escape: its history entry went with it, so back leaves the article.
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: '掌上人大' })).toBeVisible();
    await page.goForward();

    const related = page.getByRole('region', { name: '相关阅读' });
    await expect(related).toBeVisible();
    const links = related.getByRole('link');
    expect(await links.count()).toBeGreaterThan(0);
    expect(await links.count()).toBeLessThanOrEqual(3);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(new URL(href!, page.url()).pathname).not.toBe(new URL(page.url()).pathname);
    }
    await expect(page.getByRole('link', { name: '有意见建议？给代表留言' })).toHaveAttribute('href', 'messages/new?choose=1');
    await axe({ label: 'article end' });
  });

  test('search: best matches first, the words marked, suggestions when there is nothing to show', async ({ page, axe }) => {
    await page.goto('/search');
    const topics = page.getByRole('region', { name: '按栏目浏览' });
    await expect(topics.getByRole('link', { name: '惠民政策' })).toHaveAttribute('href', /^\/policy\?category=/);
    await expect(page.getByRole('region', { name: '最近搜过' })).toHaveCount(0);
    await axe({ label: 'search suggestions' });

    const box = page.getByRole('searchbox', { name: '搜索文章' });
    await box.fill('养老');
    await box.press('Enter');
    const results = page.locator('main article');
    await expect(results.first()).toBeVisible();
    await expect(results.first().getByRole('heading', { level: 2 })).toContainText('养老');
    await expect(results.first().locator('mark').first()).toHaveText('养老');
    // A result found in its body says where: the passage, marked.
    await box.fill('路灯');
    await box.press('Enter');
    await expect(page.locator('main article').getByText('正文：').first()).toBeVisible();
    await expect(page.locator('main article p mark').first()).toHaveText('路灯');
    await axe({ label: 'search results' });

    // Nothing found: the same suggestions, and this phone's recent searches.
    await box.fill('没有这种内容的关键词');
    await box.press('Enter');
    await expect(page.getByText('没有找到与“没有这种内容的关键词”相关的内容，换个关键词试试。')).toBeVisible();
    const recent = page.getByRole('region', { name: '最近搜过' });
    await expect(recent.getByRole('link', { name: '养老' })).toBeVisible();
    await expect(page.getByRole('region', { name: '按栏目浏览' })).toBeVisible();
    await recent.getByRole('button', { name: '清除搜索记录' }).click();
    await expect(page.getByRole('region', { name: '最近搜过' })).toHaveCount(0);
  });
});
