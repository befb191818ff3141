// First-load bytes of the built app: dist/index.html and the .js, .wasm and .css files it
// references, raw, gzip -9 (the gzip program) and brotli (quality 11, Node's zlib).
// Usage: node scripts/bench-bytes.cjs [dist] [budget KiB]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');

const dist = process.argv[2] || 'dist';
const budgetKiB = Number(process.argv[3] || 200);
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');

// Every quoted or attribute path ending in .js/.wasm/.css that exists in dist/.
const refs = new Set();
for (const m of html.matchAll(/["'(]\s*(?:\.?\/)?([^"'()\s<>]+?\.(?:js|wasm|css))(?:\?[^"'()\s]*)?\s*["')]/g)) {
  const rel = m[1].replace(/^\/+/, '');
  if (fs.existsSync(path.join(dist, rel))) refs.add(rel);
}
// The service worker is registered after the page's `load` event, and what it fetches (the
// precache of the whole build) after it: like the prefetch of the lazily loaded chunks, not part
// of what the first screen waits for. Its size is reported below the table.
refs.delete('sw.js');
// public/late.js likewise: index.html fetches it 2 s after the page's `load` event (the service
// worker's registration, keeping the last-seen 首页).
refs.delete('late.js');
// public/fallback.js: loaded only when the app cannot start (no WebAssembly, or its files did
// not arrive), never on a first load that shows 首页.
refs.delete('fallback.js');
const files = ['index.html', ...[...refs].sort((a, b) => kind(a) - kind(b) || a.localeCompare(b))];
function kind(f) {
  return f.endsWith('.css') ? 0 : f.endsWith('.js') ? 1 : 2;
}

function gzip9(file) {
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 30 }).length;
  } catch {
    return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
}
function brotli(file) {
  return zlib.brotliCompressSync(fs.readFileSync(file), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(file).size },
  }).length;
}

const kib = (n) => (n / 1024).toFixed(1);
const rows = files.map((f) => {
  const p = path.join(dist, f);
  return { f, raw: fs.statSync(p).size, gz: gzip9(p), br: brotli(p) };
});
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gz: t.gz + r.gz, br: t.br + r.br }), { raw: 0, gz: 0, br: 0 });

const w = Math.max(24, ...files.map((f) => f.length)) + 2;
const line = (a, b, c, d) => `  ${a.padEnd(w)}${b.padStart(11)}${c.padStart(11)}${d.padStart(11)}`;
console.log(`(a) first-load bytes — ${dist}/index.html and what it references (KiB)`);
console.log(line('file', 'raw', 'gzip -9', 'brotli'));
for (const r of rows) console.log(line(r.f, kib(r.raw), kib(r.gz), kib(r.br)));
console.log(line('total', kib(total.raw), kib(total.gz), kib(total.br)));
const ok = total.gz <= budgetKiB * 1024;
console.log(`  budget: ${budgetKiB} KiB gzip → ${kib(total.gz)} KiB ${ok ? 'OK' : 'OVER BUDGET'} (${((100 * total.gz) / (budgetKiB * 1024)).toFixed(0)}%)`);
if (!files.some((f) => f.endsWith('.wasm'))) console.log('  warning: index.html references no .wasm file');
if (fs.existsSync(path.join(dist, 'sw.js'))) {
  const sw = path.join(dist, 'sw.js');
  console.log(`  after the load event: the service worker sw.js ${kib(fs.statSync(sw).size)} KiB (${kib(gzip9(sw))} gzip), then its precache of the build`);
}
