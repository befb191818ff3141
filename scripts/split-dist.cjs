// Last step of scripts/build-app: copies the split, bindgen'd and optimized modules from WORK
// into DIST under content-hashed names (`name-<16 hex>.ext`, the server's immutable rule; the
// chunks share one hash of them all) and a pack of each split point's chunks (one request for a
// screen opened cold: see writePack and zsrdPoint), rewrites the splitter's loader as data, minifies it and the
// glue (terser), and adds to DIST/index.html the module script and preload links that Trunk would
// write.
// It also splits the component styles (stylance's CSS modules): those whose classes the main
// module uses stay in the stylesheet of the first load; the others go to rest-<hash>.css, which
// the loader adds to the page before the first chunk is shown (or when idle, with the prefetch).
// Usage: node scripts/split-dist.cjs WORK DIST CSS_MODULES   (stylance --output-dir …/stylance)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

// LEB128, as the wasm binary format writes its numbers: an unsigned one read at `at` ([value,
// the position after it]), and one written.
const leb = (buf, at) => {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
};
const uleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};

// The main module as wasm-split leaves it has, besides its own element segment, hundreds of
// active segments that only write `ref.null` into the table slots of functions moved to chunks
// (~415 segments, 17 KiB; 1.5 KiB gzip of the first load). A table starts with every slot
// null, and those slots are none of the main segment's (checked below): the segments change
// nothing and are dropped; each chunk writes its functions into its slots when instantiated.
// Only when every segment is of the two kinds understood here (else the module is left as is).
function withoutNullPlaceholders(wasm) {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  let dropped = 0;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 9) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, r] = leb(wasm, start);
    const kept = [];
    const own = [];
    const nulls = [];
    for (let i = 0; i < count; i++) {
      const from = r;
      let flags;
      [flags, r] = leb(wasm, r);
      // flags 0: active, table 0, function indices; 4: active, table 0, expressions
      if ((flags !== 0 && flags !== 4) || wasm[r] !== 0x41) return wasm;
      let offset;
      [offset, r] = leb(wasm, r + 1);
      if (wasm[r++] !== 0x0b) return wasm;
      let n;
      [n, r] = leb(wasm, r);
      let onlyNull = flags === 4;
      for (let j = 0; j < n; j++) {
        if (flags === 0) {
          [, r] = leb(wasm, r);
        } else if (wasm[r] === 0xd0 && wasm[r + 2] === 0x0b) {
          r += 3; // ref.null <type> end
        } else if (wasm[r] === 0xd2) {
          [, r] = leb(wasm, r + 1); // ref.func <index> end
          if (wasm[r++] !== 0x0b) return wasm;
          onlyNull = false;
        } else {
          return wasm;
        }
      }
      (onlyNull ? nulls : own).push([offset, n]);
      if (!onlyNull) kept.push(wasm.subarray(from, r));
    }
    if (r !== end) return wasm;
    // A null segment over a slot another segment fills would matter (the order of the writes).
    if (nulls.some(([o, n]) => own.some(([q, m]) => o < q + m && q < o + n))) return wasm;
    const body = Buffer.concat([uleb(kept.length), ...kept]);
    parts.push(Buffer.from([9]), uleb(body.length), body);
    dropped = nulls.length;
    at = end;
  }
  if (!dropped) return wasm;
  const out = Buffer.concat(parts);
  if (!WebAssembly.validate(out)) throw new Error('split-dist: the main module without its null segments does not validate');
  console.log(`split-dist: ${dropped} element segments of ref.null dropped from the main module (${wasm.length - out.length} B)`);
  return out;
}

const [work, dist, cssModules] = process.argv.slice(2);
if (!cssModules) throw new Error('split-dist: usage: split-dist.cjs WORK DIST CSS_MODULES');
const read = (f) => fs.readFileSync(path.join(work, f));
const hash = (...bufs) => {
  const h = crypto.createHash('sha256');
  for (const b of bufs) h.update(b);
  return h.digest('hex').slice(0, 16);
};
const sri = (buf) => 'sha384-' + crypto.createHash('sha384').update(buf).digest('base64');
const replaceAll = (text, from, to) => {
  if (!text.includes(from)) throw new Error(`split-dist: "${from}" not found`);
  return text.split(from).join(to);
};

const MAIN_JS = 'zsrd-app.js';
const MAIN_WASM = 'zsrd-app_bg.wasm';
const LINK_JS = '__wasm_split.js';

