/**
 * `npm run build:addin`: the Excel add-in as a static folder, dist/addin/:
 *   taskpane.html   the shared-runtime page (task pane + custom functions)
 *   functions.js    every custom function, registered with CustomFunctions.associate
 *   taskpane.js     the task pane
 *   functions.json  the functions' metadata, generated from their JSDoc (custom-functions-metadata)
 *   manifest.xml    the manifest, for sideloading
 *   assets/         icons
 *   office/         office.js from @microsoft/office-js (a link to the installed package)
 */
import { build } from 'esbuild';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata/lib/generate';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

/** The repository's root: the folder above this file holding package.json (from scripts/ or dist/scripts/). */
function repoRoot(): string {
  let dir = resolve(__dirname, '..');
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'addin'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the repository above ${__dirname}`);
    dir = up;
  }
  return dir;
}

const ROOT = repoRoot();
export const ADDIN_OUT = join(ROOT, 'dist', 'addin');

/** A square PNG of one colour with a lighter inner square (the add-in's icon). */
function icon(size: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const inner = x > size / 4 && x < (3 * size) / 4 && y > size / 4 && y < (3 * size) / 4;
      row.set(inner ? [0x50, 0xe6, 0xff] : [0x00, 0x78, 0xd4], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** Build into `out` (dist/addin by default; tests build into their own folders). */
export async function buildAddin(out: string = ADDIN_OUT): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  await build({
    entryPoints: { functions: join(ROOT, 'addin', 'src', 'functionsEntry.ts'), taskpane: join(ROOT, 'addin', 'src', 'taskpane.ts') },
    outdir: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    // No source maps: the add-in server faces anyone who can reach its port, and maps would
    // hand out every source file (ADDIN_SOURCEMAPS=1 builds them for debugging).
    sourcemap: process.env.ADDIN_SOURCEMAPS === '1',
    logLevel: 'warning',
  });
  const metadata = await generateCustomFunctionsMetadata([join(ROOT, 'addin', 'src', 'formulas.ts'), join(ROOT, 'addin', 'src', 'apiFormulas.ts')]);
  if (metadata.errors.length > 0) throw new Error(`custom functions metadata:\n${metadata.errors.join('\n')}`);
  writeFileSync(join(out, 'functions.json'), metadata.metadataJson);
  copyFileSync(join(ROOT, 'addin', 'taskpane.html'), join(out, 'taskpane.html'));
  copyFileSync(join(ROOT, 'manifest.xml'), join(out, 'manifest.xml'));
  for (const size of [16, 32, 64, 80]) writeFileSync(join(out, 'assets', `icon-${size}.png`), icon(size));
  const officeJs = dirname(require.resolve('@microsoft/office-js/dist/office.js'));
  if (!existsSync(join(out, 'office'))) symlinkSync(officeJs, join(out, 'office'), 'dir');
}

if (require.main === module) {
  const started = Date.now();
  buildAddin().then(
    () => console.log(`Add-in built in ${ADDIN_OUT} (${Date.now() - started} ms).`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
