/** GET /size-band answers: the band a PAU falls in, its range, the seats to the next band. */
import { z } from 'zod';
import type { SizeBandVerdict } from '../../../shared';
import type { Extends, Out, Written } from './describes';
import { ReasonsSchema } from './reason';

export const SizeBandAnswerSchema = z.object({
  band: z.string(),
  paidAvailableUnits: z.number().int(),
  minSeats: z.number().int().describe('PAU range of the band, from'),
  maxSeats: z.number().int().nullable().describe('PAU range of the band, to; null for the top band.'),
  nextBand: z.object({ band: z.string(), minSeats: z.number().int(), seatsToGo: z.number().int() }).nullable(),
  reasons: ReasonsSchema,
});

export type _SizeBand = [Extends<Written<SizeBandVerdict>, Out<typeof SizeBandAnswerSchema>>, Extends<Out<typeof SizeBandAnswerSchema>, Written<SizeBandVerdict>>];