// Chunks: every other .wasm, referenced by the loader as "./<file>".
let link = read(LINK_JS).toString('utf8');
// A chunk that fails to load (offline, server gone) would make the Rust side panic, and a
// panic aborts the whole app: retry instead, on `online` or with backoff up to 30 s. The
// previous screen stays meanwhile (the offline banner says why).
link = replaceAll(link, 'await callee();', 'await zsrdRetry(callee);');
// zsrdRetry never gives up, so the callback always reports success (the splitter's try/catch
// around it is dead code); and the chunks' imports are the main module's exports, as a whole
// rather than three of them copied into an object of their own (a chunk imports only what it
// names). Smaller loader: together with the glue's single import below, they pay for the packs.
link = replaceAll(link, `        let success;
        try {
            await zsrdRetry(callee);
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        } finally {
            const sharedImports = getSharedImports();
            sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
        }
`, `        await zsrdRetry(callee);
        getSharedImports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, true);
`);
const sharedInit = /^( *)sharedImports = \{ __wasm_split: \{  \} \};\n *const \{ ([\w, ]+) \} = initSync\(undefined, undefined\);\n *Object\.assign\(sharedImports\.__wasm_split, \{ \2 \}\);\n/m;
if (!sharedInit.test(link)) throw new Error('split-dist: getSharedImports is not of the expected shape');
link = link.replace(sharedInit, '$1sharedImports = { __wasm_split: initSync(undefined, undefined) };\n');
link += `
async function zsrdRetry(load) {
    for (let wait = 1000; ; wait = Math.min(2 * wait, 30000)) {
        try {
            return await load();
        } catch (e) {
            console.warn("Loading part of the app failed; retrying.", e);
            await new Promise((resolve) => {
                const done = () => { clearTimeout(timer); removeEventListener("online", done); resolve(); };
                const timer = setTimeout(done, wait);
                addEventListener("online", done);
            });
        }
    }
}
`;
// Chunks: every other .wasm. Numbered in the order the loader defines them (the shared chunks
// first, then the split points'), which lets the loader name them by position (below).
const chunkFiles = fs.readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== MAIN_WASM);
const order = (f) => {
  const at = link.indexOf(`"./${f}"`);
  if (at < 0 || link.indexOf(`"./${f}"`, at + 1) >= 0) throw new Error(`split-dist: ${f} is not named once in the loader`);
  return at;
};
chunkFiles.sort((a, b) => order(a) - order(b));
const bufs = chunkFiles.map(read);
// One hash of all the chunks for all their names (w<n>-<hash>.wasm, and the packs'
// p<n>-<hash>.wasm; still the server's immutable `name-<16 hex>.ext`). Per-chunk hashes cost
// 4.8 KiB gzip of the first load (a hash does not compress; 383 chunks) and saved little: the
// splitter numbers functions and chunks anew on each build, so that most chunks change whenever
// the app does (measured in README).
// (With the splitter's loader: a split point's pack, below, holds the chunks that it lists.)
const setHash = hash(...bufs, read(LINK_JS));
const chunks = chunkFiles.map((f, i) => {
  const name = `w${i}-${setHash}.wasm`;
  console.log(`split-dist: ${f} → ${name}`);
  link = replaceAll(link, `"./${f}"`, `zsrdChunks[${i}]`);
  fs.writeFileSync(path.join(dist, name), bufs[i]);
  return [name, bufs[i].length];
});
// The splitter's comments (which split points share each chunk: long symbol lists) and
// whole-line comments are not needed in the browser.
link = link.replace(/^\/\* __[^*]*\*\/\n/gm, '').replace(/^[ \t]*\/\/.*\n/gm, '');
if (/^\/\*/m.test(link)) throw new Error('split-dist: a block comment is left in the loader: check the stripping');

