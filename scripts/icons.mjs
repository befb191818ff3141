// The app's PNG icons, made from its two SVGs (public/icons): icon.svg (rounded, for browsers'
// tabs and "any" purpose) and maskable.svg (full-bleed, the mark inside the 80 % safe zone that
// Android's masks keep; also the apple-touch-icon, which iOS rounds itself). The PNGs are
// committed; run this after changing an SVG:
//
//   node scripts/icons.mjs        (uses @resvg/resvg-js from tests/node_modules)
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'tests', 'package.json'));
const { Resvg } = require('@resvg/resvg-js');
const icons = join(root, 'public', 'icons');

const out = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-192.png', 192],
  ['maskable.svg', 'maskable-512.png', 512],
  ['maskable.svg', 'apple-touch-icon.png', 180],
];
for (const [svg, png, size] of out) {
  const r = new Resvg(readFileSync(join(icons, svg)), { fitTo: { mode: 'width', value: size } });
  const bytes = r.render().asPng();
  writeFileSync(join(icons, png), bytes);
  console.log(`${png}: ${size}×${size}, ${bytes.length} bytes`);
}
