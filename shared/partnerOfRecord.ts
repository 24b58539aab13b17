/**
 * R10. Partner of record over time for one subscription, from its timeline of events: OSA form
 * attaches and removals, DPOR attaches and removals, POE results, and the OSA cut-over date.
 * Answers who is partner of record and who earns on a date, with the periods in between.
 */
import { z } from 'zod';
import { addDaysIso } from './dates';
import { parseWith } from './errors';
import { partnerIdSchema } from './ids';
import { defaultCatalog, type Catalog } from './programs/catalog';
import { reason, type Reason } from './reasons';
import { isoDate, text } from './validation';
import { licenseProgramSchema } from './vocabulary';

const eventBase = { date: isoDate(), note: text('a note', 500).optional() };

export const PartnerOfRecordEventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('osa-attach'), partnerId: partnerIdSchema(), ...eventBase }),
    z.strictObject({ type: z.literal('osa-remove'), partnerId: partnerIdSchema().optional(), ...eventBase }),
    z.strictObject({ type: z.literal('dpor-attach'), partnerId: partnerIdSchema(), ...eventBase }),
    z.strictObject({ type: z.literal('dpor-remove'), partnerId: partnerIdSchema().optional(), ...eventBase }),
    z.strictObject({ type: z.literal('poe-result'), partnerId: partnerIdSchema(), passed: z.boolean({ error: 'must be true (POE approved) or false (rejected)' }), ...eventBase }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? 'type must be one of osa-attach, osa-remove, dpor-attach, dpor-remove, poe-result' : undefined) },
);
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
  /** The start of its uninterrupted time as partner of record (an OSA form followed by its own DPOR). */
  earnsSince: string;
  poe: PoeStatus;
}

function earner(t: Tenure | null): string | null {
  return t !== null && (t.poe === 'passed' || t.poe === 'not-required') ? t.partnerId : null;
}

/** One stretch of the timeline: who holds it, and what stops that partner earning. */
interface Stretch {
  from: string;
  tenure: Tenure | null;
  /** Two OSA forms are contested and neither POE has passed: nobody earns. */
  contested: boolean;
  /** An OSA-only attachment after the OSA cut-over: it earns nothing. */
  osaAfterCutover: boolean;
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
  /** OSA-only attachments earn nothing from this date on (the day after the cut-over). */
  const osaStopsOn = p.osaCutoverDate === undefined ? null : addDaysIso(p.osaCutoverDate, 1);

  let osa: Tenure | null = null;
  /**
   * DOMAIN decision "Two OSA forms": a later OSA form of another partner contests the OSA
   * partner of record; POE is asked of both, nobody earns until one passes, and when both
   * pass the later form wins.
   */
  let rival: Tenure | null = null;
  let dpor: Tenure | null = null;
  /** POE results of partners on this subscription: the same partner is not asked twice. */
  const poeByPartner = new Map<string, PoeStatus>();
  const outcomes: EventOutcome[] = [];
  const stretches: Stretch[] = [];

  /** While contested, the OSA form that passed, else the later form (pending) stands. */
  const osaHolder = (): Tenure | null => (rival === null ? osa : osa !== null && osa.poe === 'passed' ? osa : rival);
  const current = (): Tenure | null => dpor ?? osaHolder();
  /** The OSA form of a partner on this subscription, holder or contestant. */
  const osaOf = (partnerId: string): Tenure | null => (osa !== null && osa.partnerId === partnerId ? osa : rival !== null && rival.partnerId === partnerId ? rival : null);
  const contested = (): boolean => dpor === null && rival !== null && !(osa !== null && osa.poe === 'passed');
  const markPeriod = (date: string) => {
    const now = current();
    const next: Stretch = { from: date, tenure: now, contested: contested(), osaAfterCutover: now !== null && now.source === 'OSA' && osaStopsOn !== null && date >= osaStopsOn };
    const last = stretches[stretches.length - 1];
    if (last && last.tenure === now && last.contested === next.contested && last.osaAfterCutover === next.osaAfterCutover) return;
    if (last && last.from === date) stretches[stretches.length - 1] = next;
    else stretches.push(next);
  };
  let cutoverMarked = false;
  const markCutover = (upTo: string) => {
    if (osaStopsOn !== null && !cutoverMarked && osaStopsOn <= upTo) {
      cutoverMarked = true;
      if (stretches.length > 0) markPeriod(osaStopsOn);
    }
  };