// Prefetch: every chunk into the HTTP cache once the first screen is up (immutable files), so
// that later screens open at once, also offline or while the server is unreachable; and the
// zh-CN texts of those screens (the app fetches them itself too, and every lazy route waits for
// them: see `pack` in src/i18n.rs), so that they are there offline as well.
const texts = fs.readdirSync(dist).filter((f) => /^zh-[0-9a-f]{16}\.txt$/.test(f));
if (texts.length !== 1) throw new Error(`split-dist: expected one zh-<hash>.txt in ${dist}, found ${texts.length}`);
link = `const zsrdChunks = Array.from({ length: ${chunks.length} }, (_, i) => "./w" + i + "-${setHash}.wasm");\n` + link + `
export function zsrdPrefetch() {
    const all = [...zsrdChunks, "./${texts[0]}"];
    let i = 0;
    const next = () => {
        if (i >= all.length) return 0;
        const c = all[i++];
        return zsrdQuiet(0).then(() => fetch(new URL(c, import.meta.url), { priority: "low" }))
            .then((r) => r.arrayBuffer()).catch(() => {}).then(next);
    };
    return Promise.all([next(), next(), next()]).then(() => { globalThis.zsrdPrefetched = true; });
}
`;

// ------------------------------------------------------------------ the component styles
// A CSS module is in the first load when the main module names one of its classes (stylance
// suffixes every class of a file with that file's hash: `.tile-9d04551`); the others are only
// used by lazily loaded screens. Measured: half of the component CSS (4.7 of 8.5 KiB gzip).
const stripCss = (css) =>
  css.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|\/\*[\s\S]*?\*\//g, (m, str) => str ?? '')
    .replace(/^[ \t]+|[ \t]+$/gm, '').replace(/\n{2,}/g, '\n');
