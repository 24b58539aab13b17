/**
 * R10. Partner of record over time for one subscription, from its timeline of events: OSA form
 * attaches and removals, DPOR attaches and removals, POE results, and the OSA cut-over date.
 * Answers who is partner of record and who earns on a date, with the periods in between.
 */
import { z } from 'zod';
import { parseWith } from './errors';
import { partnerIdSchema } from './facts';
import { defaultCatalog, type Catalog } from './programs/catalog';
import { reason, type Reason } from './reasons';
import { isoDate, text } from './validation';
import { licenseProgramSchema } from './vocabulary';

const eventBase = { date: isoDate(), note: text('a note', 500).optional() };

export const PartnerOfRecordEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('osa-attach'), partnerId: partnerIdSchema(), ...eventBase }),
  z.strictObject({ type: z.literal('osa-remove'), partnerId: partnerIdSchema().optional(), ...eventBase }),
  z.strictObject({ type: z.literal('dpor-attach'), partnerId: partnerIdSchema(), ...eventBase }),
  z.strictObject({ type: z.literal('dpor-remove'), partnerId: partnerIdSchema().optional(), ...eventBase }),
  z.strictObject({ type: z.literal('poe-result'), partnerId: partnerIdSchema(), passed: z.boolean({ error: 'must be true (POE approved) or false (rejected)' }), ...eventBase }),
], { error: (iss) => (iss.code === 'invalid_union' ? 'type must be one of osa-attach, osa-remove, dpor-attach, dpor-remove, poe-result' : undefined) });
export type PartnerOfRecordEvent = z.output<typeof PartnerOfRecordEventSchema>;

export const PartnerOfRecordInputSchema = z.strictObject({
  subscriptionId: text('a subscription id', 100).optional(),
  /** DPOR applies to EA and CASA subscriptions only. */
  licenseProgram: licenseProgramSchema(),
  /** After this date OSA forms are no longer accepted at all. */
  osaCutoverDate: isoDate().optional(),
  /** The date to answer for; events after it are listed but not applied. */
  asOfDate: isoDate(),
  events: z.array(PartnerOfRecordEventSchema).max(1000, { error: 'can hold at most 1,000 events' }),
});
export type PartnerOfRecordInput = z.input<typeof PartnerOfRecordInputSchema>;

export type PoeStatus = 'pending' | 'passed' | 'failed' | 'not-required';

export interface RecordPeriod {
  /** First day of the period. */
  from: string;
  /** First day of the next period (exclusive), null while it lasts. */
  to: string | null;
  partnerOfRecord: string | null;
  source: 'DPOR' | 'OSA' | null;
  poeStatus: PoeStatus | null;
  earningPartner: string | null;
}

export interface EventOutcome {
  index: number;
  date: string;
  type: PartnerOfRecordEvent['type'];
  partnerId: string | null;
  outcome: 'applied' | 'rejected' | 'ignored' | 'after-as-of-date';
  reason: Reason;
}

export interface PartnerOfRecordVerdict {
  asOfDate: string;
  partnerOfRecord: string | null;
  source: 'DPOR' | 'OSA' | null;
  since: string | null;
  poeStatus: PoeStatus | null;
  earningPartner: string | null;
  periods: RecordPeriod[];
  events: EventOutcome[];
  reasons: Reason[];
}

interface Tenure {
  partnerId: string;
  source: 'DPOR' | 'OSA';
  since: string;
  poe: PoeStatus;
}

function earner(t: Tenure | null): string | null {
  return t !== null && (t.poe === 'passed' || t.poe === 'not-required') ? t.partnerId : null;
}

/**
 * @example partnerOfRecord({ licenseProgram: 'EA', asOfDate: '2025-06-01', events: [
 *   { type: 'osa-attach', date: '2024-01-10', partnerId: '111' },
 *   { type: 'dpor-attach', date: '2025-02-01', partnerId: '222' },
 *   { type: 'poe-result', date: '2025-03-01', partnerId: '222', passed: true } ] }).earningPartner // => '222'
 */
