// Installable (issue 14): the manifest that Android Chrome reads to offer installation, and every
// icon it and the page name — each answers 200 with its type, and each PNG has the size it
// claims (read from the PNG's own header, not trusted from the file name).
import { test, expect } from './support/fixtures';

/** Width × height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('the manifest offers installation with real icons of every size and purpose', async ({ request }) => {
  const m = await request.get('/manifest.webmanifest');
  expect(m.status()).toBe(200);
  expect(m.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await m.json();
  expect(manifest.name).toBe('掌上人大');
  expect(manifest.display).toBe('standalone');
  // (relative to the manifest: the app's home wherever it is deployed, `/` or a path)
  expect(new URL(manifest.start_url, m.url()).pathname).toBe('/');
  expect(new URL(manifest.scope, m.url()).pathname).toBe('/');
  const pngs = manifest.icons.filter((i: { type: string }) => i.type === 'image/png');
  expect(pngs.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
    '192x192 any',
    '192x192 maskable',
    '512x512 any',
    '512x512 maskable',
  ]);
  for (const icon of manifest.icons) {
    const r = await request.get(new URL(icon.src, m.url()).href);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type'], icon.src).toContain(icon.type);
    if (icon.type === 'image/png') expect(pngSize(await r.body()), icon.src).toBe(icon.sizes);
  }
});

test("the page's own icons answer too: the favicon and the apple-touch-icon", async ({ request }) => {
  const page = await request.get('/');
  const html = await page.text();
  const href = (rel: string) => html.match(new RegExp(`<link rel="${rel}" href="([^"]+)"`))?.[1];
  const favicon = href('icon');
  const apple = href('apple-touch-icon');
  expect(favicon).toBeTruthy();
  expect(apple).toBeTruthy();
  const f = await request.get(new URL(favicon!, page.url()).href);
  expect(f.status()).toBe(200);
  expect(f.headers()['content-type']).toContain('image/svg+xml');
  const a = await request.get(new URL(apple!, page.url()).href);
  expect(a.status()).toBe(200);
  expect(a.headers()['content-type']).toContain('image/png');
  expect(pngSize(await a.body())).toBe('180x180');
});
