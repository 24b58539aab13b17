/**
 * `npm run build:addin`: the Excel add-in as a static folder, addin/dist/:
 *   taskpane.html   the shared-runtime page (task pane + custom functions)
 *   functions.js    every custom function, registered with CustomFunctions.associate
 *   taskpane.js     the task pane
 *   functions.json  the functions' metadata, generated from their JSDoc (custom-functions-metadata)
 *   fabric.min.css  Fluent's Fabric Core styles (office-ui-fabric-core), bundled, not from a CDN
 *   help.html       the formula help, one section per function (src/help.ts; each helpUrl points at it)
 *   manifest.xml    the manifest, for sideloading
 *   assets/         icons (the PNGs in addin/assets/)
 *   office/         office.js from @microsoft/office-js (a link to the installed package)
 */
import { build } from 'esbuild';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata/lib/generate';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { helpPage } from './src/help';

/** The repository's root: the folder above this file holding package.json. */
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
/** Beside the add-in's sources, apart from the Functions app's dist/. */
export const ADDIN_OUT = join(ROOT, 'addin', 'dist');

/** Build into `out` (addin/dist by default; tests build into their own folders). */
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
  writeFileSync(join(out, 'help.html'), helpPage((JSON.parse(metadata.metadataJson) as { functions: Parameters<typeof helpPage>[0] }).functions));
  copyFileSync(join(ROOT, 'addin', 'taskpane.html'), join(out, 'taskpane.html'));
  copyFileSync(require.resolve('office-ui-fabric-core/dist/css/fabric.min.css'), join(out, 'fabric.min.css'));
  copyFileSync(join(ROOT, 'manifest.xml'), join(out, 'manifest.xml'));
  for (const size of [16, 32, 64, 80]) copyFileSync(join(ROOT, 'addin', 'assets', `icon-${size}.png`), join(out, 'assets', `icon-${size}.png`));
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
