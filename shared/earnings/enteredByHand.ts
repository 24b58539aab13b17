/**
 * Payments entered by hand: what Microsoft paid for a tracked workload where no earnings export
 * has it (an email remittance, a payment before the export existed). They are earnings like the
 * imported ones (same model, same sums), marked `entered`, so the payout, reconciliation, the
 * add-in's PAID and the nightly count them with no second path.
 *
 * The rule when an export later has the same payment: **an imported earning supersedes a
 * hand-entered one it covers**, and the hand-entered one is no longer counted (never both). An
 * imported earning covers a hand-entered payment of the same workload when it names the same
 * milestone (the hand-entered payment names one) or else the same month, and, where both carry
 * a claim ID, the same claim. Partner Center's record is the authority once it exists,
 * whatever its payment status (a reversed import supersedes too: the export says what became
 * of the payment). The lines say so in words.
 */
import { formatMoney } from '../format';
import { distinctEarnings, type Earning } from './paidEarnings';

/** Who entered a payment by hand, when, and why. */
export interface HandEntry {
  /** The payment's id (the client's, or one made from its fields). */
  id: string;
  enteredBy: string | null;
  /** ISO timestamp of the entry. */
  enteredAt: string;
  note: string | null;
}

/** A hand-entered payment no longer counted, and the imported earnings that cover it. */
export interface Superseded {
  entry: Earning;
  by: Earning[];
}

/** The earnings that count: distinct, hand-entered ones left out where an imported earning covers them. */
export interface CountedEarnings {
  earnings: Earning[];
  superseded: Superseded[];
}

/** Whether an imported earning covers a hand-entered payment (the rule above). */
export function covers(imported: Earning, entry: Earning): boolean {
  // An adjustment (a reasonCode: "Previous period earnings", a clawback...) is another payment, never the one entered by hand.
  if (imported.entered !== undefined || imported.workload !== entry.workload || imported.reasonCode !== null) return false;
  if (entry.claimId !== null && imported.claimId !== null && entry.claimId !== imported.claimId) return false;
  return entry.milestone !== null ? imported.milestone === entry.milestone : imported.month === entry.month;
}

/**
 * The distinct earnings with the hand-entered payments an imported earning covers set aside.
 * @example countedEarnings([imported('2025-02', 50000), byHand('2025-02', 50000)]).superseded.length // => 1 (counted once)
 */
export function countedEarnings(rows: Iterable<Earning>): CountedEarnings {
  const all = distinctEarnings(rows);
  if (!all.some((e) => e.entered !== undefined)) return { earnings: all, superseded: [] };
  const imported = all.filter((e) => e.entered === undefined);
  const earnings: Earning[] = [];
  const superseded: Superseded[] = [];
  for (const e of all) {
    if (e.entered === undefined) {
      earnings.push(e);
      continue;
    }
    const by = imported.filter((i) => covers(i, e));
    if (by.length > 0) superseded.push({ entry: e, by });
    else earnings.push(e);
  }
  return { earnings, superseded };
}

const usd = (c: number) => formatMoney(c, 'USD');

/**
 * A superseded payment in words.
 * @example supersededWords({ entry: byHand $500.00 on 2025-03-02 by Dana, by: [E-FEB $500.00] })
 * // => 'the $500.00 entered by hand on 2025-03-02 by Dana is superseded by the imported earning E-FEB of $500.00 (counted once, as imported)'
 */
export function supersededWords(s: Superseded): string {
  const h = s.entry.entered!;
  const who = h.enteredBy === null ? '' : ` by ${h.enteredBy}`;
  const imported = s.by.map((e) => `${e.earningKey.startsWith('summarized:') ? '' : `${e.earningKey} `}of ${usd(e.amountUsdCents)}`).join(' and ');
  return `the ${usd(s.entry.amountUsdCents)} entered by hand on ${h.enteredAt.slice(0, 10)}${who} is superseded by the imported earning${s.by.length > 1 ? 's' : ''} ${imported} (counted once, as imported)`;
}
