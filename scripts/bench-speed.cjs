// make bench (b): speed at the floor (issue 15), as a new user on a slow phone would see it.
// Debian Chromium through Playwright (tests/node_modules). Every run has a fresh browser context:
// WeChat's Android webview user agent, viewport 390×844 @2x, touch, zh-CN; through CDP, before
// the navigation: CPU throttled 4×, 150 ms latency, 200,000 B/s (1.6 Mbps) down and up, cache
// disabled, and no service worker (`serviceWorkers: 'block'`), unless a figure says otherwise.
// The figures:
//  - 首页 cold: from navigation start to the first visible `main article`;
//  - server-rendered 首页: the same moment of a static snapshot of that screen, the reference for
//    the ratio. The snapshot is taken once, without throttling, half a second after the first
//    article shows (before the app's prefetch): every <script>, modulepreload and fetch preload
//    removed, the stylesheets and images kept; written as ssr-home.html into the directory the
//    server serves (the second argument: a copy of dist, never dist itself);
//  - 首页 second visit, with the service worker as a real second visit has it: a first visit in the
//    same context (unthrottled: it only fills the caches) until the service worker is active
//    (the app registers it after its prefetch, ~2 s after start), the page closed, and 首页
//    opened again in a new page, throttled, HTTP cache on; the service worker is throttled too,
//    through its own CDP session. The first visible `main article` (the last-seen 首页 that
//    index.html shows at once), and the bytes that crossed the network for the requests started by
//    then (the page's and the service worker's); then the first visible article of the app's own
//    首页 (`main#main article`), which takes the last-seen one's place;
//  - /d/<code> cold (a deputy's QR link; the first deputy of GET /api/v1/deputies): the deputy's
//    name in a visible `h1` and a visible link or button 给代表留言; the requests started by then
//    (Resource Timing entries with startTime at most that moment, plus the navigation) and the
//    bytes they transferred;
//  - /board cold: the first visible `main article` (the message cards);
//  - INP on /board with 500 messages (written and assigned through the API first, when the demo
//    has fewer; the server runs with --relaxed-limits): the board scrolled to its end, then one
//    tap — on a category chip, and on a fresh page on the last message — and the longest event
//    duration of that interaction (Event Timing, as INP takes it).
// A moment is measured in the page: an init script checks on every animation frame, and takes
// performance.now() (from navigation start) in the first frame where what the figure waits for is
// in the DOM and visible. No frame runs while a stylesheet blocks rendering, so the moment is one
// the screen can show, for the app and the static page alike. Requests and bytes are those of the
// requests started by that moment, counted once they have finished: Resource Timing entries plus
// the navigation (checked against the requests CDP saw start), and CDP's encoded data lengths
// (headers and body as they came over the wire; answers the service worker gave from its cache
// are not counted, its own fetches are).
// One warm-up round of every figure (Chromium's own start-up), then RUNS rounds; each figure
// gives its median with min–max. The goals are reported, not enforced: the exit status is 0
// unless a measurement fails (nothing within 60 s, an uncaught error in the page).
// The machine's load moves these figures: they are noisy on a shared or busy machine.
// Usage: node scripts/bench-speed.cjs <base url> <static dir the server serves> [runs]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
let chromium;
try {
  ({ chromium } = require(path.join(root, 'tests', 'node_modules', 'playwright-core')));
} catch {
  ({ chromium } = require(path.join(root, 'tests', 'node_modules', '@playwright', 'test')));
}

const base = process.argv[2];
const staticDir = process.argv[3];
const runs = Number(process.argv[4] || process.env.BENCH_RUNS || 5);
if (!base || !staticDir || !(runs >= 1)) {
  console.error('usage: node scripts/bench-speed.cjs <base url> <static dir the server serves> [runs]');
  process.exit(2);
}
const SSR_FILE = 'ssr-home.html';
const WAIT_MS = 60000;

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];
const UA =
  'Mozilla/5.0 (Linux; Android 14; V2307A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 XWEB/1300333 MMWEBSDK/20240501 MMWEBID/1234 ' +
  'MicroMessenger/8.0.50.2600(0x28003235) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64';
