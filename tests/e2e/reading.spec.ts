// Reading journeys of 掌上人大 on a phone (390×844, touch), run once as Android Chrome and once
// inside WeChat's webview user agent (see playwright.config.ts). They use the release build served
// by the reference server with its demo data, and assert what a person sees.
import type { Page } from '@playwright/test';
import { test, expect, NETWORK_ERRORS, partsLoaded } from './support/fixtures';

const feed = (page: Page) => page.locator('main article');
const tabBar = (page: Page) => page.getByRole('navigation', { name: '主导航' });

// 首页 is the service hub: the app's name as its heading, the news (人大动态) below the entries.
const homeHeadings = async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1, name: '掌上人大' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '人大动态' })).toBeAttached();
};

async function openHome(page: Page) {
  await page.goto('/');
  await homeHeadings(page);
  await expect(feed(page).first()).toBeVisible();
}

test.describe('reading', () => {
  test('home → more on scroll → article → back keeps the place → policies → search → events', async ({ page, axe }) => {
    await openHome(page);
    await expect(page).toHaveTitle('掌上人大');
    await axe({ label: 'home' });

    // Infinite scroll: the first page has 20 articles; scrolling to the end loads more.
    await expect(feed(page)).toHaveCount(20);
    await feed(page).last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 4000);
    await expect.poll(() => feed(page).count(), { timeout: 20_000 }).toBeGreaterThan(20);
    await expect(feed(page).nth(24)).toBeVisible();

    // Open an article far down the list.
    const card = feed(page).nth(24);
    await card.scrollIntoViewIfNeeded();
    const title = (await card.getByRole('heading', { level: 2 }).innerText()).trim();
    const scrollBefore = await page.evaluate(() => window.scrollY);
    expect(scrollBefore).toBeGreaterThan(1000);
    await card.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page).toHaveURL(/\/articles\/[^/]+$/);
    await expect(page).toHaveTitle(`${title} - 掌上人大`);
    await expect(page.locator('main article p').first()).toBeVisible();
    await axe({ label: 'article' });

    // Back: the same list, at the same place, without starting over.
    await page.getByRole('button', { name: '返回' }).click();
    await homeHeadings(page);
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeInViewport();
    const scrollAfter = await page.evaluate(() => window.scrollY);
    expect(Math.abs(scrollAfter - scrollBefore)).toBeLessThan(80);

    // Policies and cases.
    await tabBar(page).getByRole('link', { name: '政策' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '政策与案例' })).toBeVisible();
    await expect(page.getByRole('link', { name: '政策解读' })).toHaveAttribute('aria-current', 'page');
    await expect(feed(page).first()).toBeVisible();
    await axe({ label: 'policy' });
    await page.getByRole('link', { name: '优秀案例' }).click();
    await expect(page).toHaveURL(/\/cases$/);
    await expect(page.getByRole('link', { name: '优秀案例' })).toHaveAttribute('aria-current', 'page');
    await expect(feed(page).first()).toBeVisible();

    // Category chips filter the list.
    const chips = page.getByRole('navigation', { name: '分类' });
    const chip = chips.getByRole('link').nth(1);
    const chipName = (await chip.innerText()).trim();
    await chip.click();
    await expect(chip).toHaveAttribute('aria-current', 'page');
    await expect(feed(page).first()).toBeVisible();
    for (const tag of await feed(page).locator('p span:first-child').allInnerTexts()) {
      expect(tag.trim()).toBe(chipName);
    }

    // Search.
    await page.getByRole('link', { name: '搜索' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '搜索' })).toBeVisible();
    const box = page.getByRole('searchbox', { name: '搜索文章' });
    await box.fill('医保');
    await box.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=%E5%8C%BB%E4%BF%9D$/);
    await expect(page.getByRole('heading', { name: '“医保”的搜索结果' })).toBeVisible();
    await expect(feed(page).first()).toBeVisible();
    const hits = await feed(page).getByRole('heading', { level: 2 }).allInnerTexts();
    expect(hits.some((h) => h.includes('医保'))).toBe(true);
    await axe({ label: 'search' });

    await box.fill('没有这种内容的关键词');
    await box.press('Enter');
    await expect(page.getByText('没有找到与“没有这种内容的关键词”相关的内容，换个关键词试试。')).toBeVisible();

    // Events (reached from 首页): upcoming and ongoing first, then past ones.
    await tabBar(page).getByRole('link', { name: '首页' }).click();
    await page.getByRole('link', { name: /相关活动/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '相关活动' })).toBeVisible();
    await expect(feed(page).first()).toBeVisible();
    const statuses = await feed(page).locator('p:first-of-type span').allInnerTexts();
    const firstPast = statuses.indexOf('已结束');
    expect(statuses.slice(0, 3)).not.toContain('已结束');
    if (firstPast >= 0) expect(statuses.slice(firstPast)).not.toContain('即将开始');
    // 即将开始 only within a day of the start; further away, the day it starts.
    const badges = await feed(page).evaluateAll((cards) =>
      cards.map((c) => ({ text: c.querySelector('p span')?.textContent ?? '', at: Date.parse(c.querySelector('time')?.getAttribute('datetime') ?? '') })),
    );
    const now = Date.now();
    for (const b of badges) {
      if (b.text === '即将开始') expect(b.at - now, 'soon means within 24 hours').toBeLessThanOrEqual(24 * 3600_000 + 60_000);
      if (b.at - now > 24 * 3600_000 + 60_000) expect(b.text, 'a later event shows its date').toMatch(/^\d+月\d+日.* 开始$/);
    }
    expect(badges.some((b) => / 开始$/.test(b.text)), 'the demo has events more than a day away').toBe(true);
    // The events list has a way back.
    await expect(page.getByRole('button', { name: '返回' })).toBeVisible();
    await axe({ label: 'events' });
    const eventTitle = (await feed(page).first().getByRole('heading', { level: 2 }).innerText()).trim();
    await feed(page).first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: eventTitle })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: '时间' })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: '地点' })).toBeVisible();
    await axe({ label: 'event' });
  });

  test('a reload on a deep link opens that screen', async ({ page }) => {
    await openHome(page);
    const title = (await feed(page).first().getByRole('heading', { level: 2 }).innerText()).trim();
    await feed(page).first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    // Without in-app history, back goes to the list it belongs to.
    await page.getByRole('button', { name: '返回' }).click();
    await homeHeadings(page);

    await page.goto('/events');
    await feed(page).first().getByRole('link').click();
    await expect(page).toHaveURL(/\/events\/[^/]+$/);
    const url = page.url();
    await page.goto(url);
    await expect(page.getByRole('term').filter({ hasText: '时间' })).toBeVisible();

    await page.goto('/search?q=%E5%85%BB%E8%80%81');
    await expect(page.getByRole('searchbox', { name: '搜索文章' })).toHaveValue('养老');
    await expect(feed(page).first()).toBeVisible();
  });

  test('an unknown route and an unknown article show a clear page, not a blank screen', async ({ page, axe, consoleGuard }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible();
    await axe({ label: '404' });
    await page.getByRole('link', { name: '返回首页' }).click();
    await homeHeadings(page);

    consoleGuard.allow(NETWORK_ERRORS); // the 404 answer of the API is logged by Chromium
    await page.goto('/articles/a_999999');
    await expect(page.getByRole('alert')).toContainText('没有找到这项内容');
  });

  test('text that looks like HTML is shown as text', async ({ page }) => {
    // (The demo data has no markup in it any more: a backend's odd answer brings it.)
    const now = new Date().toISOString();
    await page.route('**/api/v1/articles/a_markup', (route) =>
      route.fulfill({
        json: {
          id: 'a_markup', kind: 'news', title: '<b>标题</b><img src=x onerror="window.__pwned=1">', published_at: now,
          summary: '<i>摘要</i>', category: { id: 'meeting', name: '<u>会议</u>' },
          body: [
            { type: 'paragraph', text: '在留言框中输入<b>加粗</b>或<script>window.__pwned=1</script>不会生效。' },
            { type: 'list', ordered: false, items: ['<em>列表</em>'] },
            { type: 'image', url: '/media/illustrations/meeting.svg', alt: '<img src=x onerror=alert(1)>' },
          ],
        },
      }),
    );
    // its comments too (the thread under it asks for them): one with markup in it
    await page.route('**/api/v1/likes/article/a_markup', (route) => route.fulfill({ json: { like_count: 0, liked: false, comment_count: 1 } }));
    await page.route('**/api/v1/comments?*', (route) =>
      route.fulfill({
        json: {
          items: [{ id: 'c_markup', target_kind: 'article', target_id: 'a_markup', body: '<i>评论</i><script>window.__pwned=1</script>', state: 'published',
            created_at: now, like_count: 0, liked: false, reply_count: 0, author: { name: '<b>张*</b>', role: 'citizen' }, can: {} }],
          next_cursor: null,
        },
      }),
    );
    await page.goto('/articles/a_markup');
    await expect(page.locator('#comments').getByText('<i>评论</i>', { exact: false })).toBeVisible();
    await expect(page.locator('#comments').getByText('<b>张*</b>')).toBeVisible();
    const body = page.locator('main article');
    await expect(body.getByRole('heading', { level: 1 })).toHaveText('<b>标题</b><img src=x onerror="window.__pwned=1">');
    await expect(body.getByText('<b>加粗</b>', { exact: false })).toBeVisible();
    await expect(body.getByText('<em>列表</em>')).toBeVisible();
    await expect(body.getByText('<u>会议</u>')).toBeVisible();
    await expect(body.locator('b, i, u, em, script')).toHaveCount(0);
    await expect(body.locator('img')).toHaveCount(1); // the picture of the image block, and nothing else
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

test.describe('failures', () => {
  test.use({ allowConsoleErrors: NETWORK_ERRORS });

  test('server stopped → error with retry → server back → retry works', async ({ page, extraServer }) => {
    await page.goto(extraServer.url('/'));
    await expect(feed(page).first()).toBeVisible();
    await partsLoaded(page);
    await extraServer.stop();

    await page.getByRole('link', { name: /相关活动/ }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('加载失败', { timeout: 30_000 });
    await expect(alert).toContainText('无法连接服务器');
    const retry = alert.getByRole('button', { name: '重试' });
    await expect(retry).toBeVisible();

    await extraServer.start();
    await retry.click();
    await expect(feed(page).first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('offline: a banner, an offline message, and the list comes back by itself', async ({ page, context }) => {
    await openHome(page);
    await partsLoaded(page);
    await context.setOffline(true);
    await expect(page.getByText('网络已断开，已打开的内容仍可阅读')).toBeVisible();
    // What is already on screen stays readable.
    await expect(feed(page).first()).toBeVisible();

    await page.getByRole('link', { name: /相关活动/ }).click();
    await expect(page.getByRole('alert')).toContainText('网络已断开', { timeout: 30_000 });

    await context.setOffline(false);
    await expect(feed(page).first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('网络已断开，已打开的内容仍可阅读')).toHaveCount(0);
  });

  test('a malformed answer shows an error with retry, never a crash', async ({ page }) => {
    let broken = true;
    await page.route('**/api/v1/articles?*', async (route) => {
      if (broken) {
        await route.fulfill({ status: 200, contentType: 'application/json', body: '{"items": [{"id": 1, ' });
      } else {
        await route.continue();
      }
    });
    await page.goto('/');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('收到的数据无法识别');
    broken = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await expect(feed(page).first()).toBeVisible();
  });

  test('a server error with problem details is shown, then retried', async ({ page }) => {
    let calls = 0;
    await page.route('**/api/v1/events*', async (route) => {
      calls += 1;
      if (calls <= 3) {
        await route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          headers: { 'Retry-After': '0' },
          body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }),
        });
      } else {
        await route.continue();
      }
    });
    await page.goto('/events');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('服务器暂时出了问题（503）');
    expect(calls).toBe(3); // a GET is tried three times before giving up
    await alert.getByRole('button', { name: '重试' }).click();
    await expect(feed(page).first()).toBeVisible();
  });

  test('odd but valid data from another backend renders sensibly', async ({ page }) => {
    const now = new Date().toISOString();
    await page.route('**/api/v1/articles?*', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          items: [
            { id: 'x1', kind: 'bulletin', title: '未知类型的文章', published_at: now, extra_field: { nested: true } },
            { id: 'x2', kind: 'news', title: '没有摘要和封面的文章', published_at: now, cover: null, category: null },
            { title: '缺少编号的坏条目' },
            { id: 'x3', kind: 'news', title: '封面地址不安全', published_at: 'not a date', cover: { url: 'javascript:alert(1)', alt: 'x' } },
          ],
          next_cursor: null,
          total_unasked: 3,
        }),
      }),
    );
    await page.route('**/api/v1/articles/x2', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          id: 'x2', kind: 'news', title: '没有摘要和封面的文章', published_at: now,
          body: [
            { type: 'paragraph', text: '第一段。' },
            { type: 'hologram', data: 'an unknown block type is skipped' },
            { type: 'heading', level: 9, text: '层级越界的标题' },
            { type: 'image', url: 'javascript:alert(1)', alt: '不安全的图片' },
            { type: 'list', ordered: true, items: ['甲', '乙'] },
            { type: 'paragraph' },
          ],
        }),
      }),
    );
    await page.goto('/');
    await expect(feed(page)).toHaveCount(3);
    await expect(page.getByRole('heading', { level: 2, name: '未知类型的文章' })).toBeVisible();
    await expect(page.getByText('缺少编号的坏条目')).toHaveCount(0);
    await expect(page.locator('main img[src^="javascript"]')).toHaveCount(0);
    await expect(page.getByText('已经到底了')).toBeVisible();

    await page.getByRole('link', { name: '没有摘要和封面的文章' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '没有摘要和封面的文章' })).toBeVisible();
    await expect(page.getByText('第一段。')).toBeVisible();
    await expect(page.getByText('an unknown block type is skipped')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 4, name: '层级越界的标题' })).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: '乙' })).toBeVisible();
    await expect(page.locator('main img[src^="javascript"]')).toHaveCount(0);
  });
});

