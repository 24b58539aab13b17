/**
 * R2. Size band: PAU maps to a band. Below the seat minimum the band is the program's
 * below-minimum band (XXS) whatever the usage; the bands above are program data.
 */
import { withFiguresReasons } from './programs/figuresNotice';
import { z } from 'zod';
import { parseWith } from './errors';
import { formatCount, plural } from './format';
import { defaultCatalog, programIdSchema, type Catalog } from './programs/catalog';
import type { Program } from './programs/schema';
import { resolveProgramOrThrow } from './programResolution';
import { reason, type Reason } from './reasons';
import { count, isoDate } from './validation';

export interface SizeBandVerdict {
  band: string;
  paidAvailableUnits: number;
  /** PAU range of the band: `maxSeats` is null for the top band. */
  minSeats: number;
  maxSeats: number | null;
  nextBand: { band: string; minSeats: number; seatsToGo: number } | null;
  reasons: Reason[];
}

/** Index of the band a PAU falls in, -1 below the seat minimum. */
export function bandIndex(program: Program, paidAvailableUnits: number): number {
  const bands = program.sizeBands;
  let index = -1;
  for (let i = 0; i < bands.length; i++) {
    if (paidAvailableUnits >= (bands[i] as { minSeats: number }).minSeats) index = i;
    else break;
  }
  return index;
}

/** Name of the band a PAU falls in. @example bandName(securityFy25, 1200) // => 'M' */
export function bandName(program: Program, paidAvailableUnits: number): string {
  const i = bandIndex(program, paidAvailableUnits);
  return i < 0 ? program.belowMinimumBand : (program.sizeBands[i] as { name: string }).name;
}

/** The SIZE_BAND reason for a PAU whose band index is known. */
export function sizeBandReason(program: Program, paidAvailableUnits: number, index: number): Reason {
  const pau = formatCount(paidAvailableUnits);
  const current = program.sizeBands[index];
  if (!current) {
    const band = program.belowMinimumBand;
    return reason(
      'SIZE_BAND',
      { paidAvailableUnits, band, seatMinimum: program.seatMinimum },
      () => `PAU ${pau} is band ${band}: below the ${formatCount(program.seatMinimum)} seat minimum every workload is ${band}, whatever its usage.`,
    );
  }
  const next = program.sizeBands[index + 1];
  return reason('SIZE_BAND', { paidAvailableUnits, band: current.name, minSeats: current.minSeats, maxSeats: next === undefined ? null : next.minSeats - 1 }, () =>
    next === undefined
      ? `PAU ${pau} is band ${current.name} (${formatCount(current.minSeats)} seats and more).`
      : `PAU ${pau} is band ${current.name} (${formatCount(current.minSeats)}-${formatCount(next.minSeats - 1)} seats).`,
  );
}

/**
 * The size band of a PAU, with its range and the seats to the next band.
 * @example sizeBandFor(securityFy25, 10).band // => 'XXS' (10 seats is below the 150 minimum)
 */
export function sizeBandFor(program: Program, paidAvailableUnits: number): SizeBandVerdict {
  const bands = program.sizeBands;
  const i = bandIndex(program, paidAvailableUnits);
  const current = i < 0 ? null : bands[i]!;
  const next = bands[i + 1];
  const band = current ? current.name : program.belowMinimumBand;
  const minSeats = current ? current.minSeats : 0;
  const maxSeats = next ? next.minSeats - 1 : null;
  const reasons: Reason[] = [sizeBandReason(program, paidAvailableUnits, i)];
  let nextBand: SizeBandVerdict['nextBand'] = null;
  if (next) {
    const seatsToGo = next.minSeats - paidAvailableUnits;
    nextBand = { band: next.name, minSeats: next.minSeats, seatsToGo };
    reasons.push(
      reason(
        'NEXT_SIZE_BAND',
        { seatsToGo, band: next.name, minSeats: next.minSeats },
        () => `${plural(seatsToGo, 'more paid seat moves', 'more paid seats move')} it to band ${next.name} (${formatCount(next.minSeats)} seats).`,
      ),
    );
  }
  return { band, paidAvailableUnits, minSeats, maxSeats, nextBand, reasons: withFiguresReasons(reasons, program) };
}

export const SizeBandInputSchema = z.strictObject({
  programId: programIdSchema(),
  asOfDate: isoDate().optional(),
  paidAvailableUnits: count(),
});
export type SizeBandInput = z.input<typeof SizeBandInputSchema>;

/** The size band of a workload's PAU in a program (R2). */
export function sizeBand(input: SizeBandInput, catalog: Catalog = defaultCatalog): SizeBandVerdict {
  const parsed = parseWith(SizeBandInputSchema, input);
  return sizeBandFor(resolveProgramOrThrow(catalog, parsed.programId, parsed.asOfDate).program, parsed.paidAvailableUnits);
}
