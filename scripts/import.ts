/**
 * Import a Partner Center / usage report export (CSV) into the tracked workloads, straight
 * into storage (no size limit, unlike POST /api/v1/import), with progress on stderr.
 *
 *   npm run import -- usage-2026-10.csv
 *   npm run import -- usage-2026-10.csv --json      (the summary as JSON on stdout)
 *   npm run import -- usage-2026-10.csv --dry-run   (what would be written, with warnings; writes nothing)
 *
 * The kind of file is told by its columns: a usage file, or Partner Center's Office 365 or
 * Enterprise Mobility license usage report as downloaded.
 *
 * Storage: INCENTIVES_STORAGE or AzureWebJobsStorage (a connection string, or
 * UseDevelopmentStorage=true); without either, the Azurite that `npm start` runs (port 10002).
 * Importing the same file again changes nothing; after a failure, run it again to complete it.
 * Exit codes: 0 all rows imported, 1 some rows refused (listed with their lines), 2 the file
 * cannot be read, 3 storage unreachable or the import stopped; never a stack trace.
 */
import { createReadStream, statSync } from 'node:fs';
import { azuriteConnectionString } from '../dev/azurite';
import { storageConnectionString } from '../functions/storage/connection';
import { importCsv, type ImportProgress } from '../functions/storage/csvImport';
import { programCatalog } from '../functions/storage/catalogSource';
import { isEngineInputError } from '../shared';
import { StorageInputError, StorageUnavailable } from '../functions/storage/storageErrors';
import { WorkloadStore } from '../functions/storage/workloadStore';

function bar(p: ImportProgress, total: number, started: number): string {
  const pct = total > 0 ? Math.min(100, (100 * p.bytesRead) / total) : 0;
  const seconds = (Date.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(p.rowsRead / seconds) : 0;
  return `${pct.toFixed(0).padStart(3)}%  ${p.rowsRead.toLocaleString('en-US')} rows read, ${p.usageWritten.toLocaleString('en-US')} written, ${p.unchanged.toLocaleString('en-US')} unchanged, ${p.rowErrors.toLocaleString('en-US')} refused  (${rate.toLocaleString('en-US')} rows/s)`;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const dryRun = argv.includes('--dry-run');
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--json' && a !== '--dry-run');
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file || unknown.length > 0) {
    console.error(`${unknown.length > 0 ? `Unknown option ${unknown.join(', ')}. ` : ''}Usage: npm run import -- <file.csv> [--dry-run] [--json]`);
    return 2;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    console.error(`Cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  if (storageConnectionString() === null) process.env.INCENTIVES_STORAGE = azuriteConnectionString({ table: 10002 });
  const connection = storageConnectionString()!;
  const store = new WorkloadStore(connection);
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  const onProgress = (p: ImportProgress) => {
    // A live line on a terminal; a line every 5 s in a log.
    if (tty) process.stderr.write(`\r${bar(p, size, started)}`);
    else if (Date.now() - lastLine > 5_000) {
      lastLine = Date.now();
      process.stderr.write(`${bar(p, size, started)}\n`);
    }
  };
  try {
    await store.ensureTables();
    // Programs and workload names are checked against the team's stored catalog.
    await programCatalog();
    const summary = await importCsv(createReadStream(file), store, { asOfDate: new Date().toISOString().slice(0, 10), onProgress, dryRun });
    if (tty) process.stderr.write(`\r${bar(summary, size, started)}\n`);
    if (json) {
      console.log(JSON.stringify(summary, null, 2));
    } else {
      const s = summary;
      const would = s.dryRun ? 'would be ' : '';
      console.log(`${file}: ${s.rowsRead.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s, read as ${s.fileDescription}`);
      if (s.dryRun) console.log('  DRY RUN: nothing was written; the counts say what an import would write');
      console.log(
        `  usage months ${would}written ${s.usageWritten.toLocaleString('en-US')}, unchanged ${s.unchanged.toLocaleString('en-US')}, duplicate rows ${s.duplicateRows.toLocaleString('en-US')}`,
      );
      console.log(`  tracked workloads ${would}created ${s.workloadsCreated.toLocaleString('en-US')}, ${would}updated ${s.workloadsUpdated.toLocaleString('en-US')}`);
      if (s.ignoredColumns.length > 0) console.log(`  columns ignored: ${s.ignoredColumns.join(', ')}`);
      if (s.skippedRows > 0) {
        console.log(
          `  ${s.skippedRows.toLocaleString('en-US')} row${s.skippedRows === 1 ? '' : 's'} skipped (${Object.entries(s.skippedByReason)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}):`,
        );
        for (const n of s.skipped.slice(0, 10)) console.log(`    line ${n.line}: ${n.message}`);
      }
      if (s.warningCount > 0) {
        console.log(
          `  ${s.warningCount.toLocaleString('en-US')} warning${s.warningCount === 1 ? '' : 's'} (imported anyway; ${Object.entries(s.warningsByKind)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}):`,
        );
        for (const n of s.warnings.slice(0, 50)) console.log(`    line ${n.line}: ${n.message}`);
        if (s.warningCount > 50) console.log(`    ... and ${(s.warningCount - 50).toLocaleString('en-US')} more (use --json for the first 1,000)`);
      }
      if (s.rowErrors > 0) {
        console.log(`  ${s.rowErrors.toLocaleString('en-US')} row${s.rowErrors === 1 ? '' : 's'} refused:`);
        for (const e of s.errors.slice(0, 50)) console.log(`    line ${e.line}: ${e.reason}`);
        if (s.rowErrors > 50) console.log(`    ... and ${(s.rowErrors - 50).toLocaleString('en-US')} more (use --json for the first 1,000)`);
      }
    }
    return summary.rowErrors > 0 ? 1 : 0;
  } catch (e) {
    if (tty) process.stderr.write('\n');
    if (e instanceof StorageUnavailable) {
      console.error(
        `${e.message}\nNothing is lost: what was written stays, and running the same import again completes it. Is storage running (npm start runs Azurite), or is INCENTIVES_STORAGE right?`,
      );
      return 3;
    }
    if (e instanceof StorageInputError || isEngineInputError(e)) {
      console.error(`${file}: ${e.message}`);
      return 2;
    }
    return stopped(e);
  }
}

/**
 * Anything else stopped the import part-way (storage answered an error we do not expect): said
 * in a sentence, never a stack trace, with exit 3 as for storage that cannot be reached; the
 * README promises exit codes 0 to 3 only.
 */
function stopped(e: unknown): number {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`The import stopped: ${message.split('\n')[0]}\nWhat was written stays; running the same import again completes it.`);
  return 3;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => process.exit(stopped(e)),
);
