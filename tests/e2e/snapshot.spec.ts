// Issue 15: a second visit to 首页 shows the last-seen 首页 at once (index.html keeps it when
// 首页 has settled or is left), and the app's fresh one replaces it once loaded.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, signInWithApi } from './support/auth';

/** Holds the lists of GET /api/v1/articles (首页's) until `release()`. */
async function holdArticles(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/api\/v1\/articles(\?|$)/, async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  return release;
}

async function firstTitle(page: Page): Promise<string> {
  const first = page.locator('main article h2').first();
  await expect(first).toBeVisible();
  return (await first.innerText()).trim();
}

const kept = (page: Page, key: string) => page.evaluate((k) => localStorage.getItem(k) !== null, key);

test.describe('the last-seen 首页 on the next start', () => {
  test('shows at once while the app loads, then gives way to the fresh 首页', async ({ page }) => {
    await page.goto('/');
    const title = await firstTitle(page);
    await expect.poll(() => kept(page, 'zsrd.snap.v1')).toBe(true);

    const release = await holdArticles(page);
    await page.reload();
    // The last-seen 首页, its articles' links live, while the app's data is held back…
    const seen = page.getByRole('link', { name: title }).first();
    await expect(seen).toBeVisible();
    await expect(page.locator('#snap')).toBeVisible();
    expect(await page.locator('#snap').getAttribute('aria-busy')).toBeNull();
    // …with the app (its skeleton) hidden behind it, and no id twice on the page.
    await expect(page.locator('main#main')).toBeHidden();
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(await page.locator('#snap main').getAttribute('id')).toBe('s-main');
    release();
    // The app's own 首页 once its data is in.
    await expect(page.locator('#snap')).toHaveCount(0);
    await expect(page.locator('main#main')).toBeVisible();
    await expect(page.locator('main#main article h2').first()).toHaveText(title);
  });

  test('a tap on it before the app is up opens the article', async ({ page }) => {
    await page.goto('/');
    const title = await firstTitle(page);
    await expect.poll(() => kept(page, 'zsrd.snap.v1')).toBe(true);
    await holdArticles(page);
    await page.reload();
    await page.locator('#snap').getByRole('link', { name: title }).first().click();
    await expect(page).toHaveURL(/\/articles\/[^/]+$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  });

  test("a signed-in user's is that user's only, and not shown once the styles have changed", async ({ page, context, request, baseURL }) => {
    await signInWithApi(context, request, baseURL!, ACCOUNTS.citizen.phone);
    await page.goto('/');
    await firstTitle(page);
    const userKey = await page.evaluate(() => (window as unknown as { zsrdSnapKey: () => string[] }).zsrdSnapKey()[0]);
    expect(userKey).toMatch(/^zsrd\.u\.[^.]+\.snap\.v1$/);
    await expect.poll(() => kept(page, userKey)).toBe(true);
    expect(await kept(page, 'zsrd.snap.v1')).toBe(false);

    // Signed out (the session gone from the phone): not shown.
    const session = await page.evaluate(() => localStorage.getItem('zsrd.session.v1'));
    await page.evaluate(() => localStorage.removeItem('zsrd.session.v1'));
    await holdArticles(page);
    await page.reload({ waitUntil: 'domcontentloaded' });
    // (the 首页 the server draws for anyone may stand in: first-screen.spec.ts)
    await expect(page.locator('#snap main:not([data-drawn])')).toHaveCount(0);

    // Signed in again, but kept for other stylesheets (a new version of the app): not shown.
    await page.evaluate(([s, k]) => {
      localStorage.setItem('zsrd.session.v1', s!);
      const snap = JSON.parse(localStorage.getItem(k!)!);
      snap.k = '/bundle-0000000000000000.css';
      localStorage.setItem(k!, JSON.stringify(snap));
    }, [session, userKey]);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect(page.locator('#snap main:not([data-drawn])')).toHaveCount(0);
  });
});
