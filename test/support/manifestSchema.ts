/**
 * Microsoft's add-in manifest XSDs (read from ../shared/schemas/office-addin-manifest, beside
 * the repository, never copied into it) and xmllint over them. Where the schemas are not there
 * (a user's clone) schema tests are skipped with a note; in CI a missing xmllint fails them
 * (.ci/run installs libxml2-utils).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const SCHEMAS = resolve(ROOT, '..', 'shared', 'schemas', 'office-addin-manifest');
export const XSD = join(SCHEMAS, 'OfficeAppManifestV1_1.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** Why the schema tests cannot run here, or null when they can. */
export const schemasMissing: string | null = !existsSync(XSD)
  ? `the schemas are not at ${SCHEMAS} (they live beside the repository, not in it)`
  : !hasXmllint && process.env.CI !== 'true'
    ? 'xmllint is not installed (apt-get install libxml2-utils)'
    : null;

/** `describe` when the schemas and xmllint are there, else `describe.skip`. */
export const withSchemas = schemasMissing === null ? describe : describe.skip;

/** xmllint's verdict on a manifest file against the XSDs. */
export function xmllint(file: string): { status: number | null; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