  for (const { e, index } of ordered) {
    const partnerId = 'partnerId' in e && e.partnerId !== undefined ? e.partnerId : null;
    const out = (outcome: EventOutcome['outcome'], r: Reason) => outcomes.push({ index, date: e.date, type: e.type, partnerId, outcome, reason: r });
    if (e.date > p.asOfDate) {
      out('after-as-of-date', reason('EVENT_IGNORED', { partnerId, date: e.date }, `${e.type} on ${e.date} is after ${p.asOfDate} and is not applied.`));
      continue;
    }
    markCutover(e.date);
    switch (e.type) {
      case 'osa-attach':
        if (p.osaCutoverDate !== undefined && e.date > p.osaCutoverDate) {
          out(
            'rejected',
            reason(
              'OSA_AFTER_CUTOVER',
              { partnerId: e.partnerId, date: e.date, osaCutoverDate: p.osaCutoverDate },
              `The OSA form of partner ${e.partnerId} on ${e.date} is not accepted: OSA forms are no longer accepted after the ${p.osaCutoverDate} cut-over.`,
            ),
          );
        } else if (dpor !== null) {
          out(
            'rejected',
            reason(
              'OSA_DPOR_EXISTS',
              { partnerId: e.partnerId, date: e.date, dporPartnerId: dpor.partnerId },
              `The OSA form of partner ${e.partnerId} on ${e.date} is not processed: partner ${dpor.partnerId} is attached by DPOR, and the sender is told a DPOR exists.`,
            ),
          );
        } else if ((osa !== null && osa.partnerId === e.partnerId) || (rival !== null && rival.partnerId === e.partnerId)) {
          out(
            'ignored',
            reason(
              'EVENT_IGNORED',
              { partnerId, date: e.date },
              `Partner ${e.partnerId} already sent an OSA form for this subscription (since ${(osa?.partnerId === e.partnerId ? osa : rival)!.since}).`,
            ),
          );
        } else if (osa === null) {
          osa = { partnerId: e.partnerId, source: 'OSA', since: e.date, earnsSince: e.date, poe: 'not-required' };
          out('applied', reason('OSA_ATTACHED', { partnerId: e.partnerId, date: e.date }, `Partner ${e.partnerId} became partner of record by OSA form on ${e.date}.`));
        } else {
          // A second partner's OSA form: POE from both; the holder's POE is asked too.
          if (osa.poe === 'not-required') osa.poe = 'pending';
          rival = { partnerId: e.partnerId, source: 'OSA', since: e.date, earnsSince: e.date, poe: 'pending' };
          out(
            'applied',
            reason(
              'OSA_CONTESTED',
              { partnerId: e.partnerId, date: e.date, otherPartnerId: osa.partnerId },
              `Partner ${e.partnerId} sent an OSA form on ${e.date} while partner ${osa.partnerId} is partner of record by OSA form: POE is requested from both, nobody earns until one passes, and if both pass the later form (partner ${e.partnerId}) wins.`,
            ),
          );
        }
        break;
      case 'osa-remove': {
        const target = e.partnerId === undefined ? osaHolder() : osaOf(e.partnerId);
        if (target === null) {
          out('ignored', reason('EVENT_IGNORED', { partnerId, date: e.date }, `No OSA attach of ${e.partnerId ? `partner ${e.partnerId}` : 'any partner'} to remove on ${e.date}.`));
        } else {
          out('applied', reason('OSA_REMOVED', { partnerId: target.partnerId, date: e.date }, `The OSA form of partner ${target.partnerId} was removed on ${e.date} (the partner is notified).`));
          if (target === rival) rival = null;
          else {
            osa = rival;
            rival = null;
          }
        }
        break;
      }
      case 'dpor-attach': {
        if (!dporLicensePrograms.includes(p.licenseProgram)) {
          out(
            'rejected',
            reason(
              'DPOR_NOT_FOR_LICENSE_PROGRAM',
              { associationType: 'DPOR', licenseProgram: p.licenseProgram, partnerId: e.partnerId, date: e.date },
              `The DPOR of partner ${e.partnerId} on ${e.date} does not apply: DPOR is for ${dporLicensePrograms.join(' and ')} subscriptions only, never ${p.licenseProgram}.`,
            ),
          );
          break;
        }
        if (dpor !== null && dpor.partnerId === e.partnerId) {
          out('ignored', reason('EVENT_IGNORED', { partnerId, date: e.date }, `Partner ${e.partnerId} is already attached by DPOR since ${dpor.since}.`));
          break;
        }
        const holder: Tenure | null = dpor === null ? osaHolder() : null;
        const overruled = holder !== null ? holder.partnerId : null;
        // DOMAIN decision "Same partner, OSA then DPOR": not asked for POE again, no gap.
        const same: Tenure | null = holder !== null && holder.partnerId === e.partnerId && !contested() ? holder : null;
        const samePartner = same !== null;
        const previousPoe: PoeStatus | undefined = same !== null ? same.poe : poeByPartner.get(e.partnerId);
        const replaced = dpor?.partnerId;
        dpor = { partnerId: e.partnerId, source: 'DPOR', since: e.date, earnsSince: same !== null ? same.earnsSince : e.date, poe: previousPoe ?? 'pending' };
        poeByPartner.set(e.partnerId, dpor.poe);
        // A subscription-level DPOR overrules the service-level OSA for this subscription only.
        if (overruled !== null) {
          osa = null;
          rival = null;
        }
        const why =
          previousPoe !== undefined
            ? reason(
                'POE_NOT_REQUIRED_SAME_PARTNER',
                { partnerId: e.partnerId, date: e.date },
                samePartner
                  ? `Partner ${e.partnerId}, partner of record by OSA form since ${same!.since}, attached by DPOR on ${e.date}: it is not asked for POE again and keeps earning without a gap.`
                  : `Partner ${e.partnerId} was attached by DPOR again on ${e.date}: the same partner is not asked for POE again (its POE ${previousPoe === 'pending' ? 'is still pending' : previousPoe}).`,
              )
            : reason(
                'POE_REQUIRED',
                { partnerId: e.partnerId, date: e.date, replacedPartnerId: replaced ?? null },
                `Partner ${e.partnerId} was attached by DPOR on ${e.date}${replaced ? `, replacing partner ${replaced} (both are notified)` : ''}; it earns once its POE is approved.`,
              );
        out('applied', why);
        if (overruled !== null && !samePartner) {
          outcomes.push({
            index,
            date: e.date,
            type: e.type,
            partnerId: e.partnerId,
            outcome: 'applied',
            reason: reason(
              'DPOR_OVERRULES_OSA',
              { osaPartnerId: overruled },
              `The DPOR overrules the OSA form of partner ${overruled} for this subscription only; partner ${overruled} keeps its other subscriptions.`,
            ),
          });
        }
        break;
      }
      case 'dpor-remove':
        if (dpor === null || (e.partnerId !== undefined && e.partnerId !== dpor.partnerId)) {
          out('ignored', reason('EVENT_IGNORED', { partnerId, date: e.date }, `No DPOR of ${e.partnerId ? `partner ${e.partnerId}` : 'any partner'} to remove on ${e.date}.`));
        } else {
          out(
            'applied',
            reason(
              'DPOR_REMOVED',
              { partnerId: dpor.partnerId, date: e.date },
              `The DPOR of partner ${dpor.partnerId} was removed on ${e.date} (the partner is notified); the subscription has no partner of record until a new one is attached.`,
            ),
          );
          dpor = null;
        }
        break;
      case 'poe-result': {
        const target: Tenure | null = dpor !== null && dpor.partnerId === e.partnerId ? dpor : dpor !== null ? null : osaOf(e.partnerId);
        if (target === null) {
          out(
            'ignored',
            reason(
              'EVENT_IGNORED',
              { partnerId, date: e.date },
              `A POE result for partner ${e.partnerId} on ${e.date} does not apply: ${dpor ? `partner ${dpor.partnerId} is attached by DPOR` : 'no POE of that partner is asked for this subscription'}.`,
            ),
          );
        } else if (target.poe !== 'pending') {
          out('ignored', reason('EVENT_IGNORED', { partnerId, date: e.date }, `Partner ${e.partnerId}'s POE was already ${target.poe}; the result of ${e.date} changes nothing.`));
        } else {
          target.poe = e.passed ? 'passed' : 'failed';
          poeByPartner.set(e.partnerId, target.poe);
          if (target === dpor) {
            out(
              'applied',
              e.passed
                ? reason('POE_PASSED', { partnerId: e.partnerId, date: e.date }, `Partner ${e.partnerId}'s POE was approved on ${e.date}: it earns for the period since its DPOR of ${target.since}.`)
                : reason(
                    'POE_FAILED',
                    { partnerId: e.partnerId, date: e.date },
                    `Partner ${e.partnerId}'s POE was rejected on ${e.date}: no partner is paid for this subscription while this DPOR stands.`,
                  ),
            );
          } else {
            // A contested OSA: the later form wins once it passes; a failed rival drops out.
            if (target === rival) {
              if (e.passed) osa = rival;
              rival = null;
            }
            out(
              'applied',
              e.passed
                ? reason(
                    'POE_PASSED',
                    { partnerId: e.partnerId, date: e.date },
                    `Partner ${e.partnerId}'s POE was approved on ${e.date}: ${rival === null ? `it is partner of record by OSA form and earns from ${e.date}` : `it earns from ${e.date} unless the later form of partner ${rival.partnerId} also passes`}.`,
                  )
                : reason('POE_FAILED', { partnerId: e.partnerId, date: e.date }, `Partner ${e.partnerId}'s POE was rejected on ${e.date}: its OSA form earns nothing.`),
            );
          }
        }
        break;
      }
    }
    markPeriod(e.date);
  }
  markCutover(p.asOfDate);

