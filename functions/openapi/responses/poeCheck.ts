/** POST /poe-check answers: proof of execution, requirement by requirement. */
import { z } from 'zod';
import { POE_REQUIREMENTS, type PoeVerdict } from '../../../shared';
import type { Extends, Out, Written } from './describes';
import { ReasonsSchema } from './reason';

export const PoeVerdictSchema = z.object({
  passed: z.boolean(),
  missing: z.array(z.string()).describe('Short labels of what is missing, empty when the POE passes.'),
  unknown: z.array(z.string()).describe('What the facts given cannot decide, with what is needed (e.g. the country of a public-sector customer).'),
  summary: z.string().describe('"OK", or what is missing or unknown in one line (the spreadsheet\'s answer).'),
  requirements: z.array(z.object({ requirement: z.enum(POE_REQUIREMENTS), passed: z.boolean(), status: z.enum(['passed', 'failed', 'unknown']), reasons: ReasonsSchema })),
  reasons: ReasonsSchema,
});

export const PoeVerdictBatchSchema = z.object({ items: z.array(PoeVerdictSchema) });

export type _Poe = [Extends<Written<PoeVerdict>, Out<typeof PoeVerdictSchema>>, Extends<Out<typeof PoeVerdictSchema>, Written<PoeVerdict>>];