test.describe('reading settings and small screens', () => {
  const rootFontPx = (page: Page) =>
    page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p') ?? document.body).fontSize));

  test('字号 and 长辈模式 change the text size, persist, and enlarge tap targets', async ({ page, axe }) => {
    await page.goto('/me');
    await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
    await axe({ label: 'me' });
    const base = await rootFontPx(page);

    await page.getByRole('radio', { name: '超大' }).check();
    await expect.poll(() => rootFontPx(page)).toBeGreaterThan(base * 1.4);

    await page.getByRole('radio', { name: '标准' }).check();
    await expect.poll(() => rootFontPx(page)).toBe(base);

    const elderly = page.getByRole('switch', { name: /长辈模式/ });
    await expect(elderly).toHaveAttribute('aria-checked', 'false');
    await elderly.click();
    await expect(elderly).toHaveAttribute('aria-checked', 'true');
    // Body text at least 24 px (18 pt).
    await expect.poll(() => rootFontPx(page)).toBeGreaterThanOrEqual(24);
    const tab = await tabBar(page).getByRole('link', { name: '首页' }).boundingBox();
    expect(tab?.height ?? 0).toBeGreaterThanOrEqual(60);
    await axe({ label: 'me (elderly)' });

    // Persisted, and applied before the app starts (no flash of small text).
    await page.reload();
    await expect(page.getByRole('switch', { name: /长辈模式/ })).toHaveAttribute('aria-checked', 'true');
    expect(await rootFontPx(page)).toBeGreaterThanOrEqual(24);

    await openHome(page);
    await axe({ label: 'home (elderly)' });
  });

  // The release build keeps the zh-CN texts of lazily loaded screens out of the first load, in a
  // file of their own (`zh-<hash>.txt`): a lazy route waits for it, and says so when it cannot come.
  test('a lazily loaded screen waits for its texts: an error with retry when they cannot come', async ({ page, consoleGuard }) => {
    consoleGuard.allow(NETWORK_ERRORS);
    let blocked = true;
    let asked = 0;
    await page.route(/\/zh-[0-9a-f]{16}\.txt$/, (route) => {
      asked += 1;
      return blocked ? route.abort() : route.continue();
    });
    await page.goto('/me');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('无法连接服务器');
    expect(asked).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
    blocked = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
    await expect(page.getByRole('radio', { name: '简体中文' })).toBeChecked();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('English can be chosen', async ({ page }) => {
    await page.goto('/me');
    await page.getByRole('radio', { name: 'English' }).check();
    await expect(page.getByRole('heading', { level: 1, name: 'Me' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { level: 1, name: "People's Congress" })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Congress news' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: 'Congress news' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Write to a deputy/ })).toBeVisible();
  });

  test('no horizontal scrolling at 320 px, even with the largest text', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    const paths = ['/', '/policy', '/events', '/search?q=%E5%9F%B9%E8%AE%AD', '/me', '/nowhere'];
    const check = async () => {
      for (const path of paths) {
        await page.goto(path);
        await expect(page.locator('main h1, header h1').first()).toBeVisible();
        await page.waitForLoadState('networkidle');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > 320.5)
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
        );
        expect(width, `page width of ${path}; too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(320);
      }
      await page.goto('/');
      await feed(page).first().getByRole('link').click();
      await expect(page.locator('main article h1')).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    };
    await check();
    await page.goto('/me');
    await page.getByRole('radio', { name: '超大' }).check();
    await page.getByRole('switch', { name: /长辈模式/ }).click();
    await check();
  });
});
