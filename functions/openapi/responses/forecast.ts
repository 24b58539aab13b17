/** A workload's forecast (shared/forecast.ts), as GET /workloads/{tenantId}/{workload} carries it. */
import { z } from 'zod';
import type { Forecast } from '../../../shared';
import type { Extends, Out } from './describes';
import { ReasonsSchema } from './reason';

const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const MilestoneForecastSchema = z.object({
  number: z.number().int(),
  usagePct: z.number(),
  activeUsersNeeded: z.number().int().describe("Active users needed at today's PAU."),
  amountCents: z.number().int().describe("What it pays at today's band, in integer cents."),
  status: z.enum(['reached', 'expected', 'not-within-program-year']),
  expectedMonth: month().nullable().describe('The month the trend reaches it (null when not within the program year, reached already, or no projection).'),
  earliestMonth: month().nullable().describe('The month the high line (trend + 2 residual SDs) reaches it.'),
  latestMonth: month().nullable().describe('The month the low line (trend - 2 residual SDs) reaches it; null: not within the program year.'),
});

export const ForecastSchema = z.object({
  method: z.string().describe('The method, in words.'),
  projected: z.boolean().describe('False when the history cannot be projected (too short, a gap, too old): the reasons say why.'),
  window: z.object({ from: month(), to: month(), months: z.number().int() }).nullable().describe('The months the trend was fitted on.'),
  trendPerMonth: z.number().nullable().describe('Active users gained (or lost) a month.'),
  residualUsers: z.number().nullable().describe('The residual standard deviation, in users.'),
  certainty: z.enum(['high', 'medium', 'low']).nullable(),
  programYearEnd: z.iso.date(),
  milestones: z.array(MilestoneForecastSchema),
  projectedEarnings: z
    .object({ expectedCents: z.number().int(), lowCents: z.number().int(), highCents: z.number().int(), currency: z.string() })
    .nullable()
    .describe('Amounts of the milestones expected by the end of the program year: on the trend, the low and the high line.'),
  reasons: ReasonsSchema,
});

type ForecastJson = Omit<Forecast, 'reasons'> & { reasons: unknown[] };
export type _Forecast = [Extends<Omit<ForecastJson, 'reasons'>, Omit<Out<typeof ForecastSchema>, 'reasons'>>];
