/** POST /recognition answers: is an association counted for a product and metric. */
import { z } from 'zod';
import type { RecognitionVerdict } from '../../../shared';
import type { Extends, Out, Written } from './describes';
import { ReasonsSchema } from './reason';

export const RecognitionVerdictSchema = z.object({
  counted: z.boolean(),
  workload: z.string(),
  productGroup: z.string().nullable(),
  metric: z.string(),
  associationType: z.string(),
  countedAssociations: z.array(z.string()).describe('Association types that count for this product and metric.'),
  reasons: ReasonsSchema,
});

export const RecognitionVerdictBatchSchema = z.object({ items: z.array(RecognitionVerdictSchema) });

export type _Recognition = [Extends<Written<RecognitionVerdict>, Out<typeof RecognitionVerdictSchema>>, Extends<Out<typeof RecognitionVerdictSchema>, Written<RecognitionVerdict>>];