  // POE results decide a whole DPOR tenure, so periods read each tenure's final status; a
  // contested stretch and an OSA-only stretch after the cut-over earn nothing.
  const periods: RecordPeriod[] = stretches.map((period, i) => {
    const t = period.tenure;
    return {
      from: period.from,
      to: stretches[i + 1]?.from ?? null,
      partnerOfRecord: t?.partnerId ?? null,
      source: t?.source ?? null,
      poeStatus: period.contested ? 'pending' : (t?.poe ?? null),
      earningPartner: period.contested || period.osaAfterCutover ? null : earner(t),
    };
  });
  const now = current();
  const isContested = contested();
  const afterCutover = now !== null && now.source === 'OSA' && osaStopsOn !== null && p.asOfDate >= osaStopsOn;
  const reasons: Reason[] = [];
  if (now === null) {
    reasons.push(reason('NO_PARTNER_OF_RECORD', { asOfDate: p.asOfDate }, `On ${p.asOfDate} the subscription has no partner of record.`));
  } else {
    reasons.push(
      reason(
        'PARTNER_OF_RECORD',
        { partnerId: now.partnerId, source: now.source, since: now.since, asOfDate: p.asOfDate },
        `On ${p.asOfDate} partner ${now.partnerId} is partner of record by ${now.source === 'DPOR' ? 'DPOR' : 'OSA form'} since ${now.since}.`,
      ),
    );
    if (isContested) {
      const first = osa!;
      const later = rival!;
      reasons.push(
        reason(
          'OSA_CONTESTED',
          { partnerId: later.partnerId, otherPartnerId: first.partnerId },
          `Partners ${first.partnerId} (OSA form of ${first.since}, POE ${first.poe}) and ${later.partnerId} (OSA form of ${later.since}, POE ${later.poe}) both claim this subscription: nobody earns until one POE passes, and if both pass the later form wins.`,
        ),
      );
    } else if (afterCutover) {
      reasons.push(
        reason(
          'OSA_ONLY_AFTER_CUTOVER',
          { partnerId: now.partnerId, osaCutoverDate: p.osaCutoverDate },
          `Partner ${now.partnerId} is attached by OSA form only, and OSA attachments stopped earning after the ${p.osaCutoverDate} cut-over: it must attach as DPOR to earn again.`,
        ),
      );
    } else if (now.poe === 'pending') reasons.push(reason('POE_PENDING', { partnerId: now.partnerId }, `Partner ${now.partnerId}'s POE is pending: nobody is paid until it is approved.`));
    else if (now.poe === 'failed') reasons.push(reason('NOBODY_EARNS', { partnerId: now.partnerId }, `Partner ${now.partnerId}'s POE was rejected: no partner is paid for this subscription.`));
    else
      reasons.push(
        reason('EARNING_PARTNER', { partnerId: now.partnerId, earnsSince: now.earnsSince }, `Partner ${now.partnerId} earns for the period since ${now.earnsSince}, and only for that period.`),
      );
  }
  outcomes.sort((a, b) => a.index - b.index);
  return {
    asOfDate: p.asOfDate,
    partnerOfRecord: now?.partnerId ?? null,
    source: now?.source ?? null,
    since: now?.since ?? null,
    poeStatus: isContested ? 'pending' : (now?.poe ?? null),
    earningPartner: isContested || afterCutover ? null : earner(now),
    periods,
    events: outcomes,
    reasons,
  };
}
