/**
 * manifest.xml against Microsoft's XSDs (read from ../shared/schemas/office-addin-manifest,
 * beside the repository, never copied into it) with xmllint, and read back by
 * office-addin-manifest. Where the schemas are not there (a user's clone) the XSD test is
 * skipped with a note; in CI a missing xmllint fails it (.ci/run installs libxml2-utils).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const MANIFEST = join(ROOT, 'manifest.xml');
const SCHEMAS = resolve(ROOT, '..', 'shared', 'schemas', 'office-addin-manifest');
const XSD = join(SCHEMAS, 'OfficeAppManifestV1_1.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

const why = !existsSync(XSD)
  ? `the schemas are not at ${SCHEMAS} (they live beside the repository, not in it)`
  : !hasXmllint && process.env.CI !== 'true'
    ? 'xmllint is not installed (apt-get install libxml2-utils)'
    : null;
const withSchemas = why === null ? describe : describe.skip;

function xmllint(file: string): { status: number | null; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

withSchemas(`manifest.xml against the Office add-in XSDs${why ? ` (skipped: ${why})` : ''}`, () => {
  it('validates', () => {
    const r = xmllint(MANIFEST);
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('would catch a broken manifest (the check can fail)', () => {
    const broken = readFileSync(MANIFEST, 'utf8').replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>EverythingPlease</Permissions>');
    const file = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.xml');
    writeFileSync(file, broken);
    const r = xmllint(file);
    expect(r.status).toBe(3);
    expect(r.output).toMatch(/Permissions/);
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