const DEVICE = {
  viewport: { width: 390, height: 844 }, screen: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
  deviceScaleFactor: 2, userAgent: UA, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
};
const NETWORK = { offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 200000 };
const CPU = { rate: 4 };

// Runs in the page before any of its scripts: the first animation frame in which every one of
// `wants` ({ selector, text?, exact? }) has a visible element → window.__benchMoment; then, if
// given, the first in which every one of `later` has → window.__benchLater.
function watchFor([wants, later]) {
  performance.setResourceTimingBufferSize(5000);
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (el.checkVisibility ? el.checkVisibility() : true);
  };
  const met = (w) => {
    for (const el of document.querySelectorAll(w.selector)) {
      if (w.text !== undefined) {
        const t = norm(el.textContent);
        if (w.exact ? t !== w.text : !t.includes(w.text)) continue;
      }
      if (visible(el)) return true;
    }
    return false;
  };
  const frame = () => {
    if (window.__benchMoment === undefined && document.documentElement && wants.every(met)) window.__benchMoment = performance.now();
    if (window.__benchMoment !== undefined && !later) return;
    if (window.__benchMoment !== undefined && later.every(met)) window.__benchLater = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// A CDP session's requests: when each started (wall clock, ms) and the bytes it took.
function trackRequests(on) {
  const requests = new Map();
  on('Network.requestWillBeSent', (e) => {
    if (!requests.has(e.requestId)) requests.set(e.requestId, { wall: e.wallTime * 1000, url: e.request.url, bytes: 0, done: false, sw: false });
  });
  on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r && e.response.fromServiceWorker) r.sw = true;
  });
  on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength || 0, done: true });
  });
  on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.done = true;
  });
  return requests;
}

// A service worker's own CDP session, through the browser's (Playwright gives page sessions only):
// Target.attachToTarget without flatten, its messages carried by Target.sendMessageToTarget.
async function attachServiceWorker(browserSession, origin) {
  const { targetInfos } = await browserSession.send('Target.getTargets');
  const workers = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(origin));
  if (workers.length !== 1) throw new Error(`expected one service worker of ${origin}, found ${workers.length}`);
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId: workers[0].targetId, flatten: false });
  let id = 0;
  const pending = new Map();
  const listeners = new Map();
  const onMessage = (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    if (m.id !== undefined && pending.has(m.id)) {
      const { resolve, reject, method } = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) reject(new Error(`${method}: ${m.error.message}`));
      else resolve(m.result);
    } else if (m.method && listeners.has(m.method)) {
      for (const f of listeners.get(m.method)) f(m.params);
    }
  };
  browserSession.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send: (method, params = {}) => new Promise((resolve, reject) => {
      const n = ++id;
      pending.set(n, { resolve, reject, method });
      browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method, params }) }).catch(reject);
    }),
    on: (method, f) => listeners.set(method, [...(listeners.get(method) || []), f]),
    detach: async () => {
      browserSession.off('Target.receivedMessageFromTarget', onMessage);
      await browserSession.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    },
  };
}