export function partnerOfRecord(input: PartnerOfRecordInput, catalog: Catalog = defaultCatalog): PartnerOfRecordVerdict {
  const p = parseWith(PartnerOfRecordInputSchema, input);
  const dporLicensePrograms = catalog.recognition.associationLicensePrograms.DPOR ?? ['EA', 'CASA'];
  const ordered = p.events.map((e, index) => ({ e, index })).sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.index - b.index));

  let osa: Tenure | null = null;
  let dpor: Tenure | null = null;
  /** POE results of DPOR partners on this subscription: the same partner is not asked twice. */
  const poeByPartner = new Map<string, PoeStatus>();
  const outcomes: EventOutcome[] = [];
  const tenureOfPeriod: Array<{ from: string; tenure: Tenure | null }> = [];

  const current = (): Tenure | null => dpor ?? osa;
  const markPeriod = (date: string) => {
    const last = tenureOfPeriod[tenureOfPeriod.length - 1];
    const now = current();
    if (last && last.tenure === now) return;
    if (last && last.from === date) last.tenure = now;
    else tenureOfPeriod.push({ from: date, tenure: now });
  };

  for (const { e, index } of ordered) {
    const partnerId = 'partnerId' in e && e.partnerId !== undefined ? e.partnerId : null;
    const out = (outcome: EventOutcome['outcome'], r: Reason) => outcomes.push({ index, date: e.date, type: e.type, partnerId, outcome, reason: r });
    if (e.date > p.asOfDate) {
      out('after-as-of-date', reason('EVENT_IGNORED', `${e.type} on ${e.date} is after ${p.asOfDate} and is not applied.`));
      continue;
    }
    switch (e.type) {
      case 'osa-attach':
        if (p.osaCutoverDate !== undefined && e.date > p.osaCutoverDate) {
          out('rejected', reason('OSA_AFTER_CUTOVER', `The OSA form of partner ${e.partnerId} on ${e.date} is not accepted: OSA forms are no longer accepted after the ${p.osaCutoverDate} cut-over.`));
        } else if (dpor !== null) {
          out('rejected', reason('OSA_DPOR_EXISTS', `The OSA form of partner ${e.partnerId} on ${e.date} is not processed: partner ${dpor.partnerId} is attached by DPOR, and the sender is told a DPOR exists.`));
        } else if (osa !== null && osa.partnerId === e.partnerId) {
          out('ignored', reason('EVENT_IGNORED', `Partner ${e.partnerId} is already partner of record by OSA form since ${osa.since}.`));
        } else {
          const previous = osa?.partnerId;
          osa = { partnerId: e.partnerId, source: 'OSA', since: e.date, poe: 'not-required' };
          out('applied', reason('OSA_ATTACHED', `Partner ${e.partnerId} became partner of record by OSA form on ${e.date}${previous ? `, replacing partner ${previous} (both are notified)` : ''}.`));
        }
        break;
      case 'osa-remove':
        if (osa === null || (e.partnerId !== undefined && e.partnerId !== osa.partnerId)) {
          out('ignored', reason('EVENT_IGNORED', `No OSA attach of ${e.partnerId ? `partner ${e.partnerId}` : 'any partner'} to remove on ${e.date}.`));
        } else {
          out('applied', reason('OSA_REMOVED', `The OSA form of partner ${osa.partnerId} was removed on ${e.date} (the partner is notified).`));
          osa = null;
        }
        break;
      case 'dpor-attach': {
        if (!dporLicensePrograms.includes(p.licenseProgram)) {
          out('rejected', reason('DPOR_NOT_FOR_LICENSE_PROGRAM', `The DPOR of partner ${e.partnerId} on ${e.date} does not apply: DPOR is for ${dporLicensePrograms.join(' and ')} subscriptions only, never ${p.licenseProgram}.`));
          break;
        }
        if (dpor !== null && dpor.partnerId === e.partnerId) {
          out('ignored', reason('EVENT_IGNORED', `Partner ${e.partnerId} is already attached by DPOR since ${dpor.since}.`));
          break;
        }
        const previousPoe = poeByPartner.get(e.partnerId);
        const overruled = dpor === null && osa !== null ? osa.partnerId : null;
        const replaced = dpor?.partnerId;
        dpor = { partnerId: e.partnerId, source: 'DPOR', since: e.date, poe: previousPoe ?? 'pending' };
        poeByPartner.set(e.partnerId, dpor.poe);
        // A subscription-level DPOR overrules the service-level OSA for this subscription only.
        if (overruled !== null) osa = null;
        const why = previousPoe !== undefined
          ? reason('POE_NOT_REQUIRED_SAME_PARTNER', `Partner ${e.partnerId} was attached by DPOR again on ${e.date}: the same partner is not asked for POE again (its POE ${previousPoe === 'pending' ? 'is still pending' : previousPoe}).`)
          : reason('POE_REQUIRED', `Partner ${e.partnerId} was attached by DPOR on ${e.date}${replaced ? `, replacing partner ${replaced} (both are notified)` : ''}; it earns once its POE is approved.`);
        out('applied', why);
        if (overruled !== null) {
          outcomes.push({ index, date: e.date, type: e.type, partnerId: e.partnerId, outcome: 'applied', reason: reason('DPOR_OVERRULES_OSA', `The DPOR overrules the OSA form of partner ${overruled} for this subscription only; partner ${overruled} keeps its other subscriptions.`) });
        }
        break;
      }
      case 'dpor-remove':
        if (dpor === null || (e.partnerId !== undefined && e.partnerId !== dpor.partnerId)) {
          out('ignored', reason('EVENT_IGNORED', `No DPOR of ${e.partnerId ? `partner ${e.partnerId}` : 'any partner'} to remove on ${e.date}.`));
        } else {
          out('applied', reason('DPOR_REMOVED', `The DPOR of partner ${dpor.partnerId} was removed on ${e.date} (the partner is notified); the subscription has no partner of record until a new one is attached.`));
          dpor = null;
        }
        break;
      case 'poe-result':
        if (dpor === null || dpor.partnerId !== e.partnerId) {
          out('ignored', reason('EVENT_IGNORED', `A POE result for partner ${e.partnerId} on ${e.date} does not apply: ${dpor ? `partner ${dpor.partnerId}` : 'no partner'} is attached by DPOR.`));
        } else if (dpor.poe !== 'pending') {
          out('ignored', reason('EVENT_IGNORED', `Partner ${e.partnerId}'s POE was already ${dpor.poe}; the result of ${e.date} changes nothing.`));
        } else {
          dpor.poe = e.passed ? 'passed' : 'failed';
          poeByPartner.set(e.partnerId, dpor.poe);
          out(
            'applied',
            e.passed
              ? reason('POE_PASSED', `Partner ${e.partnerId}'s POE was approved on ${e.date}: it earns for the period since its DPOR of ${dpor.since}.`)
              : reason('POE_FAILED', `Partner ${e.partnerId}'s POE was rejected on ${e.date}: no partner is paid for this subscription while this DPOR stands.`),
          );
        }
        break;
    }
    markPeriod(e.date);
  }

  // POE results decide a whole DPOR tenure, so periods read each tenure's final status.
  const periods: RecordPeriod[] = tenureOfPeriod.map((period, i) => {
    const t = period.tenure;
    return {
      from: period.from,
      to: tenureOfPeriod[i + 1]?.from ?? null,
      partnerOfRecord: t?.partnerId ?? null,
      source: t?.source ?? null,
      poeStatus: t?.poe ?? null,
      earningPartner: earner(t),
    };
  });
  const now = current();
  const reasons: Reason[] = [];
  if (now === null) {
    reasons.push(reason('NO_PARTNER_OF_RECORD', `On ${p.asOfDate} the subscription has no partner of record.`));
  } else {
    reasons.push(reason('PARTNER_OF_RECORD', `On ${p.asOfDate} partner ${now.partnerId} is partner of record by ${now.source === 'DPOR' ? 'DPOR' : 'OSA form'} since ${now.since}.`));
    if (now.poe === 'pending') reasons.push(reason('POE_PENDING', `Partner ${now.partnerId}'s POE is pending: nobody is paid until it is approved.`));
    else if (now.poe === 'failed') reasons.push(reason('NOBODY_EARNS', `Partner ${now.partnerId}'s POE was rejected: no partner is paid for this subscription.`));
    else reasons.push(reason('EARNING_PARTNER', `Partner ${now.partnerId} earns for the period since ${now.since}, and only for that period.`));
  }
  outcomes.sort((a, b) => a.index - b.index);
  return {
    asOfDate: p.asOfDate,
    partnerOfRecord: now?.partnerId ?? null,
    source: now?.source ?? null,
    since: now?.since ?? null,
    poeStatus: now?.poe ?? null,
    earningPartner: earner(now),
    periods,
    events: outcomes,
    reasons,
  };
}
