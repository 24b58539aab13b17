/**
 * R6. Caps: a partner (one partner ID, one payee) can earn at most its cap in a program year.
 * Amounts are taken in the order given until the cap is reached; what is above it is reported
 * as capped, not paid. Payouts of several program years or programs are grouped first
 * (partnerCapGroups.ts), each group capped here on its own.
 */
import { z } from 'zod';
import { parseWith } from '../errors';
import { formatMoney } from '../format';
import { defaultCatalog, programIdSchema, type Catalog } from '../programs/catalog';
import { resolveProgramOrThrow } from '../programResolution';
import { reason, type Reason } from '../reasons';
import { cents, isoDate, text } from '../validation';

export interface CapLine {
  id: string;
  amountCents: number;
  payableCents: number;
  cappedCents: number;
}

export interface PartnerCapResult {
  capCents: number;
  /** Earned earlier in the program year, before these items. */
  earnedBeforeCents: number;
  totalAmountCents: number;
  payableCents: number;
  cappedCents: number;
  /** Cap balance still open after these items. */
  balanceCents: number;
  currency: string;
  lines: CapLine[];
  reasons: Reason[];
}

/**
 * The cap across amounts of one partner in one program year, in the order given. With a
 * `label` (the program year the cap belongs to), every sentence starts with it.
 * @example applyPartnerCapTo(1_000_00, 0, [{ id: 'a', amountCents: 600_00 }, { id: 'b', amountCents: 600_00 }], 'USD')
 * // => b is paid $400.00 and $200.00 is capped
 */
export function applyPartnerCapTo(capCents: number, earnedBeforeCents: number, items: ReadonlyArray<{ id: string; amountCents: number }>, currency: string, label?: string): PartnerCapResult {
  const money = (c: number) => formatMoney(c, currency);
  const say = (sentence: string) => (label === undefined ? sentence : `${label}: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`);
  let room = Math.max(0, capCents - earnedBeforeCents);
  let total = 0;
  let payable = 0;
  const lines: CapLine[] = [];
  const reasons: Reason[] = [];
  for (const item of items) {
    const pay = Math.min(item.amountCents, room);
    const cappedHere = item.amountCents - pay;
    if (cappedHere > 0 && room > 0) {
      reasons.push(
        reason(
          'PARTNER_CAP_REACHED',
          { capCents, itemId: item.id, payableCents: pay, amountCents: item.amountCents, cappedCents: cappedHere },
          say(`The partner cap of ${money(capCents)} is reached at "${item.id}": ${money(pay)} of ${money(item.amountCents)} is paid and ${money(cappedHere)} is reported as capped.`),
        ),
      );
    } else if (cappedHere > 0 && reasons.length === 0) {
      reasons.push(
        reason(
          'PARTNER_CAP_REACHED',
          { capCents, earnedBeforeCents, itemId: item.id },
          say(`The partner cap of ${money(capCents)} was already reached (${money(earnedBeforeCents)} earned before): "${item.id}" and every later amount is reported as capped.`),
        ),
      );
    }
    room -= pay;
    total += item.amountCents;
    payable += pay;
    lines.push({ id: item.id, amountCents: item.amountCents, payableCents: pay, cappedCents: cappedHere });
  }
  const capped = total - payable;
  if (capped === 0) {
    reasons.push(
      reason(
        'WITHIN_PARTNER_CAP',
        { totalCents: total, capCents, earnedBeforeCents, balanceCents: room },
        say(`${money(total)} is within the partner cap of ${money(capCents)} (${money(earnedBeforeCents)} earned before); ${money(room)} of the cap is still open.`),
      ),
    );
  } else {
    reasons.push(
      reason(
        'PARTNER_CAP_REACHED',
        { payableCents: payable, cappedCents: capped, balanceCents: room },
        say(`In all ${money(payable)} is paid and ${money(capped)} is capped; the cap balance is ${money(room)}.`),
      ),
    );
  }
  return { capCents, earnedBeforeCents, totalAmountCents: total, payableCents: payable, cappedCents: capped, balanceCents: room, currency, lines, reasons };
}

export const PartnerCapInputSchema = z
  .strictObject({
    /** The program whose default partner cap applies when partnerCapCents is not given. */
    programId: programIdSchema().optional(),
    asOfDate: isoDate().optional(),
    partnerCapCents: cents().optional(),
    earnedBeforeCents: cents().default(0),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code like USD' })
      .optional(),
    items: z.array(z.strictObject({ id: text('an item id', 200), amountCents: cents() })).max(100_000),
  })
  .check((ctx) => {
    if (ctx.value.partnerCapCents === undefined && ctx.value.programId === undefined) {
      ctx.issues.push({ code: 'custom', path: ['partnerCapCents'], message: 'is required unless programId names a program whose default partner cap applies', input: ctx.value });
    }
  });
export type PartnerCapInput = z.input<typeof PartnerCapInputSchema>;

/** Apply a partner's cap across many amounts (R6). */
export function applyPartnerCap(input: PartnerCapInput, catalog: Catalog = defaultCatalog): PartnerCapResult {
  const p = parseWith(PartnerCapInputSchema, input);
  const program = p.programId !== undefined ? resolveProgramOrThrow(catalog, p.programId, p.asOfDate).program : undefined;
  const cap = p.partnerCapCents ?? program!.defaultPartnerCapCents;
  return applyPartnerCapTo(cap, p.earnedBeforeCents, p.items, p.currency ?? program?.currency ?? 'USD');
}