function pageErrors(page) {
  const errors = [];
  const console_ = [];
  page.on('console', (m) => { if (m.type() === 'error') console_.push(m.text().split('\n')[0]); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message.split('\n')[0]}`));
  return { errors, console_ };
}

// Opens `url` in `page` (throttled by the caller) and waits for the moment of `wants`.
// Returns { ms, requests, bytes }: requests started by the moment (Resource Timing, plus the
// navigation), and the network bytes of the requests the CDP sessions saw start by then.
async function measureIn(page, url, wants, trackers, log, later) {
  await page.addInitScript(watchFor, [wants, later]);
  await page.goto(url, { waitUntil: 'commit', timeout: WAIT_MS });
  try {
    await page.waitForFunction(() => window.__benchMoment !== undefined, null, { timeout: WAIT_MS, polling: 250 });
  } catch {
    throw new Error(`${url}: nothing of ${JSON.stringify(wants)} visible within ${WAIT_MS / 1000} s` +
      (log.errors.length || log.console_.length ? `; page errors:\n    ${[...log.errors, ...log.console_].join('\n    ')}` : ''));
  }
  const { ms, origin } = await page.evaluate(() => ({ ms: window.__benchMoment, origin: performance.timeOrigin }));
  const cutoff = origin + ms + 1; // wall clock; the two clocks agree to about a millisecond
  const started = () => trackers.flatMap((t) => [...t.values()]).filter((r) => r.wall <= cutoff);
  // Resource Timing lists a request once it has finished: wait for those started by the moment.
  for (let waited = 0; started().some((r) => !r.done) && waited < WAIT_MS; waited += 100) await page.waitForTimeout(100);
  const unfinished = started().filter((r) => !r.done).length;
  const seen = started().filter((r) => !/^(data|blob):/.test(r.url)).length;
  // (chunks: the lazily loaded parts of the wasm, w<n>-<hash>.wasm; scripts/split-dist.cjs)
  const [requests, chunks] = await page.evaluate((t) => {
    const early = performance.getEntriesByType('resource').filter((e) => e.startTime <= t);
    return [early.length + 1, early.filter((e) => /\/w\d+-[0-9a-f]+\.wasm$/.test(new URL(e.name).pathname)).length];
  }, ms);
  // Answers the service worker gave the page count on the worker's side, if it fetched them.
  const bytes = started().filter((r) => !r.sw).reduce((s, r) => s + r.bytes, 0);
  let laterMs;
  if (later) {
    await page.waitForFunction(() => window.__benchLater !== undefined, null, { timeout: WAIT_MS, polling: 250 }).catch(() => {
      throw new Error(`${url}: nothing of ${JSON.stringify(later)} visible within ${WAIT_MS / 1000} s`);
    });
    laterMs = await page.evaluate(() => window.__benchLater);
  }
  if (log.errors.length) throw new Error(`${url}: ${log.errors.join('; ')}`);
  return { ms, requests, chunks, bytes, seen, unfinished, laterMs };
}

async function throttle(session, { cache }) {
  await session.send('Network.enable');
  await session.send('Network.setCacheDisabled', { cacheDisabled: !cache });
  await session.send('Network.emulateNetworkConditions', NETWORK);
  await session.send('Emulation.setCPUThrottlingRate', CPU).catch(() => {}); // (a service worker may not take it)
}

// A cold visit: fresh context, no service worker, no cache.
async function cold(browser, url, wants, later) {
  const context = await browser.newContext({ ...DEVICE, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const log = pageErrors(page);
    const cdp = await context.newCDPSession(page);
    const requests = trackRequests((m, f) => cdp.on(m, f));
    await throttle(cdp, { cache: false });
    return await measureIn(page, url, wants, [requests], log, later);
  } finally {
    await context.close();
  }
}

// 首页 a second time: a first visit fills the HTTP cache and installs the service worker.
async function secondVisit(browser, browserSession, wants, later) {
  const context = await browser.newContext({ ...DEVICE, serviceWorkers: 'allow' });
  let worker;
  try {
    const first = await context.newPage();
    const firstLog = pageErrors(first);
    await first.goto(base, { waitUntil: 'commit', timeout: WAIT_MS });
    // (the app's own 首页, which is what the next start shows: not the drawing of a first visit)
    await first.locator('main#main article').first().waitFor({ state: 'visible', timeout: WAIT_MS }).catch(() => {
      throw new Error(`second visit, first visit: no visible 'main#main article' within ${WAIT_MS / 1000} s`);
    });
    const active = await first.evaluate((ms) => Promise.race([
      navigator.serviceWorker.ready.then((r) => !!r.active),
      new Promise((resolve) => setTimeout(() => resolve(false), ms)),
    ]), WAIT_MS);
    if (!active) throw new Error(`second visit: the service worker was not active ${WAIT_MS / 1000} s after the first visit`);
    if (firstLog.errors.length) throw new Error(`second visit, first visit: ${firstLog.errors.join('; ')}`);
    await first.close();

    worker = await attachServiceWorker(browserSession, new URL(base).origin);
    const workerRequests = trackRequests((m, f) => worker.on(m, f));
    await throttle(worker, { cache: true });
    const page = await context.newPage();
    const log = pageErrors(page);
    const cdp = await context.newCDPSession(page);
    const pageRequests = trackRequests((m, f) => cdp.on(m, f));
    await throttle(cdp, { cache: true });
    const r = await measureIn(page, base, wants, [pageRequests, workerRequests], log, later);
    r.controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
    return r;
  } finally {
    if (worker) await worker.detach();
    await context.close();
  }
}

// The rendered 首页 as a static page: no scripts, no preloads of code; styles and images kept.
async function writeSnapshot(browser) {
  const context = await browser.newContext({ ...DEVICE, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(base, { waitUntil: 'commit', timeout: WAIT_MS });
    await page.locator('main article').first().waitFor({ state: 'visible', timeout: WAIT_MS }).catch(() => {
      throw new Error(`snapshot of 首页: no visible 'main article' within ${WAIT_MS / 1000} s`);
    });
    // (the app's own: not the 首页 the reference server draws in for a first visit)
    await page.locator('main#main article').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.waitForTimeout(500); // the rest of the screen's first answers (not the prefetch, ~2 s on)
    const html = await page.evaluate(() => {
      const doc = document.documentElement.cloneNode(true);
      for (const el of doc.querySelectorAll('#snap, script, link[rel="modulepreload"], link[rel="preload"][as="fetch"], link[rel="preload"][as="script"]')) el.remove();
      return '<!doctype html>\n' + doc.outerHTML;
    });
    const articles = (html.match(/<article\b/g) || []).length;
    if (!articles) throw new Error('the snapshot of 首页 has no article');
    fs.writeFileSync(path.join(staticDir, SSR_FILE), html);
    return { bytes: Buffer.byteLength(html), articles };
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------ the board with 500 messages
const BOARD_ITEMS = 500;
async function api(method, p, { token, body, headers = {} } = {}) {
  const res = await fetch(new URL(`api/v1${p}`, base), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} /api/v1${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
async function signIn(phone) {
  const { demo_code } = await api('POST', '/auth/codes', { body: { phone } });
  if (!demo_code) throw new Error('the bench server gives no demo code (it runs with --demo)');
  return (await api('POST', '/auth/sessions', { body: { phone, code: demo_code } })).token;
}
// The demo's board has a few dozen messages: public ones are written (a demo citizen) and assigned
// (demo staff) through the API until it holds BOARD_ITEMS (the bench server runs with
// --relaxed-limits). Returns how many there are.
async function fillBoard() {
  let count = 0;
  for (let cursor = ''; ;) {
    const page = await api('GET', `/board?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    count += page.items.length;
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  if (count >= BOARD_ITEMS) return count;
  const citizen = await signIn('13800000001');
  const staff = await signIn('13700000001');
  const categories = (await api('GET', '/message-categories')).items;
  const deputies = (await api('GET', '/deputies?limit=50')).items;
  const places = ['村口', '小学门前', '集市东头', '卫生院旁', '老街', '新村路', '河堤', '文化广场'];
  const asks = ['路灯不亮', '路面坑洼', '垃圾清运不及时', '排水沟堵塞', '公交站没有遮雨棚', '停车难', '噪声扰民', '健身器材损坏'];
  for (let i = count; i < BOARD_ITEMS; i++) {
    const deputy = deputies[i % deputies.length];
    const category = categories[i % categories.length];
    const m = await api('POST', '/messages', {
      token: citizen,
      headers: { 'idempotency-key': `bench-board-${Date.now()}-${i}` },
      body: {
        recipient: { kind: 'deputy', id: deputy.id },
        category_id: category.id,
        title: `${places[i % places.length]}${asks[(i >> 3) % asks.length]}（${i + 1}）`,
        body: `${places[i % places.length]}一带${asks[(i >> 3) % asks.length]}，已经有一段时间了，影响附近居民出行和生活，希望有关部门尽快处理。`,
        public: true,
      },
    });
    await api('POST', `/messages/${m.id}/triage`, {
      token: staff,
      body: { version: m.version, track: 'fast', category_id: category.id, handler: { kind: 'deputy', id: deputy.id } },
    });
  }
  return BOARD_ITEMS;
}

// INP on /board with its messages all loaded (scrolled to the end, page by page as a user's
// scrolling loads them): the longest interaction (Event Timing: from the input to the next paint)
// of one tap, on a fresh page each — a category chip (the list made anew for that category) and
// the last message (to its screen). Network and CPU throttled as for the other figures.
async function boardInp(browser, tap) {
  const context = await browser.newContext({ ...DEVICE, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const log = pageErrors(page);
    const cdp = await context.newCDPSession(page);
    await throttle(cdp, { cache: true });
    await page.goto(new URL('board', base).href, { waitUntil: 'commit', timeout: WAIT_MS });
    const cards = page.locator('main article');
    await cards.first().waitFor({ state: 'visible', timeout: WAIT_MS });
    let loaded = 0;
    for (let since = Date.now(); Date.now() - since < 20000;) {
      const n = await cards.count();
      if (n >= BOARD_ITEMS) { loaded = n; break; }
      if (n > loaded) { loaded = n; since = Date.now(); }
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForTimeout(250);
    }
    loaded = await cards.count();
    await page.evaluate(() => {
      window.__inp = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.interactionId) window.__inp.push({ id: e.interactionId, name: e.name, ms: e.duration });
      }).observe({ type: 'event', durationThreshold: 16, buffered: true });
    });
    const target = tap === 'chip' ? page.locator('main a[href^="/board?category="]').first() : cards.last().locator('h2 a');
    const before = page.url();
    await target.tap({ timeout: WAIT_MS });
    await page.waitForURL((u) => u.href !== before, { timeout: WAIT_MS });
    await page.waitForTimeout(1500); // Event Timing reports an interaction after its next paint
    const entries = await page.evaluate(() => window.__inp);
    if (!entries.length) throw new Error(`board INP (${tap}): no interaction was reported`);
    if (log.errors.length) throw new Error(`board INP (${tap}): ${log.errors.join('; ')}`);
    return { ms: Math.max(...entries.map((e) => e.ms)), loaded };
  } finally {
    await context.close();
  }
}

