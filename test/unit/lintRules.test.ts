/**
 * The project's own lint rules (eslint.config.mjs) catch what they are written for: each probe
 * below breaks one rule, in the folder the rule guards.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** ESLint's messages for `text` as if it were the file at `filePath` (in a child process: jest's VM cannot load the flat config). */
function messages(filePath: string, text: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', () => {
      try {
        const [result] = JSON.parse(out) as Array<{ messages: Array<{ message: string }> }>;
        resolve(result!.messages.map((m) => m.message));
      } catch {
        reject(new Error(`eslint gave no JSON: ${err || out}`));
      }
    });
    child.stdin.end(text);
  });
}

const STORAGE = `import type { TableClient } from '@azure/data-tables';
import { TableTransaction } from '@azure/data-tables';
export async function probe(client: TableClient, tenant: string): Promise<void> {
  await client.updateEntity({ partitionKey: tenant, rowKey: 'x' }, 'Merge');
  await client.deleteEntity(tenant, 'x');
  await client.submitTransaction([['delete', { partitionKey: tenant, rowKey: 'x' }]]);
  void new TableTransaction();
  client.listEntities({ queryOptions: { filter: \`PartitionKey eq '\${tenant}'\` } });
  client.listEntities({ queryOptions: { filter: "PartitionKey eq '" + tenant + "'" } });
}
`;

describe('the lint rules', () => {
  it('refuse storage writes without an ETag, transaction deletes, TableTransaction and filters built without odata', async () => {
    const found = await messages('functions/storage/probe.ts', STORAGE);
    expect(found.filter((m) => m.startsWith('Pass the ETag read before'))).toHaveLength(2);
    expect(found.filter((m) => m.startsWith('No "delete" transaction action'))).toHaveLength(1);
    expect(found.filter((m) => m.startsWith('Build transactions as action arrays'))).toHaveLength(1);
    expect(found.filter((m) => m.startsWith('Build filters with the odata template tag'))).toHaveLength(2);
  }, 30_000);

  it('accept the same calls done right', async () => {
    const text = `import { odata, type TableClient } from '@azure/data-tables';
export async function probe(client: TableClient, tenant: string, etag: string): Promise<void> {
  await client.updateEntity({ partitionKey: tenant, rowKey: 'x' }, 'Merge', { etag });
  await client.deleteEntity(tenant, 'x', { etag });
  client.listEntities({ queryOptions: { filter: odata\`PartitionKey eq \${tenant}\` } });
}
`;
    expect(await messages('functions/storage/probe.ts', text)).toEqual([]);
  }, 30_000);

  it('keep Node modules and the callers out of the engine, and dev tools out of the app', async () => {
    expect(await messages('shared/probe.ts', `import { readFileSync } from 'node:fs';\nimport { x } from '../functions/app';\nexport const y = [readFileSync, x];\n`)).toEqual([
      "'node:fs' import is restricted from being used by a pattern. The engine runs in Excel: no Node modules.",
      "'../functions/app' import is restricted from being used by a pattern. The engine depends on none of its callers.",
    ]);
    expect(await messages('functions/probe.ts', `import { startAzurite } from '../dev/azurite';\nexport const y = startAzurite;\n`)).toEqual([
      "'../dev/azurite' import is restricted from being used by a pattern. The deployable app imports no development code.",
    ]);
  }, 30_000);
});
