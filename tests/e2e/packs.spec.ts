// Issue 15: a lazily loaded screen's code comes in one request. Each split point of the release
// build has a pack, p<n>-<hash>.wasm (scripts/split-dist.cjs), holding its own chunk and the shared
// chunks it needs: opened cold, a screen fetches its pack, not its ~60 chunk files; a chunk already
// loaded by an earlier screen is not loaded again; once the prefetch has put the chunk files in the
// HTTP cache no pack is fetched; a pack that cannot be had falls back to the chunk files, and a
// screen whose code could not be had at all (offline) comes from its pack once the network is back.
import type { Page, Request } from '@playwright/test';
import { test, expect, NETWORK_ERRORS } from './support/fixtures';

const PACK = /\/p\d+-[0-9a-f]{16}\.wasm$/;
const CHUNK = /\/w\d+-[0-9a-f]{16}\.wasm$/;

/** The URLs of the requests the page starts, in order, from now on. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r: Request) => urls.push(new URL(r.url()).pathname));
  return urls;
}

/** Counts the chunk instances the loader makes (WebAssembly.instantiate with a compiled module;
 *  the main module is instantiated by wasm-bindgen's glue with instantiateStreaming), and keeps
 *  the prefetch from starting (it runs from requestIdleCallback, which the app does not use
 *  otherwise), so that every chunk request seen is the screen's own. */
async function countInstances(page: Page, { noPrefetch }: { noPrefetch: boolean }): Promise<void> {
  await page.addInitScript((noPrefetch: boolean) => {
    const w = window as unknown as { zsrdInstances: number };
    w.zsrdInstances = 0;
    const instantiate = WebAssembly.instantiate.bind(WebAssembly);
    (WebAssembly as { instantiate: unknown }).instantiate = (m: WebAssembly.Module, imports?: WebAssembly.Imports) => {
      if (m instanceof WebAssembly.Module) w.zsrdInstances++;
      return instantiate(m, imports);
    };
    if (noPrefetch) (window as { requestIdleCallback: unknown }).requestIdleCallback = () => 0;
  }, noPrefetch);
}

/** The chunk numbers a pack holds: the names of its custom sections. */
async function packMembers(page: Page, path: string): Promise<number[]> {
  const bytes = await (await page.request.get(path)).body();
  const leb = (at: number): [number, number] => {
    let n = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = bytes[at++];
      n += (b & 0x7f) * shift;
      if (b < 0x80) return [n, at];
    }
  };
  expect([...bytes.subarray(0, 8)]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const out: number[] = [];
  for (let at = 8; at < bytes.length; ) {
    expect(bytes[at]).toBe(0); // custom sections only
    const [size, body] = leb(at + 1);
    const [len, name] = leb(body);
    out.push(Number(bytes.subarray(name, name + len).toString()));
    at = body + size;
  }
  return out;
}

