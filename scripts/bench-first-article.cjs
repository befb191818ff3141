// Time to the first article on the home screen, on an emulated slow phone.
// Debian Chromium through Playwright (tests/node_modules), a fresh context per run:
// viewport 390×844 @2x, touch, Android Chrome UA; CDP: CPU throttling 4×, latency 150 ms,
// 1.6 Mbps down and up, cache disabled. Measured in the page: performance.now() (from navigation
// start) when the first `main article` is in the DOM and visible.
// Usage: node scripts/bench-first-article.cjs <base url> [runs] [target ms]
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
let chromium;
try {
  ({ chromium } = require(path.join(root, 'tests', 'node_modules', 'playwright-core')));
} catch {
  ({ chromium } = require(path.join(root, 'tests', 'node_modules', '@playwright', 'test')));
}

const base = process.argv[2];
const runs = Number(process.argv[3] || 5);
const targetMs = Number(process.argv[4] || 2500);
const SELECTOR = 'main article';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];
const UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Mobile Safari/537.36';

// Runs in the page before any of its scripts: note when the first article becomes visible.
function watchFirstArticle(selector) {
  const check = () => {
    if (window.__firstArticleMs !== undefined) return true;
    const el = document.querySelector(selector);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const visible = r.width > 0 && r.height > 0 && (el.checkVisibility ? el.checkVisibility() : true);
    if (!visible) return false;
    window.__firstArticleMs = performance.now();
    return true;
  };
  const start = () => {
    if (check()) return;
    const mo = new MutationObserver(() => {
      if (check()) mo.disconnect();
    });
    mo.observe(document, { childList: true, subtree: true, attributes: true });
  };
  if (document.documentElement) start();
  else document.addEventListener('readystatechange', start, { once: true });
}

async function oneRun(browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, screen: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    deviceScaleFactor: 2, userAgent: UA, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  const errors = [];
  try {
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().split('\n')[0]); });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    await page.addInitScript(watchFirstArticle, SELECTOR);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 200000,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t0 = Date.now();
    await page.goto(base, { waitUntil: 'commit', timeout: 60000 });
    try {
      await page.locator(SELECTOR).first().waitFor({ state: 'visible', timeout: 60000 });
    } catch (e) {
      throw new Error(`no visible '${SELECTOR}' within 60 s${errors.length ? `; page errors:\n    ${errors.join('\n    ')}` : ''}`);
    }
    const wall = Date.now() - t0;
    await page.waitForFunction(() => window.__firstArticleMs !== undefined, null, { timeout: 10000 }).catch(() => {});
    const inPage = await page.evaluate(() => window.__firstArticleMs);
    const fcp = await page.evaluate(() => {
      const e = performance.getEntriesByName('first-contentful-paint')[0];
      return e ? e.startTime : undefined;
    });
    const bytes = await page.evaluate(() =>
      performance.getEntriesByType('resource').reduce((t, e) => t + (e.transferSize || 0), 0) +
      (performance.getEntriesByType('navigation')[0]?.transferSize || 0));
    return { ms: inPage !== undefined ? inPage : wall, wall, fcp, bytes };
  } finally {
    await context.close();
  }
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.ZSRD_CHROMIUM || '/usr/bin/chromium', args: ARGS });
  const results = [];
  try {
    await oneRun(browser); // warm-up: Chromium's own start-up costs, not measured
    for (let i = 0; i < runs; i++) results.push(await oneRun(browser));
  } finally {
    await browser.close();
  }
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const s = (ms) => (ms === undefined ? '—' : (ms / 1000).toFixed(2) + ' s');
  console.log(`(b) time to first article — ${base}, phone 390×844, CPU 4× slower, 150 ms RTT, 1.6 Mbps, no cache`);
  console.log('  run   first article   first paint   wall clock   transferred');
  results.forEach((r, i) =>
    console.log(`  ${String(i + 1).padEnd(6)}${s(r.ms).padStart(13)}${s(r.fcp).padStart(14)}${s(r.wall).padStart(13)}${((r.bytes / 1024).toFixed(1) + ' KiB').padStart(14)}`));
  console.log(`  median ${s(median).padStart(12)}   target < ${s(targetMs)} → ${median < targetMs ? 'OK' : 'OVER TARGET'}`);
})().catch((e) => {
  console.error(`(b) time to first article: FAILED — ${e.message}`);
  process.exit(1);
});
