// Issue 15: a first visit to 首页 shows the screen the reference server draws into the page
// (server/src/first_screen.rs) before the app has loaded, and the app's own takes its place.
// The drawing is compared with the app's screen part by part: if the app's markup, classes or
// texts change and the server's do not, this fails.
import type { Page, Route } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, signInWithApi } from './support/auth';

/** Holds the app's code (its wasm) until `release()`: the page stays as the server sent it. */
async function holdTheApp(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\.wasm$/, async (route: Route) => {
    await held;
    await route.continue().catch(() => {});
  });
  return release;
}

/** What a screen shows, part by part, in `root` (the drawing's `#snap` or the app's page). */
function parts(page: Page, drawn: boolean) {
  return page.evaluate((drawn) => {
    const root = drawn ? document.getElementById('snap')! : document.body;
    const main = root.querySelector(drawn ? 'main#s-main' : 'main#main')!;
    const text = (e: Element | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const link = (a: Element) => ({ class: a.className, href: a.getAttribute('href'), current: a.getAttribute('aria-current'), label: a.getAttribute('aria-label') });
    const hub = main.querySelector('nav[aria-label="办事入口"]')!;
    return {
      bar: [main.querySelector('header')!.className, text(main.querySelector('header h1')), main.querySelector('header a')!.getAttribute('href')],
      brand: [...main.querySelectorAll('[id$="hub-brand"] *')].map((e) => [e.tagName, e.className, e.tagName === 'IMG' ? e.getAttribute('src') : '']),
      place: text(main.querySelector('[id$="hub-brand"] p')),
      tiles: [...hub.querySelectorAll('a')].map((a) => ({ ...link(a), title: text(a.querySelector('strong')), note: a.querySelector('[id$="hub-mine"]') ? '' : text(a.querySelector('span')), icon: a.querySelector('path')?.getAttribute('d') })),
      events: link(main.querySelector('a[href="events"]')!),
      news: text(main.querySelector('section[aria-labelledby$="home-news"] h2')),
      chips: [...main.querySelectorAll('section nav a')].map((a) => ({ ...link(a), text: text(a) })),
      // (the first eight: what the server draws; views and the relative time can move on)
      articles: [...main.querySelectorAll('article')].slice(0, 8).map((a) => ({
        class: a.className,
        structure: [...a.querySelectorAll('*')].filter((e) => !['path', 'svg'].includes(e.tagName.toLowerCase())).map((e) => `${e.tagName}.${e.className}`).join(' '),
        title: text(a.querySelector('h2')),
        href: a.querySelector('h2 a')!.getAttribute('href'),
        summary: text(a.querySelector('h2 + p')),
        tag: text(a.querySelector('[class^="tag-"]')),
        time: a.querySelector('time')!.getAttribute('datetime'),
        cover: a.querySelector('img')?.getAttribute('src') ?? null,
      })),
      tabs: [...root.querySelectorAll('nav[aria-label="主导航"] a')].map((a) => ({ ...link(a), text: text(a) })),
    };
  }, drawn);
}

/** What a deputy's page shows, in the drawing or the app's page. */
function deputyParts(page: Page, drawn: boolean) {
  return page.evaluate((drawn) => {
    const root = drawn ? document.getElementById('snap')! : document.body;
    const main = root.querySelector(drawn ? 'main#s-main' : 'main#main')!;
    const text = (e: Element | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const head = main.querySelector('header')!;
    const article = main.querySelector('article')!;
    const cta = [...article.querySelectorAll('a')].find((a) => text(a) === '给代表留言')!;
    return {
      bar: [head.className, text(head.querySelector('[class^="title-"]')), [...head.querySelectorAll('a, button')].map((b) => b.getAttribute('aria-label'))],
      article: article.className,
      head: [...article.querySelector('[class^="profile_head-"]')!.querySelectorAll('*')].map((e) => [e.tagName, e.className, text(e), e.getAttribute('href') ?? e.getAttribute('src')]),
      cta: [cta.className, cta.getAttribute('href'), cta.previousElementSibling?.className],
      sections: [...article.querySelectorAll('section')].filter((s) => /bio|focus/.test(s.getAttribute('aria-labelledby')!)).map((s) => [
        s.className, text(s.querySelector('h2')), [...s.querySelectorAll('p, li')].map((p) => `${p.tagName}.${p.className} ${text(p)}`),
      ]),
      tabs: [...root.querySelectorAll('nav[aria-label="主导航"] a')].map((a) => [a.getAttribute('href'), a.getAttribute('aria-current')]),
    };
  }, drawn);
}

/** What an article's page shows, in the drawing or the app's page (views left out: the app's
 *  own request counts one). */
function articleParts(page: Page, drawn: boolean) {
  return page.evaluate((drawn) => {
    const root = drawn ? document.getElementById('snap')! : document.body;
    const main = root.querySelector(drawn ? 'main#s-main' : 'main#main')!;
    const text = (e: Element | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const head = main.querySelector('header')!;
    const article = main.querySelector('article')!;
    const meta = [...article.querySelector('h1 + p')!.children];
    return {
      bar: [head.className, text(head.querySelector('[class^="title-"]')), [...head.querySelectorAll('a, button')].map((b) => b.getAttribute('aria-label'))],
      article: article.className,
      title: [article.querySelector('h1')!.className, text(article.querySelector('h1'))],
      meta: meta.slice(0, -1).map((e) => [e.tagName, e.className, text(e), e.getAttribute('datetime')]),
      views: [meta[meta.length - 1].tagName, /^[\d.万]+ 次阅读$/.test(text(meta[meta.length - 1]))],
      cover: [...article.querySelectorAll(':scope > figure img')].map((i) => [i.getAttribute('src'), i.getAttribute('alt'), i.getAttribute('width'), i.getAttribute('height')]),
      body: [...article.querySelector('[class^="rich-"]')!.children].map((b) => [b.tagName, b.className, text(b), b.querySelector('img')?.getAttribute('src') ?? null]),
      footnote: text(article.querySelector('[class^="footnote-"]')),
    };
  }, drawn);
}

test.describe('a shared article drawn by the server for a first visit', () => {
  test('shows the article before the app has loaded, then the app takes over with the same article', async ({ page, axe }) => {
    const release = await holdTheApp(page);
    await page.goto('/articles/a_000001');
    await expect(page.locator('#snap')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('#snap article [class^="rich-"] p').first()).toBeVisible();
    await expect(page.getByRole('link', { name: '返回' })).toHaveAttribute('href', '/');
    await axe({ label: 'an article drawn by the server' });
    const before = await articleParts(page, true);
    expect(before.body.length).toBeGreaterThan(1);

    release();
    await expect(page.locator('#snap')).toHaveCount(0);
    await expect(page.locator('main#main h1')).toHaveText(before.title[1]);
    expect(await articleParts(page, false)).toEqual(before);
  });
});

test.describe("a deputy's QR link drawn by the server for a first visit", () => {
  test('shows the deputy and 给代表留言 before the app has loaded, then the app takes over with the same screen', async ({ page, axe }) => {
    const release = await holdTheApp(page);
    await page.goto('/d/LW01');
    await expect(page.locator('#snap')).toBeVisible();
    const name = page.getByRole('heading', { level: 1 });
    await expect(name).toBeVisible();
    const write = page.getByRole('link', { name: '给代表留言' });
    await expect(write).toHaveAttribute('href', /^\/messages\/new\?to=deputy:/);
    await expect(page.getByRole('link', { name: '返回' })).toHaveAttribute('href', 'deputies');
    await axe({ label: "a deputy's page drawn by the server" });
    const before = await deputyParts(page, true);
    const who = await name.innerText();

    release();
    await expect(page.locator('#snap')).toHaveCount(0);
    await expect(page.locator('main#main').getByRole('heading', { level: 1, name: who })).toBeVisible();
    expect(await deputyParts(page, false)).toEqual(before);
  });

  test('its 给代表留言 works before the app has loaded', async ({ page }) => {
    const release = await holdTheApp(page);
    await page.goto('/d/LW01');
    page.on('request', (r) => r.isNavigationRequest() && release());
    await page.locator('#snap').getByRole('link', { name: '给代表留言' }).click();
    await expect(page).toHaveURL(/\/messages\/new\?to=deputy:/);
    await expect(page.getByRole('heading', { level: 1, name: /写留言|给代表留言|留言/ })).toBeVisible();
  });
});

test.describe('首页 drawn by the server for a first visit', () => {
  test('shows the articles before the app has loaded, with working links, then the app takes over with the same screen', async ({ page, axe }) => {
    const release = await holdTheApp(page);
    await page.goto('/');
    const drawn = page.locator('#snap');
    await expect(drawn).toBeVisible();
    // What someone sees while the app's code is on its way: the whole of 首页, not 正在加载….
    await expect(page.getByRole('heading', { level: 1, name: '掌上人大' })).toBeVisible();
    await expect(page.getByText('龙湾镇', { exact: true })).toBeVisible();
    const services = page.getByRole('navigation', { name: '办事入口' });
    await expect(services.getByRole('link', { name: /给代表留言/ })).toBeVisible();
    await expect(page.getByRole('link', { name: '拨打龙湾镇人大代表中心联络站电话 0763-5800101' })).toHaveAttribute('href', 'tel:0763-5800101');
    await expect(page.getByRole('heading', { level: 2, name: '人大动态' })).toBeVisible();
    await expect(page.locator('#snap main article')).toHaveCount(8);
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByText('正在加载…')).toBeHidden();
    // No id twice, none of the app's own.
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids).not.toContain('main');
    await axe({ label: '首页 drawn by the server' });
    const before = await parts(page, true);
    expect(before.articles).toHaveLength(8);

    release();
    // The app's own in its place, once its articles are in.
    await expect(drawn).toHaveCount(0);
    await expect(page.locator('main#main article').first()).toBeVisible();
    // (the parts the hub's chunk draws: the township and the station's phone)
    await expect(page.locator('main#main').getByText('龙湾镇', { exact: true })).toBeVisible();
    await expect(page.locator('main#main').getByRole('link', { name: /拨打/ })).toBeVisible();
    const after = await parts(page, false);
    expect(before).toEqual(after);
  });

  test('a tap on an article before the app has loaded opens it', async ({ page }) => {
    const release = await holdTheApp(page);
    await page.goto('/');
    const first = page.locator('#snap main article h2 a').first();
    const title = (await first.innerText()).trim();
    const href = await first.getAttribute('href');
    // (the article's page gets the app at once)
    page.on('request', (r) => r.isNavigationRequest() && release());
    await first.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  });

  test('someone signed in is not asked to sign in by it', async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.citizen.phone);
    await holdTheApp(page);
    await page.goto('/');
    await expect(page.locator('#snap main[data-drawn]')).toBeVisible();
    await expect(page.locator('#snap').getByRole('link', { name: '我的留言' })).toBeVisible();
    await expect(page.getByText('登录后查看办理进度')).toHaveCount(0);
  });

  test('not drawn in front of someone who chose English, nor of a filtered feed', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('zsrd.prefs.v1', JSON.stringify({ lang: 'en' })));
    const release = await holdTheApp(page);
    await page.goto('/');
    await expect(page.locator('#snap')).toHaveCount(0);
    await expect(page.getByText('Loading…')).toBeVisible();
    release();
    await expect(page.getByRole('heading', { level: 2, name: 'News' })).toBeVisible();

    await page.evaluate(() => localStorage.clear());
    await page.goto('/?category=meeting');
    await expect(page.locator('#snap')).toHaveCount(0);
    await expect(page.getByRole('link', { name: '会议动态' })).toHaveAttribute('aria-current', 'page');
  });
});
