// Step 4 of scripts/build-app: `wasm-opt -Oz --strip-producers --strip-target-features` on every
// module of a directory, in one process per core through binaryen's own JS API (the npm package
// that provides the `wasm-opt` command, tests/node_modules/binaryen).
// Why not the command: it is binaryen compiled to wasm, and each run starts it afresh (~0.3 s
// before any work); with ~500 modules that was 3.5 minutes of a 2-core CI machine, most of it
// start-ups. The passes and features are the command's, and its output is the same byte for
// byte (checked when this was written: every module of a release build, `cmp` on each).
// Usage: node scripts/wasm-opt-all.mjs DIR   (rewrites DIR/*.wasm in place)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';

const here = path.dirname(fileURLToPath(import.meta.url));

async function optimize(files) {
  const { default: binaryen } = await import(pathToFileURL(path.join(here, '..', 'tests', 'node_modules', 'binaryen', 'index.js')).href);
  const F = binaryen.Features;
  // The `--enable-…` flags of build-app (the wasm features the Rust target emits).
  const features = F.MVP | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes | F.Multivalue;
  if (!F.BulkMemoryOpt) throw new Error('wasm-opt-all: this binaryen has no bulk-memory-opt feature');
  binaryen.setOptimizeLevel(2); // -Oz = -O2 with shrink level 2
  binaryen.setShrinkLevel(2);
  // What the command does at -O2 and above when it writes the module (without these two, 141 of
  // 504 chunks came out a few bytes larger than the command's).
  binaryen.setGenerateStackIR(true);
  binaryen.setOptimizeStackIR(true);
  for (const file of files) {
    const mod = binaryen.readBinary(fs.readFileSync(file));
    try {
      mod.setFeatures(mod.getFeatures() | features);
      if (!mod.validate()) throw new Error(`wasm-opt-all: ${file} does not validate`);
      mod.optimize();
      mod.runPasses(['strip-producers', 'strip-target-features']);
      fs.writeFileSync(file, mod.emitBinary());
    } finally {
      mod.dispose();
    }
  }
}

if (process.argv[2] === '--worker') {
  optimize(process.argv.slice(3)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: wasm-opt-all.mjs DIR');
  // Largest first, dealt round-robin: the workers end together.
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  const n = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, files.length));
  const shares = Array.from({ length: n }, (_, i) => files.filter((_, j) => j % n === i));
  const codes = await Promise.all(shares.map((share) => new Promise((resolve) => {
    // binaryen warns about subsection 3 of the name section on every module (it does not know
    // it; nothing is wrong): that line is dropped, anything else it says goes through.
    const child = fork(fileURLToPath(import.meta.url), ['--worker', ...share], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (!/^warning: unknown name subsection/.test(line)) console.error(line);
    });
    child.on('exit', resolve);
  })));
  if (codes.some((c) => c !== 0)) {
    console.error(`wasm-opt-all: a worker failed (exit codes ${codes.join(', ')})`);
    process.exit(1);
  }
  console.log(`wasm-opt-all: ${files.length} modules optimized by ${n} workers`);
}
