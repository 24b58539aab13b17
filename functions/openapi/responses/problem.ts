/** RFC 9457 problem details, as every error answers (application/problem+json). */
import { z } from 'zod';
import type { ProblemDetails } from '../../http/problems';
import type { Extends, Out } from './describes';

export const ProblemSchema = z.object({
  type: z.string().describe('A URI naming the kind of problem.'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe('What went wrong, in a sentence.'),
  instance: z.string().optional().describe('The path of the request.'),
  errors: z
    .array(z.object({ path: z.string().describe('items[3].paidAvailableUnits'), code: z.string(), message: z.string() }))
    .optional()
    .describe('Every bad field, by path (400 only).'),
});

export type _Problem = [Extends<ProblemDetails, Out<typeof ProblemSchema>>, Extends<Out<typeof ProblemSchema>, ProblemDetails>];
