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
