/** POST /import answers: what was read, written (or would be, in a dry run), unchanged, skipped and refused, with warnings. */
import { z } from 'zod';
import type { ImportSummary } from '../../storage/csvImport';
import type { Extends, Out } from './describes';

const count = () => z.number().int().min(0);
const note = z.object({ line: z.number().int(), kind: z.string(), message: z.string() });

export const ImportSummarySchema = z.object({
  bytesRead: count(),
  rowsRead: count().describe('Data rows read (the header excluded).'),
  usageWritten: count().describe('Usage months written (new or changed).'),
  unchanged: count().describe('Usage months (or earnings rows, or claims) already stored with the same values.'),
  earningsWritten: count().describe('Earnings files: earnings (one per distinct earningId), ineligibility codes and cap rows written (new or changed).'),
  workloadsCreated: count(),
  workloadsUpdated: count().describe('Tracked workloads whose figures (usage files) or claim (claims export) changed.'),
  rowErrors: count().describe('Rows refused (see errors).'),
  duplicateRows: count().describe(
    'Rows naming a tenant, workload and month an earlier row named too (the later one is kept); in an earnings report, rows repeating an earning already read (one per transaction: the earning counts once).',
  ),
  skippedRows: count().describe('Rows read and not imported on purpose (see skipped).'),
  warningCount: count().describe('Lines imported with a warning (see warnings).'),
  dryRun: z.boolean().describe('True when nothing was written: the counts say what an import would write.'),
  fileKind: z
    .enum(['usage', 'office-365-license-usage', 'enterprise-mobility-license-usage', 'earnings', 'earnings-summarized', 'ineligible-revenue-usage', 'cap-report', 'claims'])
    .describe("The kind of file read, told by its columns (claims: Partner Center's claims export, whose rows set the claims of tracked workloads)."),
  fileDescription: z.string().describe('The kind of file read, in words.'),
  delimiter: z.string(),
  ignoredColumns: z.array(z.string()).describe('Columns of the file the import does not read, as written.'),
  errors: z.array(z.object({ line: z.number().int().describe('Line of the file (1 = the header).'), reason: z.string() })).describe('The first 1,000 row errors; errorsOmitted counts the rest.'),
  errorsOmitted: count(),
  skipped: z.array(note).describe('The first 1,000 lines skipped on purpose: total-row, pga-duplicate, untracked-product, no-paid-seats, not-tracked (a claim of a workload not tracked).'),
  skippedByReason: z.record(z.string(), count()),
  warnings: z
    .array(note)
    .describe(
      'The first 1,000 warnings in line order (imported anyway): mau-above-pau, pau-fell-by-half, months-missing, two-customer-names, sku-not-placed, tpid-not-read (a CustomerTpid that is not digits, left out), tpid-not-tracked (an ineligibility row keyed by a TPID no tracked tenant has).',
    ),
  warningsByKind: z.record(z.string(), count()),
});

export type _Import = [Extends<ImportSummary, Out<typeof ImportSummarySchema>>, Extends<Out<typeof ImportSummarySchema>, ImportSummary>];
