/**
 * `npm run package`: what a deployment uploads, in release/:
 *   app.zip   the Functions app: dist/ (compiled functions/ and shared/), host.json,
 *             package.json and the production dependencies, less what .funcignore leaves out
 *             (as `func azure functionapp publish` would); no dev/, test/, bench/ or sources.
 *   addin/    the add-in's static files for the storage account's static website, with a
 *             manifest.xml whose URLs are ADDIN_BASE_URL (an https origin, no trailing slash
 *             needed) and office.js from Microsoft's CDN, as AppSource requires.
 *
 * ADDIN_BASE_URL=https://stincentives.z6.web.core.windows.net npm run package
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { buildAddin } from '../addin/build';

const ROOT = resolve(__dirname, '..');
export const RELEASE = join(ROOT, 'release');
/** Where the add-in's pages load office.js from in production. */
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** The origin manifest.xml names for development (npm start's add-in server). */
const DEV_ORIGIN = 'https://localhost:3000';

/** The add-in's origin from ADDIN_BASE_URL: https only (Office loads no other), no trailing slash. */
export function addinBaseUrl(text: string | undefined): string {
  if (!text) throw new Error('set ADDIN_BASE_URL to the https URL the add-in is served from (the static website, e.g. https://<account>.z6.web.core.windows.net)');
  const url = new URL(text);
  if (url.protocol !== 'https:') throw new Error(`ADDIN_BASE_URL must be https (Office loads add-ins over https only), not ${text}`);
  if (url.search || url.hash) throw new Error(`ADDIN_BASE_URL must be a plain URL, without a query or fragment: ${text}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** manifest.xml with every development URL moved to the production one. */
export function productionManifest(xml: string, baseUrl: string): string {
  const out = xml.split(DEV_ORIGIN).join(baseUrl);
  // <AppDomain> is an origin, not a path.
  return out.replace(/<AppDomain>[^<]*<\/AppDomain>/, `<AppDomain>${new URL(baseUrl).origin}</AppDomain>`);
}

/** The production dependencies' folders, as npm resolved them (relative to the root). */
function productionPackages(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && resolve(line) !== ROOT)
    .map((line) => relative(ROOT, line));
}

function walk(dir: string, base = dir): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path, base));
    else files.push(relative(base, path).split(sep).join('/'));
  }
  return files;
}

/** Stage the app's files in `stage` and zip them to `zipFile`; returns the files zipped. */
export function packageApp(zipFile: string, stage: string, dist = join(ROOT, 'dist')): string[] {
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(dist, join(stage, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'host.json'), join(stage, 'host.json'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  // The deployed package.json: what Node and the host read (main, engines, dependencies), no dev tooling.
  const shipped = { name: pkg.name, version: pkg.version, private: true, description: pkg.description, license: pkg.license, engines: pkg.engines, main: pkg.main, dependencies: pkg.dependencies };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
  for (const dir of productionPackages()) {
    cpSync(join(ROOT, dir), join(stage, dir), { recursive: true, dereference: true, filter: (src) => !relative(join(ROOT, dir), src).split(sep).includes('node_modules') });
  }
  // .funcignore, as func reads it (gitignore syntax), over everything staged.
  const rules = ignore().add(readFileSync(join(ROOT, '.funcignore'), 'utf8'));
  for (const file of walk(stage)) if (rules.ignores(file)) rmSync(join(stage, file));
  const files = walk(stage).sort();
  rmSync(zipFile, { force: true });
  execFileSync('zip', ['-q', '-X', '-r', zipFile, '.'], { cwd: stage });
  return files;
}

/** Build the add-in into `out` for the production origin. */
export async function packageAddin(out: string, baseUrl: string): Promise<void> {
  await buildAddin(out);
  rmSync(join(out, 'office'), { recursive: true, force: true });
  const page = join(out, 'taskpane.html');
  const html = readFileSync(page, 'utf8');
  if (!html.includes('src="office/office.js"')) throw new Error('taskpane.html no longer loads office/office.js: update scripts/package.ts');
  writeFileSync(page, html.replace('src="office/office.js"', `src="${OFFICE_JS_CDN}"`));
  writeFileSync(join(out, 'manifest.xml'), productionManifest(readFileSync(join(ROOT, 'manifest.xml'), 'utf8'), baseUrl));
}

/**
 * Build and package into `release`. The app is compiled as `npm run build` does, into dist/
 * (or, for tests, into release/dist, leaving the working tree's dist/ alone).
 */
export async function packageAll(baseUrl: string, release = RELEASE, ownDist = false): Promise<{ zip: string; addin: string; files: string[] }> {
  const dist = ownDist ? join(release, 'dist') : join(ROOT, 'dist');
  rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(join(dist, 'functions', 'index.js'))) throw new Error(`the build made no ${join(dist, 'functions', 'index.js')}`);
  mkdirSync(release, { recursive: true });
  const zip = join(release, 'app.zip');
  const files = packageApp(zip, join(release, 'app'), dist);
  const addin = join(release, 'addin');
  await packageAddin(addin, baseUrl);
  return { zip, addin, files };
}

if (require.main === module) {
  const started = Date.now();
  Promise.resolve()
    .then(() => packageAll(addinBaseUrl(process.env.ADDIN_BASE_URL)))
    .then(
      ({ zip, addin, files }) =>
        console.log(
          `${relative(ROOT, zip)}: ${files.length} files (${(statSync(zip).size / 1e6).toFixed(1)} MB); ${relative(ROOT, addin)}/ for ${process.env.ADDIN_BASE_URL} (${Date.now() - started} ms).`,
        ),
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
      },
    );
}
