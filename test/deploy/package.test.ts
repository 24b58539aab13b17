/**
 * `npm run package` end to end: the app zip unpacked into a temporary folder holds only the
 * compiled app, host.json, package.json and production dependencies; its `main`, loaded with
 * the `@azure/functions-core` stand-in (as the local host loads the sources), registers every
 * function with the same routes and triggers as in development; the add-in's static folder
 * has a manifest for the production URL that validates against the XSDs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { OFFICE_JS_CDN, packageAll } from '../../scripts/package';
import { withSchemas, xmllint } from '../support/manifestSchema';

const ROOT = resolve(__dirname, '..', '..');
const BASE_URL = 'https://stcontosoincentives.z6.web.core.windows.net';
const release = mkdtempSync(join(tmpdir(), 'package-'));
const unpacked = join(release, 'unpacked');
let addin = '';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(unpacked, path).split(sep).join('/')];
  });
}

/** The registrations of an app entry module (none: the sources), listed by dev/localHost/registry.ts in its own Node. */
function registrations(main?: string): unknown[] {
  const args = ['--import', 'tsx', join(ROOT, 'dev', 'localHost', 'registry.ts'), ...(main ? [main] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, INCENTIVES_STORAGE: '', AzureWebJobsStorage: '' } })) as unknown[];
}

beforeAll(async () => {
  ({ addin } = await packageAll(BASE_URL, release, true));
  execFileSync('unzip', ['-q', join(release, 'app.zip'), '-d', unpacked]);
}, 300_000);

describe('the app zip', () => {
  it('holds the compiled app, host.json, package.json and node_modules, nothing else at the top', () => {
    expect(readdirSync(unpacked).sort()).toEqual(['dist', 'host.json', 'node_modules', 'package.json']);
    expect(readdirSync(join(unpacked, 'dist')).sort()).toEqual(['functions', 'shared']);
  });

  it('holds no dev folder, tests, bench or sources', () => {
    const files = walk(unpacked);
    const own = files.filter((f) => !f.startsWith('node_modules/'));
    expect(own.filter((f) => /^(dev|test|bench|scripts|addin|functions|shared|docs|infra)\//.test(f))).toEqual([]);
    expect(own.filter((f) => /(^|\/)(dev|test|bench)\//.test(f.replace(/^dist\//, '')))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(local\.settings(\.example)?\.json|manifest\.xml|tsconfig[^/]*\.json|jest\.config\.js)$/.test(f))).toEqual([]);
    expect(existsSync(join(unpacked, 'dist', 'functions', 'index.js'))).toBe(true);
  });

  it('holds the production dependencies and none of the development ones', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; main: string };
    for (const name of Object.keys(pkg.dependencies)) expect([name, existsSync(join(unpacked, 'node_modules', name, 'package.json'))]).toEqual([name, true]);
    for (const name of Object.keys(pkg.devDependencies)) expect([name, existsSync(join(unpacked, 'node_modules', name))]).toEqual([name, false]);
    const shipped = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(shipped.main).toBe(pkg.main);
    expect(shipped.dependencies).toEqual(pkg.dependencies);
    expect(shipped).not.toHaveProperty('devDependencies');
    expect(shipped).not.toHaveProperty('scripts');
  });

  it('registers, from its main and its own node_modules, every function with the development routes and triggers', () => {
    const main = join(unpacked, (JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as { main: string }).main);
    const packaged = registrations(main);
    const development = registrations();
    expect(development.length).toBeGreaterThan(20);
    expect(development).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'timerTrigger' }), expect.objectContaining({ kind: 'queueTrigger', queueName: 'nightly-shards' })]));
    expect(packaged).toEqual(development);
  }, 60_000);
});

describe("the add-in's static folder", () => {
  it('has the pages, scripts, metadata and icons, and loads office.js from the CDN', () => {
    expect(readdirSync(addin).sort()).toEqual(['assets', 'fabric.min.css', 'functions.js', 'functions.json', 'help.html', 'manifest.xml', 'taskpane.html', 'taskpane.js']);
    expect(readFileSync(join(addin, 'taskpane.html'), 'utf8')).toContain(`<script src="${OFFICE_JS_CDN}"></script>`);
  });

  it('has a manifest for the production URL', () => {
    const xml = readFileSync(join(addin, 'manifest.xml'), 'utf8');
    expect(xml).not.toContain('localhost');
    expect(xml).toContain(`<SourceLocation DefaultValue="${BASE_URL}/taskpane.html"/>`);
  });
});

withSchemas('the packaged manifest against the Office add-in XSDs', () => {
  it('validates', () => {
    const r = xmllint(join(addin, 'manifest.xml'));
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });
});
