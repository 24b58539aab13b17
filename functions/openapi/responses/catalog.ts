/**
 * GET /programs and GET /programs/{id} answers: the catalog the engine uses. A program is
 * answered as its data file holds it, so its schema is the catalog's own.
 */
import { z } from 'zod';
import { ProgramSchema, RecognitionRulesSchema } from '../../../shared';

export const ProgramSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  programYear: z.object({ start: z.iso.date(), end: z.iso.date() }),
  seatMinimum: z.number().int(),
  payoutStyle: z.enum(['milestone', 'per-user']),
  currency: z.string(),
  note: z.string().optional(),
});

export const ProgramListSchema = z.object({
  programs: z.array(ProgramSummarySchema),
  families: z.array(z.string()).describe('Family ids: a family names the program year that covers a date.'),
  recognition: RecognitionRulesSchema,
});

/** One program year, as the catalog holds it. */
export const ProgramAnswerSchema = ProgramSchema;

/** GET /workloads-catalog: every workload, who pays for it, and the names accepted for it. */
export const WorkloadsCatalogSchema = z.object({
  matching: z.string().describe('How names are matched, in words.'),
  workloads: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      families: z.array(z.string()).describe('Program families that pay for the workload.'),
      programs: z.array(z.string()).describe('Program years that pay for it.'),
      recognitionOnlyPrograms: z.array(z.string()).describe('Program years that count it for recognition without paying.'),
      acceptedNames: z.array(z.string()).describe('Every name accepted for it (besides the same names with "Microsoft" or a plan suffix).'),
    }),
  ),
  suites: z.array(z.object({ name: z.string(), acceptedNames: z.array(z.string()), includes: z.array(z.string()) })).describe('Suites: refused as workloads, each naming the workloads it includes.'),
  untracked: z.array(z.object({ name: z.string(), acceptedNames: z.array(z.string()) })).describe('Products Partner Center reports that no incentive program pays for (skipped by the import).'),
});
