/**
 * npm run programs: export a stored catalog, import it into another installation (a dry run
 * first, writing nothing), an invalid file refused with every bad field and nothing written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProgramStore } from '../../functions/storage/programStore';
import { loadCatalog, type CatalogData } from '../../shared';
import { run } from '../../scripts/programs';
import { useAzurite } from '../support/azurite';

const azurite = useAzurite();
const dir = mkdtempSync(join(tmpdir(), 'programs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the command, collecting what it prints. */
async function programs(store: ProgramStore, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, store, { out: (l) => out.push(l), err: (l) => err.push(l) }, () => '2026-07-02T09:00:00.000Z');
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run programs', () => {
  it('exports one installation catalog and imports it into another: dry run first, then for real, then nothing to do', async () => {
    const here = new ProgramStore(azurite().connectionString, { tablePrefix: 'here' });
    const there = new ProgramStore(azurite().connectionString, { tablePrefix: 'there' });
    // An amendment in the first installation.
    const first = await programs(here, 'export');
    const data = JSON.parse(first.out) as CatalogData;
    const fy26 = await (async () => {
      await here.ensureTable();
      return (await here.get('security-usage-fy26'))!;
    })();
    const amendment = {
      effectiveFrom: '2026-07-01',
      note: 'July 2026 guide update',
      changes: { payout: { amountsCents: { XS: [120000, 180000] } } },
      changedBy: 'Dana (ops)',
      changedAt: '2026-07-01T08:00:00.000Z',
    };
    await here.write('security-usage-fy26', { program: fy26.program, amendments: [amendment], action: 'amended' }, { by: 'Dana (ops)', at: '2026-07-01T08:00:00.000Z', note: 'July' }, fy26);
    const exported = await programs(here, 'export');
    expect(exported.code).toBe(0);
    expect(data.programs).toHaveLength(6);
    const file = join(dir, 'programs.json');
    writeFileSync(file, exported.out);
    expect(loadCatalog(JSON.parse(exported.out) as CatalogData).resolve('security-usage', '2026-07-01').program.payout).toMatchObject({ amountsCents: { XS: [120000, 180000] } });

    const dry = await programs(there, 'import', file, '--dry-run');
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('security-usage-fy26: would replace (1 amendment in the file, 0 stored)');
    expect(dry.out).toContain('security-usage-fy25: unchanged');
    expect(dry.out).toContain('(nothing written)');
    expect((await there.get('security-usage-fy26'))!.version).toBe(1);

    const real = await programs(there, 'import', file, '--by', 'Lee (ops)');
    expect(real.code).toBe(0);
    expect(real.out).toContain('security-usage-fy26: replaced');
    const imported = (await there.get('security-usage-fy26'))!;
    expect(imported).toMatchObject({
      version: 2,
      action: 'replaced',
      changedBy: 'Lee (ops)',
      note: 'Imported from programs.json',
      amendments: [expect.objectContaining({ changedBy: 'Dana (ops)', effectiveFrom: '2026-07-01' })],
    });
    expect((await there.history('security-usage-fy26')).map((v) => v.version)).toEqual([2, 1]);

    const again = await programs(there, 'import', file);
    expect(again.out).toContain('security-usage-fy26: unchanged');
    expect((await there.get('security-usage-fy26'))!.version).toBe(2);
  });

  it('refuses an invalid file with every bad field (exit 1) and writes nothing; a missing file is exit 2', async () => {
    const store = new ProgramStore(azurite().connectionString, { tablePrefix: 'bad' });
    const data = JSON.parse((await programs(store, 'export')).out) as CatalogData;
    const fy26 = data.programs.find((p) => (p as { id: string }).id === 'security-usage-fy26') as { sizeBands: Array<{ minSeats: number }> };
    fy26.sizeBands[2]!.minSeats = 400;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(data));
    const r = await programs(store, 'import', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain("programs[security-usage-fy26].sizeBands[2].minSeats: must be above the previous band's 500");
    expect((await store.get('security-usage-fy26'))!.version).toBe(1);
    expect((await programs(store, 'import', join(dir, 'missing.json'))).code).toBe(2);
    expect((await programs(store, 'frobnicate')).code).toBe(2);
  });
});