test.describe('a lazy screen opened cold', () => {
  test('its code comes as one pack; the next screen gets its own, with no chunk instantiated twice', async ({ page }) => {
    await countInstances(page, { noPrefetch: true });
    const urls = recordRequests(page);
    await page.goto('/d/LW01');
    // (the app's own screen: not the page the server draws in for a first visit)
    await expect(page.locator('main#main').getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
    const write = page.getByRole('link', { name: '给代表留言' });
    await expect(write).toBeVisible();
    const packs = urls.filter((u) => PACK.test(u));
    expect(packs, 'one pack for the deputy screen').toHaveLength(1);
    expect(urls.filter((u) => CHUNK.test(u)), 'no chunk file').toEqual([]);
    const first = await packMembers(page, packs[0]);
    expect(first.length, 'the deputy screen needs many chunks').toBeGreaterThan(10);
    expect(await page.evaluate(() => (window as unknown as { zsrdInstances: number }).zsrdInstances)).toBe(first.length);

    // Another lazy screen (writing a message: the compose area), which shares chunks with this one.
    await write.click();
    await expect(page.getByRole('link', { name: /^登录$/ })).toBeVisible();
    const later = urls.filter((u) => PACK.test(u)).slice(1);
    expect(later, 'one more pack for the compose screen').toHaveLength(1);
    expect(urls.filter((u) => CHUNK.test(u)), 'still no chunk file').toEqual([]);
    const second = await packMembers(page, later[0]);
    const shared = second.filter((c) => first.includes(c));
    expect(shared.length, 'the two screens share chunks').toBeGreaterThan(0);
    // Every chunk once: those of the first pack, and those of the second that were not loaded yet.
    const union = new Set([...first, ...second]);
    expect(await page.evaluate(() => (window as unknown as { zsrdInstances: number }).zsrdInstances)).toBe(union.size);
  });

  test('a pack that cannot be had: the chunk files instead, and the screen works', async ({ page, consoleGuard }) => {
    consoleGuard.allow(NETWORK_ERRORS);
    await countInstances(page, { noPrefetch: true });
    let refused = 0;
    await page.route(PACK, (route) => {
      refused++;
      return route.abort();
    });
    const urls = recordRequests(page);
    await page.goto('/d/LW01');
    // (the app's own screen: not the page the server draws in for a first visit)
    await expect(page.locator('main#main').getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
    await expect(page.locator('main#main').getByRole('link', { name: '给代表留言' })).toBeVisible();
    expect(refused).toBe(1);
    expect(urls.filter((u) => CHUNK.test(u)).length).toBeGreaterThan(10);
  });

  test('offline at first: once the network is back, the screen comes, again from one pack', async ({ page, consoleGuard }) => {
    consoleGuard.allow(NETWORK_ERRORS);
    await countInstances(page, { noPrefetch: true });
    let offline = true;
    await page.route(/\/[wp]\d+-[0-9a-f]{16}\.wasm$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
    const urls = recordRequests(page);
    await page.goto('/d/LW01');
    // the pack, then the chunk files instead, all refused (all of them: on a busy machine the
    // last are still on their way when the first ten have failed)
    let had = -1;
    await expect.poll(() => {
      const n = urls.filter((u) => CHUNK.test(u)).length;
      const settled = n > 10 && n === had;
      had = n;
      return settled;
    }, { intervals: [700] }).toBe(true);
    const before = urls.length;
    offline = false;
    // (the app's own screen: not the page the server draws in for a first visit)
    await expect(page.locator('main#main').getByRole('heading', { level: 1, name: '陈志强' })).toBeVisible();
    await expect(page.locator('main#main').getByRole('link', { name: '给代表留言' })).toBeVisible();
    const retried = urls.slice(before);
    expect(retried.filter((u) => PACK.test(u)), 'the retry takes the pack').toHaveLength(1);
    expect(retried.filter((u) => CHUNK.test(u)), 'and no chunk file').toEqual([]);
  });
});

test.describe('after the prefetch', () => {
  test('a screen opened then loads its chunk files from the HTTP cache: no pack', async ({ page }) => {
    await countInstances(page, { noPrefetch: false });
    const urls = recordRequests(page);
    await page.goto('/');
    await expect(page.locator('main article').first()).toBeVisible();
    await page.waitForFunction(() => (globalThis as { zsrdPrefetched?: boolean }).zsrdPrefetched === true, null, { timeout: 30_000 });
    // (首页 itself may have loaded a split point of its own by then — the alerts connection, the
    // outbox — from its pack.)
    const prefetched = new Set(urls.filter((u) => CHUNK.test(u)));
    expect(prefetched.size, 'the prefetch fetched the chunk files').toBeGreaterThan(100);
    const before = urls.length;
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '代表' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '人大代表' })).toBeVisible();
    const after = urls.slice(before);
    expect(after.filter((u) => PACK.test(u)), 'no pack after the prefetch').toEqual([]);
    expect(after.filter((u) => CHUNK.test(u)).length, 'the screen loaded its chunk files').toBeGreaterThan(0);
    expect(after.filter((u) => CHUNK.test(u)).every((u) => prefetched.has(u)), 'all of them prefetched').toBe(true);
  });
});
