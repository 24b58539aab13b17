/** POST /import answers: what was read, written, unchanged and refused. */
import { z } from 'zod';
import type { ImportSummary } from '../../storage/csvImport';
import type { Extends, Out } from './describes';

const count = () => z.number().int().min(0);

export const ImportSummarySchema = z.object({
  bytesRead: count(),
  rowsRead: count().describe('Data rows read (the header excluded).'),
  usageWritten: count().describe('Usage months written (new or changed).'),
  unchanged: count().describe('Usage months already stored with the same values.'),
  workloadsCreated: count(),
  workloadsUpdated: count(),
  rowErrors: count().describe('Rows refused (see errors).'),
  duplicateRows: count().describe('Rows naming a tenant, workload and month an earlier row named too (the later one is kept).'),
  delimiter: z.string(),
  ignoredColumns: z.array(z.string()),
  errors: z.array(z.object({ line: z.number().int().describe('Line of the file (1 = the header).'), reason: z.string() })).describe('The first 1,000 row errors; errorsOmitted counts the rest.'),
  errorsOmitted: count(),
});

export type _Import = [Extends<ImportSummary, Out<typeof ImportSummarySchema>>, Extends<Out<typeof ImportSummarySchema>, ImportSummary>];