const mainWasm = read(MAIN_WASM);
const modules = [...fs.readFileSync(path.join(cssModules, '_index.scss'), 'utf8').matchAll(/@use\s+"([^"]+)"/g)].map((m) => m[1]);
if (modules.length === 0) throw new Error('split-dist: no CSS modules listed in _index.scss');
const firstCss = [];
const restCss = [];
for (const file of modules) {
  const suffix = /-([0-9a-f]{6,})\.css$/.exec(file)?.[1];
  if (!suffix) throw new Error(`split-dist: no class hash in the CSS module name ${file}`);
  const css = stripCss(fs.readFileSync(path.join(cssModules, file), 'utf8'));
  (mainWasm.includes(`-${suffix}`) ? firstCss : restCss).push(css);
  console.log(`split-dist: CSS ${file} → ${mainWasm.includes(`-${suffix}`) ? 'first load' : 'rest'}`);
}
const htmlFile = path.join(dist, 'index.html');
let page = fs.readFileSync(htmlFile, 'utf8');
const bundleLink = /<link rel="stylesheet" href="\/?(bundle-[0-9a-f]+\.css)" integrity="[^"]*"\/?>/.exec(page);
if (!bundleLink) throw new Error('split-dist: the stylesheet link of the CSS modules is not in index.html');
const first = Buffer.from(firstCss.join('\n'));
const rest = Buffer.from(restCss.join('\n'));
const firstName = `bundle-${hash(first)}.css`;
const restName = `rest-${hash(rest)}.css`;
fs.rmSync(path.join(dist, bundleLink[1]));
fs.writeFileSync(path.join(dist, firstName), first);
fs.writeFileSync(path.join(dist, restName), rest);
page = replaceAll(page, bundleLink[0], `<link rel="stylesheet" href="${firstName}" integrity="${sri(first)}"/>`);
fs.writeFileSync(htmlFile, page);
// A screen's chunk (a lazy route's view) waits for the rest of the styles (fetched beside it,
// usually long there), so that no screen shows unstyled — a lazy route's view, or an area's
// (`lazy_areas!`: `…_area_view_<n>`); the other split points (the hub's
// parts, the outbox, the alerts connection…) draw nothing styled by them and do not wait. A
// stylesheet that failed (offline) is asked for again next time.
link = replaceAll(link, 'function makeLoad(fetcher, deps) {', 'function makeLoad(styled, fetcher, deps) {');
link = replaceAll(link, 'const parallelStuff = deps.map(d => d());', 'const parallelStuff = [...deps.map(d => d()), ...(styled ? [zsrdRestCss()] : [])];');
let views = 0;
link = link.replace(/(export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\()|(= makeLoad\()/g, (m, exp, name) => {
  if (!exp) return '= makeLoad(false, ';
  const view = /_(route|area)_view_\d+$/.test(name);
  views += view ? 1 : 0;
  return `${exp}${view}, `;
});
if (views === 0) throw new Error('split-dist: no lazy route views found in the loader');
// The loader as the splitter writes it defines every chunk as five lines of code and lists a
// split point's chunks by name (`__chunk_123, …`): 6 KiB gzip of the first load with 350 chunks.
// Here the same loader is written as data: one fetcher for all, the shared chunks by position
// (they come first in zsrdChunks, see above) and each split point's list as ranges ("0-6.9").
// What it does is unchanged; anything in the loader not of the expected shape stops the build.
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fetcherSrc = escape(`() => {
    const src = fetch(new URL(zsrdChunks[`) + String.raw`(\d+)` + escape(`], import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [`) + String.raw`([^\]]*)\]`;
const sharedDef = new RegExp(String.raw`^const __chunk_(\d+) = makeLoad\(false, ` + fetcherSrc + String.raw`\);\n`, 'gm');
const sharedAt = new Map();
link = link.replace(sharedDef, (m, n, file, deps) => {
  if (deps.trim() !== '') throw new Error(`split-dist: shared chunk ${n} has chunks of its own: the compact loader does not handle that`);
  if (Number(file) !== sharedAt.size) throw new Error(`split-dist: shared chunk ${n} is file ${file}, expected ${sharedAt.size}`);
  sharedAt.set(`__chunk_${n}`, sharedAt.size);
  return sharedAt.size === 1 ? 'ZSRD_SHARED\n' : '';
});
const ranges = (deps) => {
  const at = deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => {
    if (!sharedAt.has(d)) throw new Error(`split-dist: unknown chunk ${d} in the loader`);
    return sharedAt.get(d);
  }).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < at.length; i++) {
    let j = i;
    while (j + 1 < at.length && at[j + 1] === at[j] + 1) j++;
    out.push(j > i ? `${at[i]}-${at[j]}` : `${at[i]}`);
    i = j;
  }
  return out.join('.');
};
const pointDef = new RegExp(String.raw`^export const (__wasm_split_load_\w+) = wrapAsyncCb\(makeLoad\((true|false), ` + fetcherSrc + String.raw`\)\);\n`, 'gm');
let points = 0;
let packBytes = 0;
link = link.replace(pointDef, (m, name, styled, file, deps) => {
  points++;
  const at = ranges(deps);
  writePack(Number(file), [Number(file), ...at.split('.').filter(Boolean).flatMap((r) => {
    const [a, b = a] = r.split('-').map(Number);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  })]);
  return `export const ${name} = zsrdPoint(${styled}, ${file}, "${at}");\n`;
});
console.log(`split-dist: ${points} packs, ${packBytes} B in all`);
// A split point's pack, p<n>-<hash>.wasm (n: the point's own chunk), holds its own chunk and all
// the shared chunks it lists, for one request instead of dozens (a QR scan to /d/<code> needed
// ~60 chunks: seconds of round trips over HTTP/1.1's six connections; see zsrdPoint below).
// Format: a WebAssembly module of custom sections only — the 8-byte header, then per chunk a
// custom section (id 0, LEB128 size, LEB128 name length, name) named by the chunk's index in
// zsrdChunks in decimal, whose content is the chunk's bytes. No code: it compiles at once, and
// WebAssembly.Module.customSections(module, "12") gives chunk 12 back. A .wasm, so that the
// server and any web server send it as application/wasm, compressed, and immutable.
function writePack(file, members) {
  const parts = [Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])];
  for (const c of members) {
    const name = Buffer.from(String(c));
    const body = Buffer.concat([uleb(name.length), name, bufs[c]]);
    parts.push(Buffer.from([0]), uleb(body.length), body);
  }
  const pack = Buffer.concat(parts);
  packBytes += pack.length;
  fs.writeFileSync(path.join(dist, `p${file}-${setHash}.wasm`), pack);
}
if (points === 0 || sharedAt.size + points !== chunks.length) {
  throw new Error(`split-dist: the compact loader found ${sharedAt.size} shared chunks and ${points} split points for ${chunks.length} files`);
}
if (/makeLoad\((true|false), \(\)/.test(link) || /__chunk_\d/.test(link)) throw new Error('split-dist: a chunk definition of an unknown shape is left in the loader');
// zsrdBusy counts the chunks on their way (fetched, not yet instantiated): the prefetch waits
// for a first screen's own chunks (a QR scan to /d/<code>: measured, its ~60 chunks and the
// prefetch's 566 shared one 1.6 Mbps link, and the deputy's name came seconds later).
// zsrdSrc[c]: what became of chunk c — undefined: never asked for, or its bytes could not be had
// (offline: the next try of a screen may take its pack again); a promise: its module on its way
// from a pack; null: asked for (then never in a pack again).
// zsrdPoint: a split point's load first looks at which of its chunks have never been asked for
// (a chunk shared with a screen opened before is there already: makeLoad keeps every chunk's
// instance, each is instantiated once). Two or more: their pack is fetched, once, and each of
// them is instantiated from its section as it would be from its file. Not when the chunk files
// are in a cache — after the prefetch (HTTP cache: zsrdPrefetched) or with a service worker in
// control (its precache holds the chunk files, not the packs) — and a chunk whose pack failed is
// fetched from its own file.
link = replaceAll(link, 'ZSRD_SHARED\n', `let zsrdBusy = 0;
const zsrdSrc = [];
const zsrdCompile = (file) => WebAssembly.compileStreaming(fetch(new URL(file, import.meta.url)));
function zsrdFetch(file) {
    return () => {
        zsrdBusy++;
        const src = zsrdSrc[file] || zsrdCompile(zsrdChunks[file]);
        zsrdSrc[file] = null;
        src.catch(() => { zsrdSrc[file] = undefined; });
        return async (imports) => src.then((m) => WebAssembly.instantiate(m, imports)).finally(() => zsrdBusy--);
    };
}
const zsrdShared = Array.from({ length: ${sharedAt.size} }, (_, i) => makeLoad(false, zsrdFetch(i), []));
function zsrdPoint(styled, file, ranges) {
    const all = [file, ...ranges.split(".").filter(Boolean).flatMap((r) => {
        const [a, b = a] = r.split("-").map(Number);
        return Array.from({ length: b - a + 1 }, (_, i) => a + i);
    })];
    return wrapAsyncCb(makeLoad(styled, zsrdFetch(file), [() => {
        const want = all.filter((c) => zsrdSrc[c] === undefined);
        if (want.length > 1 && !globalThis.zsrdPrefetched && !(navigator.serviceWorker || {}).controller) {
            const pack = zsrdCompile(zsrdChunks[file].replace("w", "p"));
            for (const c of want) {
                zsrdSrc[c] = pack.then((m) => WebAssembly.compile(WebAssembly.Module.customSections(m, c)[0]), () => zsrdCompile(zsrdChunks[c]));
            }
        }
    }, ...all.slice(1).map((c) => zsrdShared[c])]));
}
`);
link = replaceAll(link, 'export function zsrdPrefetch() {', 'export function zsrdPrefetch() {\n    zsrdRestCss();');
// Three at a time, each after the chunks on their way (checked every 0.5 s, 20 s at most: a
// chunk whose dependencies failed never instantiates): the browser keeps six connections to a
// server over HTTP/1.1, and the screen's own requests — its chunks, then its data — get the
// others (measured: a QR scan to /d/<code> had all 566 prefetches queued before the deputy's
// data, and the name showed seconds later).
link = replaceAll(link, 'export function zsrdPrefetch() {', `const zsrdQuiet = (n) => zsrdBusy > 0 && n < 40 ? new Promise((r) => setTimeout(r, 500)).then(() => zsrdQuiet(n + 1)) : Promise.resolve();
export function zsrdPrefetch() {`);
link += `
let zsrdCss;
function zsrdRestCss() {
    if (!zsrdCss) {
        zsrdCss = new Promise((resolve) => {
            const el = document.createElement("link");
            el.rel = "stylesheet";
            el.href = new URL("./${restName}", import.meta.url).href;
            el.onload = () => resolve();
            el.onerror = () => { el.remove(); zsrdCss = undefined; resolve(); };
            document.head.append(el);
        });
    }
    return zsrdCss;
}
`;

// Known failure of splitter/bindgen mismatches: a bare placeholder module left in the glue.
for (const bare of ['__wbindgen_placeholder__', '__wasm_split_placeholder__']) {
  if (read(MAIN_JS).includes(`from '${bare}'`) || read(MAIN_JS).includes(`from "${bare}"`)) {
    throw new Error(`split-dist: the glue imports the bare module ${bare}: the split build is broken`);
  }
}

(async () => {
// Both scripts minified (terser: wasm-bindgen's glue and the loader come with comments, long
// names and indentation): 14.3 → 9.5 KiB gzip of the first load (README, Figures). Exports and
// string keys (the wasm's import module names) are kept as they are.
// The glue imports the loader and the loader imports the glue: one hash of both for both names.
// Only the import specifiers change: the wasm's import module stays "./__wasm_split.js" (the
// key of the imports object).
const GLUE_AT = './zsrd-glue-name.js';
const LINK_AT = './zsrd-link-name.js';
// wasm-bindgen imports the loader once per split point, each time under a new name, and puts each
// name in the wasm's imports object under the same key (the last one wins): all are the same
// module namespace, so once is the same (152 B gzip of the first load, measured, which pays for
// the packs' code in the loader).
let glue = read(MAIN_JS).toString('utf8');
const linkImports = [...glue.matchAll(/^import \* as (import\d+) from "\.\/__wasm_split\.js"\n/gm)];
if (linkImports.length === 0) throw new Error('split-dist: the glue does not import the loader as expected');
for (const [line, name] of linkImports.slice(1)) {
  glue = replaceAll(glue, line, '');
  glue = replaceAll(glue, `        "./${LINK_JS}": ${name},\n`, '');
}
if (linkImports.length > 1 && new RegExp(String.raw`\b(${linkImports.slice(1).map((m) => m[1]).join('|')})\b`).test(glue)) {
  throw new Error('split-dist: a duplicate import of the loader is still used in the glue');
}
glue = replaceAll(glue, `from "./${LINK_JS}"`, `from "${LINK_AT}"`);
link = replaceAll(link, `"./${MAIN_JS}"`, `"${GLUE_AT}"`);
const terser = require(path.join(__dirname, '..', 'tests', 'node_modules', 'terser'));
// The main module's imports (~300 functions of the glue) are named by wasm-bindgen
// `__wbg_<name>_<16 hex digits>`: written twice in the first load, in the module's import section
// and as the keys of the glue's import object, where their hashes do not compress. They are
// renamed `w0`, `w1`… in both, for every name that is a key exactly once in the (minified) glue
// (the loader's, `./__wasm_split.js`, stay); if an import of the glue is not found there, both are
// left as they are.
function withShortImports(wasm, original) {
  let glue = original;
  const leave = (why) => {
    console.log(`split-dist: the main module's import names are left as they are: ${why}`);
    return [wasm, original];
  };
  const name = (buf, at) => {
    const [n, r] = leb(buf, at);
    return [buf.subarray(r, r + n).toString('utf8'), r + n];
  };
  const limits = (buf, at) => {
    const flags = buf[at];
    let r;
    [, r] = leb(buf, at + 1);
    if (flags & 1) [, r] = leb(buf, r);
    return r;
  };
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 2) {
      at = end;
      continue;
    }
    let [count, r] = leb(wasm, start);
    const entries = [];
    let renamed = 0;
    const taken = new Set();
    for (let i = 0; i < count; i++) {
      let module, field;
      [module, r] = name(wasm, r);
      [field, r] = name(wasm, r);
      const descStart = r;
      const kind = wasm[r++];
      if (kind === 0) [, r] = leb(wasm, r);
      else if (kind === 1) r = limits(wasm, r + 1);
      else if (kind === 2) r = limits(wasm, r);
      else if (kind === 3) r += 2;
      else if (kind === 4) [, r] = leb(wasm, r + 1);
      else return leave(`an import of kind ${kind}`);
      const key = new RegExp(`([{,])${field.replace(/\$/g, '\\$')}:`, 'g');
      const hits = glue.match(key) || [];
      let short = field;
      if (hits.length === 1 && /^__wbg/.test(field)) {
        do short = `w${(renamed++).toString(36)}`; while (new RegExp(`[{,]${short}:`).test(glue) || taken.has(short));
        glue = glue.replace(key, `$1${short}:`);
      } else if (hits.length === 0 && module === `./${MAIN_JS.replace(/\.js$/, '_bg.js')}`) {
        return leave(`${module} ${field} is not a key of the glue`);
      }
      taken.add(short);
      entries.push(Buffer.concat([uleb(Buffer.byteLength(module)), Buffer.from(module), uleb(Buffer.byteLength(short)), Buffer.from(short), wasm.subarray(descStart, r)]));
    }
    if (r !== end) return leave('the import section is not as read');
    const body = Buffer.concat([uleb(count), ...entries]);
    const out = Buffer.concat([wasm.subarray(0, at), Buffer.from([2]), uleb(body.length), body, wasm.subarray(end)]);
    if (!WebAssembly.validate(out)) throw new Error('split-dist: the main module with short import names does not validate');
    console.log(`split-dist: ${renamed} imports of the main module renamed (${wasm.length - out.length} B)`);
    return [out, glue];
  }
  return [wasm, original];
}

const minify = async (code, what) => {
  const out = await terser.minify(code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (!out.code) throw new Error(`split-dist: terser gave nothing for ${what}`);
  return out.code;
};
glue = await minify(glue, MAIN_JS);
link = await minify(link, LINK_JS);
let wasm;
[wasm, glue] = withShortImports(withoutNullPlaceholders(read(MAIN_WASM)), glue);
const h = hash(Buffer.from(glue), Buffer.from(link));
const glueName = `zsrd-app-${h}.js`;
const linkName = `zsrd-split-${h}.js`;
glue = replaceAll(glue, `"${LINK_AT}"`, `"./${linkName}"`);
link = replaceAll(link, `"${GLUE_AT}"`, `"./${glueName}"`);
if (glue.includes(LINK_AT) || link.includes(GLUE_AT)) throw new Error('split-dist: a placeholder import is left');
const wasmName = `zsrd-app-${hash(wasm)}_bg.wasm`;
fs.writeFileSync(path.join(dist, glueName), glue);
fs.writeFileSync(path.join(dist, linkName), link);
fs.writeFileSync(path.join(dist, wasmName), wasm);

// The start-up Trunk would write, without what nothing here uses (window.wasmBindings, the
// TrunkApplicationStarted event). Then the lazily loaded parts into the HTTP cache once the
// first screen is up (see the loader), and the service worker (public/late.js), whose precache
// finds them there.
const htmlPath = path.join(dist, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');
// No top-level await: an engine without it (iOS 14) would not run the script at all, and
// could not be told why (public/fallback.js: the page when the app cannot start).
// Every address is relative to index.html's <base> (src/paths.rs: the app may be deployed under
// a path): the inline module's imports, the links and the wasm (wasm-bindgen resolves a string
// against the document's base URL).
const startUp = (await terser.minify(`import init from './${glueName}';
const prefetch = () => import('./${linkName}').then((m) => m.zsrdPrefetch()).then(() => window.zsrdRegisterWorker && window.zsrdRegisterWorker());
init({ module_or_path: '${wasmName}' }).then(
  () => setTimeout(() => (window.requestIdleCallback ? requestIdleCallback(prefetch, { timeout: 5000 }) : prefetch()), 2000),
  () => import('./fallback.js'));`,
  { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;
if (!startUp) throw new Error('split-dist: terser gave nothing for the start-up script');
const tags = `<script type="module">${startUp}</script>
<link rel="modulepreload" href="${glueName}" crossorigin="anonymous" integrity="${sri(Buffer.from(glue))}">` +
  `<link rel="modulepreload" href="${linkName}" crossorigin="anonymous" integrity="${sri(Buffer.from(link))}">` +
  // (No integrity on the wasm's preload: Chromium ignores it there — "the `integrity` attribute
  // is currently ignored for preload destinations that do not support subresource integrity",
  // crbug.com/981419 — and 64 characters of base64 are ~70 B of the first load. No `type`
  // either: a fetch preload is not skipped by type.)
  `<link rel="preload" href="${wasmName}" crossorigin="anonymous" as="fetch">`;
html = replaceAll(html, '</head>', tags + '</head>');
// Trunk's own stylesheet links are written from the root (its public URL, `/`): relative to
// <base> too. And index.html's comments, which explain it to us, do not go out.
html = html.replace(/(<link rel="stylesheet" href=")\/(?!\/)/g, '$1').replace(/<!--[\s\S]*?-->/g, '');
const rooted = /<(?!base )[^>]*\b(?:href|src)="\/(?!\/)[^"]*"/.exec(html);
if (rooted) throw new Error(`split-dist: an address of index.html is still written from the root: ${rooted[0]}`);
// index.html's own inline scripts (preferences before the first paint, the service worker's
// registration) go out without their comments, which explain them to us (~1 KiB gzip of the
// first load). Classic scripts: their top-level names stay as they are.
for (const m of [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)]) {
  const out = await terser.minify(m[1], { compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (!out.code) throw new Error('split-dist: terser gave nothing for an inline script of index.html');
  html = html.replace(m[0], () => `<script>${out.code}</script>`);
}
fs.writeFileSync(htmlPath, html);

console.log(`split-dist: ${wasmName} (${wasm.length} B), ${glueName}, ${linkName}`);
for (const [name, size] of chunks) console.log(`split-dist: chunk ${name} (${size} B)`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
