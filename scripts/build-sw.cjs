#!/usr/bin/env node
// Writes DIST/sw.js, the service worker, from public/sw.js (called by scripts/build-app, last):
//   1. esbuild bundles it with the Workbox modules it imports (minified, production build);
//   2. workbox-build's injectManifest lists every file of DIST — index.html, the hashed CSS, JS and
//      wasm, every lazily loaded chunk, the locale packs, the manifest and icons — with a revision
//      (an MD5 of the content; hashed names are their own revision) where `self.__WB_MANIFEST` is;
//      not the split points' packs (below).
// The list is the build's own, never kept by hand: a chunk the splitter adds is precached as well.
// Usage: node scripts/build-sw.cjs DIST
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const modules = path.join(root, 'tests', 'node_modules');
const esbuild = require(path.join(modules, 'esbuild'));
const { injectManifest } = require(path.join(modules, 'workbox-build'));

async function main() {
  const dist = process.argv[2];
  if (!dist || !fs.existsSync(path.join(dist, 'index.html'))) {
    console.error('build-sw: usage: build-sw.cjs DIST (a built app, with its index.html)');
    process.exit(2);
  }
  const bundled = path.join(root, 'target', `sw-bundle-${process.pid}.js`);
  fs.mkdirSync(path.dirname(bundled), { recursive: true });
  try {
    await esbuild.build({
      entryPoints: [path.join(root, 'public', 'sw.js')],
      bundle: true,
      format: 'iife',
      minify: true,
      target: 'es2020',
      // Workbox's own logging is for its development builds only.
      define: { 'process.env.NODE_ENV': '"production"' },
      nodePaths: [modules],
      outfile: bundled,
      logLevel: 'warning',
    });
    const { count, size, warnings } = await injectManifest({
      swSrc: bundled,
      swDest: path.join(dist, 'sw.js'),
      globDirectory: dist,
      globPatterns: ['**/*'],
      // The worker itself; config.json belongs to the deployment (runtime-cached instead). The
      // split points' packs (p<n>-<hash>.wasm, scripts/split-dist.cjs) hold the same bytes as the
      // chunk files, which are precached: with a worker in control the loader uses those.
      globIgnores: ['sw.js', 'config.json', '**/*.map', 'p[0-9]*-*.wasm'],
      // The whole build is precached, however large a wasm module gets.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      // name-<16 hex>.ext (and name-<hex>_bg.wasm): the name changes with the content.
      dontCacheBustURLsMatching: /-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$/,
    });
    for (const w of warnings) console.warn(`build-sw: ${w}`);
    const kib = (size / 1024).toFixed(0);
    console.log(`build-sw: ${path.join(dist, 'sw.js')} precaches ${count} files (${kib} KiB before compression)`);
  } finally {
    fs.rmSync(bundled, { force: true });
  }
}

main().catch((e) => {
  console.error(`build-sw: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
