/**
 * manifest.xml against Microsoft's XSDs (read from ../shared/schemas/office-addin-manifest,
 * beside the repository, never copied into it) with xmllint, and read back by
 * office-addin-manifest. Where the schemas are not there (a user's clone) the XSD test is
 * skipped with a note; in CI a missing xmllint fails it (.ci/run installs libxml2-utils).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productionManifest } from '../../scripts/package';
import { ROOT, schemasMissing as why, withSchemas, xmllint } from '../support/manifestSchema';

const MANIFEST = join(ROOT, 'manifest.xml');
const PRODUCTION_URL = 'https://stincentives.z6.web.core.windows.net';

function written(xml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.xml');
  writeFileSync(file, xml);
  return file;
}

withSchemas(`manifest.xml against the Office add-in XSDs${why ? ` (skipped: ${why})` : ''}`, () => {
  it('validates', () => {
    const r = xmllint(MANIFEST);
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('would catch a broken manifest (the check can fail)', () => {
    const broken = readFileSync(MANIFEST, 'utf8').replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>EverythingPlease</Permissions>');
    const r = xmllint(written(broken));
    expect(r.status).toBe(3);
    expect(r.output).toMatch(/Permissions/);
  });

  it('validates for a production URL (npm run package, ADDIN_BASE_URL)', () => {
    const r = xmllint(written(productionManifest(readFileSync(MANIFEST, 'utf8'), PRODUCTION_URL)));
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });
});

describe('the manifest for a production URL', () => {
  const xml = productionManifest(readFileSync(MANIFEST, 'utf8'), `${PRODUCTION_URL}/incentives`);

  it('names the production URL everywhere, localhost nowhere, and the origin as the app domain', () => {
    expect(xml).not.toContain('localhost');
    expect(xml).toContain(`<SourceLocation DefaultValue="${PRODUCTION_URL}/incentives/taskpane.html"/>`);
    expect(xml).toContain(`<bt:Url id="Fn.Script" DefaultValue="${PRODUCTION_URL}/incentives/functions.js"/>`);
    expect(xml).toContain(`<AppDomain>${PRODUCTION_URL}</AppDomain>`);
  });
});

describe('manifest.xml as office-addin-manifest reads it', () => {
  // The command, not the module: the module's dependencies are ESM-only, which jest cannot load.
  const info = () => execFileSync(process.execPath, [require.resolve('office-addin-manifest/cli.js'), 'info', MANIFEST], { encoding: 'utf8', env: { ...process.env, OFFICE_ADDIN_USAGE_DATA: 'off' } });

  it('reads the add-in, its host, permissions and page', () => {
    const out = info();
    expect(out).toMatch(/Name: Partner incentives/);
    expect(out).toMatch(/Hosts: Workbook/);
    expect(out).toMatch(/Permissions: ReadWriteDocument/);
    expect(out).toMatch(/Source Location: https:\/\/localhost:3000\/taskpane.html/);
  });

  it('declares the custom functions under PI, with a shared runtime for functions and task pane', () => {
    const xml = readFileSync(MANIFEST, 'utf8');
    expect(xml).toContain('<ExtensionPoint xsi:type="CustomFunctions">');
    expect(xml).toMatch(/<bt:String id="Fn.Namespace" DefaultValue="PI"\/>/);
    expect(xml).toMatch(/<Runtime resid="Pane.Page" lifetime="long" \/>/);
  });
});
