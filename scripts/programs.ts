/**
 * Move a program catalog between installations, straight against storage:
 *
 *   npm run programs -- export > programs.json        the stored catalog (years, amendments, lists)
 *   npm run programs -- import programs.json --dry-run  what an import would change, nothing written
 *   npm run programs -- import programs.json [--by "Dana (ops)"]
 *
 * An import validates the whole catalog it would make (the stored one with the file's program
 * years) before writing anything; each year of the file that differs from the stored one is
 * written as a new version (history kept, "Imported from <file>" by the --by name, else $USER);
 * stored years the file lacks are kept. The workload list and recognition rules stay as stored.
 *
 * Storage: INCENTIVES_STORAGE or AzureWebJobsStorage, else the Azurite that `npm start` runs.
 * Exit codes: 0 done (or nothing to do), 1 the file's catalog is invalid (every bad field
 * listed), 2 the file cannot be read or the arguments are wrong, 3 storage unreachable.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { azuriteConnectionString } from '../dev/azurite';
import { CatalogCache } from '../functions/storage/catalogSource';
import { storageConnectionString } from '../functions/storage/connection';
import { ProgramStore, type StoredProgramYear } from '../functions/storage/programStore';
import { StorageUnavailable } from '../functions/storage/storageErrors';
import { CatalogAmendmentSchema, isEngineInputError, loadCatalog, type Amendment, type CatalogData } from '../shared';

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = 'Usage: npm run programs -- export > programs.json | npm run programs -- import <programs.json> [--dry-run] [--by NAME]';

/** What an import does to one program year. */
export interface PlannedYear {
  programId: string;
  action: 'create' | 'replace' | 'unchanged';
  /** Amendments in the file and in the store. */
  amendments: { file: number; stored: number };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An amendment without who/when (compared by what it changes, from when, and why). */
const figuresOf = (a: Amendment) => ({ effectiveFrom: a.effectiveFrom, note: a.note, changes: a.changes });

export async function run(argv: string[], store: ProgramStore, io: Output, now: () => string = () => new Date().toISOString()): Promise<number> {
  const [command, file] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--by');
  const dryRun = argv.includes('--dry-run');
  const byAt = argv.indexOf('--by');
  const by = (byAt >= 0 ? argv[byAt + 1] : undefined) ?? process.env.USER ?? 'programs import';
  const cache = new CatalogCache(store, 0);
  try {
    if (command === 'export') {
      await cache.prepare();
      const stored = await store.load();
      loadCatalog(stored.data); // never export a catalog the engine would refuse
      io.out(JSON.stringify(stored.data, null, 2));
      return 0;
    }
    if (command !== 'import' || !file) {
      io.err(USAGE);
      return 2;
    }
    let data: CatalogData;
    try {
      data = JSON.parse(readFileSync(file, 'utf8')) as CatalogData;
      if (typeof data !== 'object' || data === null || !Array.isArray(data.programs)) throw new Error('it holds no "programs" list (write one with npm run programs -- export)');
    } catch (e) {
      io.err(`Cannot read ${file}: ${(e as Error).message}`);
      return 2;
    }
    await cache.prepare();
    const stored = await store.load();
    const byId = new Map(stored.years.map((y) => [y.programId, y]));
    const fileIds = new Set(data.programs.map((p) => String((p as { id?: unknown }).id)));
    // The catalog the import makes: the stored one with the file's years (and their amendments).
    const candidate: CatalogData = {
      ...stored.data,
      programs: [...stored.data.programs.filter((p) => !fileIds.has(String((p as { id?: unknown }).id))), ...data.programs],
      amendments: [...(stored.data.amendments ?? []).filter((a) => !fileIds.has(String((a as { programId?: unknown }).programId))), ...(data.amendments ?? [])],
    };
    try {
      loadCatalog(candidate);
    } catch (e) {
      if (!isEngineInputError(e)) throw e;
      io.err(`${file}: the catalog it would make is not valid; nothing was written:`);
      for (const issue of e.issues) io.err(`  ${issue.path}: ${issue.message}`);
      return 1;
    }
    const plan: PlannedYear[] = [];
    for (const raw of data.programs) {
      const program = raw as Record<string, unknown>;
      const programId = String(program.id);
      const amendments = (data.amendments ?? []).map((a) => CatalogAmendmentSchema.parse(a)).filter((a) => a.programId === programId);
      const current = byId.get(programId);
      const unchanged = current !== undefined && same(current.program, program) && same(current.amendments.map(figuresOf), amendments.map(figuresOf));
      plan.push({ programId, action: current === undefined ? 'create' : unchanged ? 'unchanged' : 'replace', amendments: { file: amendments.length, stored: current?.amendments.length ?? 0 } });
      if (dryRun || unchanged) continue;
      const kept: Amendment[] = amendments.map(({ programId: _id, ...a }) => ({ ...a, changedBy: a.changedBy ?? by, changedAt: a.changedAt ?? now() }));
      await store.write(
        programId,
        { program, amendments: kept, action: current === undefined ? 'created' : 'replaced' },
        { by, at: now(), note: `Imported from ${basename(file)}` },
        current ?? (null as StoredProgramYear | null),
      );
    }
    const kept = stored.years.filter((y) => !fileIds.has(y.programId)).map((y) => y.programId);
    io.out(`${dryRun ? 'Dry run of' : 'Imported'} ${file}${dryRun ? ' (nothing written)' : ''}:`);
    for (const p of plan) {
      const verb = p.action === 'create' ? (dryRun ? 'would create' : 'created') : p.action === 'replace' ? (dryRun ? 'would replace' : 'replaced') : 'unchanged';
      io.out(`  ${p.programId}: ${verb} (${p.amendments.file} amendment${p.amendments.file === 1 ? '' : 's'} in the file, ${p.amendments.stored} stored)`);
    }
    if (kept.length > 0) io.out(`  kept as stored (not in the file): ${kept.join(', ')}`);
    return 0;
  } catch (e) {
    if (e instanceof StorageUnavailable) {
      io.err(`${e.message}\nIs storage running (npm start runs Azurite), or is INCENTIVES_STORAGE right?`);
      return 3;
    }
    io.err(`The ${command ?? 'programs'} command stopped: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    return 3;
  }
}

if (require.main === module) {
  const connection = storageConnectionString() ?? azuriteConnectionString({ table: 10002 });
  run(process.argv.slice(2), new ProgramStore(connection), { out: (l) => console.log(l), err: (l) => console.error(l) }).then((code) => process.exit(code));
}
