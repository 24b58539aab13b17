/**
 * R1. Seat minimum: a workload can earn only while its PAU is at or above the program's seat
 * minimum.
 */
import { withFiguresReasons } from './programs/figuresNotice';
import { z } from 'zod';
import { parseWith } from './errors';
import { formatCount, plural } from './format';
import { defaultCatalog, programIdSchema, type Catalog } from './programs/catalog';
import type { Program } from './programs/schema';
import { reason, type Reason } from './reasons';
import { count, isoDate } from './validation';
import { resolveProgramOrThrow } from './programResolution';

export interface SeatMinimumVerdict {
  met: boolean;
  seatMinimum: number;
  paidAvailableUnits: number;
  /** Paid seats still missing (0 when met). */
  seatsToGo: number;
  reasons: Reason[];
}

/** The SEAT_MINIMUM_MET or BELOW_SEAT_MINIMUM reason of a PAU. */
export function seatMinimumReason(program: Program, paidAvailableUnits: number): Reason {
  const min = program.seatMinimum;
  if (paidAvailableUnits >= min) {
    return reason('SEAT_MINIMUM_MET', { paidAvailableUnits, seatMinimum: min }, () => `PAU ${formatCount(paidAvailableUnits)} meets the ${formatCount(min)} seat minimum of ${program.name}.`);
  }
  const toGo = min - paidAvailableUnits;
  return reason(
    'BELOW_SEAT_MINIMUM',
    { paidAvailableUnits, seatMinimum: min, seatsToGo: toGo },
    () => `PAU ${formatCount(paidAvailableUnits)} is below the ${formatCount(min)} seat minimum of ${program.name}; ${plural(toGo, 'more paid seat makes', 'more paid seats make')} it eligible.`,
  );
}

/**
 * Whether a PAU meets a program's seat minimum, over an already resolved program.
 * @example seatMinimumFor(program /* 150 *\/, 149).reasons[0].message
 * // => "PAU 149 is below the 150 seat minimum of Security usage FY25; 1 more paid seat makes it eligible."
 */
export function seatMinimumFor(program: Program, paidAvailableUnits: number): SeatMinimumVerdict {
  const min = program.seatMinimum;
  const met = paidAvailableUnits >= min;
  return { met, seatMinimum: min, paidAvailableUnits, seatsToGo: met ? 0 : min - paidAvailableUnits, reasons: withFiguresReasons([seatMinimumReason(program, paidAvailableUnits)], program) };
}

export const SeatMinimumInputSchema = z.strictObject({
  programId: programIdSchema(),
  asOfDate: isoDate().optional(),
  paidAvailableUnits: count(),
});
export type SeatMinimumInput = z.input<typeof SeatMinimumInputSchema>;

/** Whether a workload's PAU meets the program's seat minimum (R1). */
export function seatMinimum(input: SeatMinimumInput, catalog: Catalog = defaultCatalog): SeatMinimumVerdict {
  const parsed = parseWith(SeatMinimumInputSchema, input);
  return seatMinimumFor(resolveProgramOrThrow(catalog, parsed.programId, parsed.asOfDate).program, parsed.paidAvailableUnits);
}