// The newest news article (a shared link's first visit).
async function firstArticle() {
  const res = await fetch(new URL('api/v1/articles?kind=news&limit=1', base));
  if (!res.ok) throw new Error(`GET /api/v1/articles: ${res.status}`);
  const a = (await res.json()).items?.[0];
  if (!a) throw new Error('GET /api/v1/articles: no article');
  return a;
}

async function firstDeputy() {
  const res = await fetch(new URL('api/v1/deputies', base));
  if (!res.ok) throw new Error(`GET /api/v1/deputies: ${res.status}`);
  const d = (await res.json()).items?.find((x) => x.code && x.name);
  if (!d) throw new Error('GET /api/v1/deputies: no deputy with a code');
  return d;
}

// ------------------------------------------------------------------ report
const width = (s) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
const pad = (s, n) => s + ' '.repeat(Math.max(1, n - width(s)));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms) => (ms / 1000).toFixed(2) + ' s';
const kib = (b) => (b / 1024).toFixed(1) + ' KiB';
const num = (n) => String(Math.round(n));
const times = (x) => x.toFixed(1) + '×';
function stat(xs, f) {
  const bare = (x) => f(x).replace(/ .*/, '');
  return `${f(median(xs))} (${bare(Math.min(...xs))}–${bare(Math.max(...xs))})`;
}
// [label, figures, format, goal, within-goal test of the median]
function row(label, xs, f, goal, ok) {
  const verdict = ok === undefined ? '' : ok(median(xs)) ? 'OK' : 'OVER';
  return `  ${pad(label, 40)}${pad(stat(xs, f), 30)}${pad(goal, 10)}${verdict}`.trimEnd();
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.ZSRD_CHROMIUM || '/usr/bin/chromium', args: ARGS });
  const browserSession = await browser.newBrowserCDPSession();
  const results = { home: [], ssr: [], second: [], deputy: [], article: [], board: [], inpChip: [], inpCard: [] };
  let boardCount;
  let deputy;
  let shared;
  let snapshot;
  try {
    deputy = await firstDeputy();
    shared = await firstArticle();
    snapshot = await writeSnapshot(browser);
    boardCount = await fillBoard();
    const article = [{ selector: 'main article' }];
    const figures = {
      // (the 首页 the reference server draws in, then the app's own: `main#main`)
      home: () => cold(browser, base, article, [{ selector: 'main#main article' }]),
      ssr: () => cold(browser, new URL(SSR_FILE, base).href, article),
      // (the last-seen 首页 index.html shows at once; then the app's own, `main#main`)
      second: () => secondVisit(browser, browserSession, article, [{ selector: 'main#main article' }]),
      deputy: () => cold(browser, new URL(`d/${encodeURIComponent(deputy.code)}`, base).href,
        [{ selector: 'h1', text: deputy.name }, { selector: 'a, button', text: '给代表留言', exact: true }],
        // (the page the reference server draws in, then the app's own)
        [{ selector: 'main#main h1', text: deputy.name }]),
      // (a shared link: the article the reference server draws in, then the app's own)
      article: () => cold(browser, new URL(`articles/${encodeURIComponent(shared.id)}`, base).href,
        [{ selector: 'main h1', text: shared.title }], [{ selector: 'main#main h1', text: shared.title }]),
      board: () => cold(browser, new URL('board', base).href, article),
      inpChip: () => boardInp(browser, 'chip'),
      inpCard: () => boardInp(browser, 'card'),
    };
    // BENCH_ONLY=inpChip,inpCard (names of `figures`): only those, for a quick look; the table
    // then shows the others as not measured.
    const only = (process.env.BENCH_ONLY || '').split(',').filter(Boolean);
    for (const name of Object.keys(figures)) if (only.length && !only.includes(name)) figures[name] = async () => ({ ms: NaN, loaded: NaN });
    console.log(`(b) speed at the floor — ${base}: snapshot ${SSR_FILE} (${kib(snapshot.bytes)}, ${snapshot.articles} articles), ` +
      `deputy ${deputy.name} (/d/${deputy.code}), ${boardCount} messages on the board; 1 warm-up round and ${runs} measured`);
    for (let round = 0; round <= runs; round++) {
      const got = {};
      for (const [name, run] of Object.entries(figures)) got[name] = await run();
      if (round === 0) continue; // warm-up
      for (const name of Object.keys(figures)) results[name].push(got[name]);
      console.log(`  round ${round}: 首页 ${sec(got.home.ms)} (the app's own ${sec(got.home.laterMs)}), snapshot ${sec(got.ssr.ms)}, second visit ${sec(got.second.ms)} ` +
        `(${kib(got.second.bytes)}${got.second.controlled ? ', service worker' : ', NO service worker'}; the app's own ${sec(got.second.laterMs)}), ` +
        `/d ${sec(got.deputy.ms)} (the app's own ${sec(got.deputy.laterMs)}; ${got.deputy.requests} requests of which ${got.deputy.chunks} wasm chunks, ${kib(got.deputy.bytes)}), article ${sec(got.article.ms)} (the app's own ${sec(got.article.laterMs)}), /board ${sec(got.board.ms)}, ` +
        `INP with ${got.inpChip.loaded}/${got.inpCard.loaded} messages loaded: a chip ${num(got.inpChip.ms)} ms, the last message ${num(got.inpCard.ms)} ms`);
    }
  } finally {
    await browser.close();
  }
  const ms = (name) => results[name].map((r) => r.ms);
  const ratios = results.home.map((r, i) => r.ms / results.ssr[i].ms);
  const ratio = median(ms('home')) / median(ms('ssr'));
  console.log();
  console.log('(b) speed at the floor — WeChat Android UA, 390×844, CPU 4×, 150 ms RTT, 1.6 Mbps');
  console.log(`  ${pad('figure', 40)}${pad('median (min–max)', 30)}goal`);
  console.log(row('首页 first article, cold', ms('home'), sec, '≤ 1.30 s', (m) => m <= 1300));
  console.log(row('  bytes (requests started by then)', results.home.map((r) => r.bytes), kib, '—'));
  console.log(row("  the app's own 首页 in its place", results.home.map((r) => r.laterMs), sec, '—'));
  console.log(row('server-rendered 首页 (snapshot), cold', ms('ssr'), sec, '—'));
  console.log(`  ${pad('ratio app / server-rendered', 40)}${pad(`${times(ratio)} (per round ${times(Math.min(...ratios))}–${times(Math.max(...ratios))})`, 30)}${pad('≤ 1.8×', 10)}${ratio <= 1.8 ? 'OK' : 'OVER'}`);
  console.log(row('首页 second visit (cache, SW)', ms('second'), sec, '≤ 0.60 s', (m) => m <= 600));
  console.log(row('  bytes (requests started by then)', results.second.map((r) => r.bytes), kib, '—'));
  console.log(row("  the app's own 首页 in its place", results.second.map((r) => r.laterMs), sec, '—'));
  console.log(row('/d/<code> name + 给代表留言, cold', ms('deputy'), sec, '≤ 1.60 s', (m) => m <= 1600));
  console.log(row('  requests started by then', results.deputy.map((r) => r.requests), num, '≤ 15', (m) => m <= 15));
  console.log(row("  the app's own page in its place", results.deputy.map((r) => r.laterMs), sec, '—'));
  console.log(row('a shared article: its title, cold', ms('article'), sec, '—'));
  console.log(row("  the app's own article in its place", results.article.map((r) => r.laterMs), sec, '—'));
  console.log(row('  bytes (requests started by then)', results.deputy.map((r) => r.bytes), kib, '—'));
  console.log(row('/board first message, cold', ms('board'), sec, '—'));
  const msf = (x) => `${num(x)} ms`;
  const inp = results.inpChip.map((r, i) => Math.max(r.ms, results.inpCard[i].ms));
  console.log(row(`/board INP, ${BOARD_ITEMS} messages loaded`, inp, msf, '≤ 200 ms', (m) => m <= 200));
  console.log(row('  a tap on a category chip', ms('inpChip'), msf, '—'));
  console.log(row('  a tap on the last message', ms('inpCard'), msf, '—'));
  const short = [...results.inpChip, ...results.inpCard].filter((r) => r.loaded < BOARD_ITEMS);
  if (short.length) console.log(`  note: ${short.length} INP run(s) had fewer than ${BOARD_ITEMS} messages loaded (${short.map((r) => r.loaded).join(', ')})`);
  const odd = Object.entries(results).flatMap(([name, rs]) => rs.filter((r) => r.unfinished || (name !== 'second' && r.seen !== r.requests))
    .map((r) => `${name}: ${r.requests} requests in Resource Timing, ${r.seen} seen by CDP, ${r.unfinished} unfinished after ${WAIT_MS / 1000} s`));
  for (const o of odd) console.log(`  note: ${o}`);
  if (results.second.some((r) => !r.controlled)) console.log('  note: a second visit was not controlled by the service worker');
  console.log('  (goals are reported, not enforced; the figures move with the load of the machine)');
})().catch((e) => {
  console.error(`(b) speed at the floor: FAILED — ${e.message}`);
  process.exit(1);
});
