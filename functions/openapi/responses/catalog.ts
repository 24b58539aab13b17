/**
 * Answers of the catalog routes: the program list (figures in force on a date, amendments
 * listed), one program year (its schema is the catalog's own), the whole catalog, versions and
 * the history of a stored program year, and what-if totals.
 */
import { z } from 'zod';
import { AmendmentSchema, ProgramSchema, RecognitionRulesSchema } from '../../../shared';

const ListedAmendmentSchema = AmendmentSchema.extend({ applied: z.boolean().describe('Whether the amendment is in force on asOfDate.') });

export const ProgramSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  programYear: z.object({ start: z.iso.date(), end: z.iso.date() }),
  seatMinimum: z.number().int(),
  payoutStyle: z.enum(['milestone', 'per-user']),
  currency: z.string(),
  note: z.string().optional(),
  exampleFigures: z.boolean().describe('True while the figures in force are the examples shipped with the product.'),
  assumedFrom: z.string().optional().describe('The year whose rules this year assumes until its guide is published.'),
  inForce: ProgramSchema.describe('The figures in force on asOfDate: the year own with the amendments effective by then applied.'),
  amendments: z.array(ListedAmendmentSchema),
  version: z.number().int().optional(),
  changedAt: z.string().optional(),
  changedBy: z.string().optional(),
});

export const ProgramListSchema = z.object({
  asOfDate: z.iso.date(),
  catalog: z.object({
    source: z.enum(['shipped', 'stored', 'file']),
    version: z.string(),
    examplePrograms: z.array(z.string()).describe('Program years whose figures in force are the shipped examples.'),
  }),
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

/** The whole catalog as loadCatalog takes it (the add-in keeps it offline; an export writes it). */
export const CatalogDataSchema = z.object({
  programs: z.array(ProgramSchema),
  workloads: z.object({ workloads: z.array(z.object({ id: z.string(), name: z.string(), aliases: z.array(z.string()) })) }),
  recognition: RecognitionRulesSchema,
  amendments: z.array(AmendmentSchema.extend({ programId: z.string() })),
  info: z.object({ source: z.enum(['shipped', 'stored', 'file']), version: z.string() }),
});

/** One stored version of a program year. */
export const ProgramVersionSchema = z.object({
  programId: z.string(),
  version: z.number().int(),
  action: z.enum(['seeded', 'created', 'replaced', 'amended']),
  changedAt: z.string(),
  changedBy: z.string(),
  note: z.string(),
  program: ProgramSchema,
  amendments: z.array(AmendmentSchema),
});

export const ProgramHistorySchema = z.object({ programId: z.string(), versions: z.array(ProgramVersionSchema).describe('Newest first.') });

const AmountsSchema = z.object({
  programId: z.string().nullable(),
  eligible: z.boolean().nullable().describe('null when the engine cannot judge the record.'),
  earnableCents: z.number().int().describe('Still earnable at today\u2019s band (the payout potential).'),
  owedCents: z.number().int().describe('Earned and not paid (tracked records carry no payments).'),
});
const TotalsSchema = z.object({ earnableCents: z.number().int(), owedCents: z.number().int() });

export const WhatIfSchema = z.object({
  programId: z.string(),
  asOfDate: z.iso.date(),
  market: z.enum(['A', 'B', 'C']).describe('The market per-user rates are taken for (tracked records do not keep it).'),
  draft: z.enum(['program', 'amendment']),
  items: z.array(
    z.object({
      tenantId: z.string(),
      workload: z.string(),
      customerName: z.string().optional(),
      stored: AmountsSchema,
      draft: AmountsSchema,
      difference: TotalsSchema,
    }),
  ),
  totals: z.object({ stored: TotalsSchema, draft: TotalsSchema, difference: TotalsSchema }),
  notJudged: z.number().int(),
});
