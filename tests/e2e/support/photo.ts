// A small photo for the journeys that attach one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A small PNG (8×6) to attach, written once to the temp directory; the app turns it into a JPEG. */
export function samplePhoto(): string {
  const file = path.join(os.tmpdir(), 'zsrd-e2e-photo.png');
  if (!fs.existsSync(file)) {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAY0lEQVR42g3JIQEAQQhFQZKgCbEh0Jvky5cCTYgNgSbR3dgxM9w4xjVklPGMNcwCD05wAwUVvGDjj8STk9xESSUv2fxDuDjiCokST6z+aLw5zW3UVPOa7T8GH85wBw01vGGHD8x/PnGPuaBxAAAAAElFTkSuQmCC',
      'base64',
    );
    fs.writeFileSync(file, png);
  }
  return file;
}
