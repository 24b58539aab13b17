/**
 * Reasons carry their numbers as params (reasonParams.ts): over a large generated batch, every
 * reason emitted has params of the shape declared for its code, and every number in the params
 * is one the message states.
 */
import {
  ACTIVITY_TYPES,
  adviseClaim,
  ASSOCIATION_TYPES,
  sizeBand,
  checkPoe,
  LICENSE_PROGRAMS,
  partnerOfRecord,
  RECOGNITION_METRICS,
  recognize,
  SEGMENTS,
  applyPartnerCap,
  claimAdviceFrom,
  contextFor,
  defaultCatalog,
  eligibilityFrom,
  formatCount,
  formatMoney,
  formatPct,
  highWaterMark,
  parseWith,
  payoutFrom,
  PayoutInputSchema,
  REASON_CODES,
  REASON_PARAMS,
  reevaluate,
  WorkloadFactsSchema,
  type PartnerOfRecordEvent,
  type ReasonCode,
  type ReasonJson,
} from '../../shared';
import { addDaysIso } from '../../shared/dates';
import { generateWorkloads, prng } from '../../dev/support/generateWorkloads';

type AnyReason = Pick<ReasonJson, 'code' | 'message' | 'params'>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a number can be written in a message: as is, as a count, a percentage or money. */
function writings(key: string, n: number): string[] {
  const forms = [String(n), formatCount(n), formatPct(n)];
  if (key.endsWith('Cents')) forms.push(formatMoney(n, 'XXX').replace(' XXX', ''));
  return forms;
}

/** The number stands on its own in the message (not a part of a larger number). */
function states(message: string, key: string, n: number): boolean {
  return writings(key, n).some((w) => new RegExp(`(^|[^\\d.,])${escape(w)}(?![\\d]|[.,]\\d)`).test(message));
}

function numbersOf(params: object): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'number') out.push([key, value]);
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'number') out.push([key, v]);
  }
  return out;
}

/** Every reason of a large generated batch: verdicts, payouts, advice, nightly changes, caps. */
function batchReasons(n: number): AnyReason[] {
  const catalog = defaultCatalog;
  const reasons: AnyReason[] = [];
  const payouts = [];
  for (const raw of generateWorkloads(n, 20251122)) {
    const f = PayoutInputSchema.parse(raw);
    const ctx = contextFor(catalog, f);
    const eligibility = eligibilityFrom(catalog, ctx);
    const payout = payoutFrom(catalog, ctx, f, eligibility);
    const advice = claimAdviceFrom(catalog, ctx, eligibility);
    reasons.push(...eligibility.reasons, ...payout.reasons, ...payout.lines.flatMap((l) => l.reasons), ...advice.reasons);
    payouts.push(payout);
    // Last night with fewer seats and users, tonight as generated: the nightly's change events.
    const { market: _m, milestonesPaid: _p, paidToDateCents: _d, ...facts } = raw;
    const lastNight = parseWith(WorkloadFactsSchema, {
      ...facts,
      asOfDate: addDaysIso(raw.asOfDate, -1),
      paidAvailableUnits: Math.floor(raw.paidAvailableUnits / 3),
      monthlyActiveUsers: Math.floor(raw.monthlyActiveUsers / 2),
    });
    const before = reevaluate(catalog, lastNight, null).state;
    for (const change of reevaluate(catalog, parseWith(WorkloadFactsSchema, facts), before).changes) reasons.push(...change.reasons);
    // Tonight excluded, claimed by another partner, far below the baseline, or with an ageing POE.
    const lastState = reevaluate(catalog, parseWith(WorkloadFactsSchema, { ...facts, asOfDate: addDaysIso(raw.asOfDate, -1) }), null).state;
    const tonight = [
      { cloud: 'GCC High' },
      { partnerId: '1111111', claimingPartnerId: '2222222' },
      { monthlyActiveUsers: Math.floor(raw.monthlyActiveUsers / 20), paidAvailableUnits: raw.paidAvailableUnits * 3 },
      { poeAcknowledgementDate: addDaysIso(raw.asOfDate, -360) },
    ][reasons.length % 4]!;
    for (const change of reevaluate(catalog, parseWith(WorkloadFactsSchema, { ...facts, ...tonight }), lastState).changes) reasons.push(...change.reasons);
    if (raw.usageHistory) reasons.push(...highWaterMark({ programId: raw.programId, asOfDate: raw.asOfDate, claimDate: raw.claimDate, usageHistory: raw.usageHistory }).reasons);
  }
  const amounts = payouts.map((p, i) => ({ id: `w${i}`, amountCents: p.owedCents }));
  for (const capCents of [0, 5_000_00, 50_000_00, 5_000_000_00]) {
    reasons.push(...applyPartnerCap({ programId: 'security-usage-fy25', partnerCapCents: capCents, earnedBeforeCents: 1_000_00, items: amounts.slice(0, 200) }).reasons);
  }
  return [...reasons, ...variedReasons(n)];
}

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';
const PARTNERS = ['1111111', '2222222', '3333333'];

/** Seeded variations of the other decisions: facts with every exclusion, recognition, POE, partner of record. */
function variedReasons(n: number): AnyReason[] {
  const random = prng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const maybe = <T>(x: T): T | undefined => (random() < 0.5 ? x : undefined);
  const reasons: AnyReason[] = [];
  for (let i = 0; i < n / 4; i++) {
    const claimed = random() < 0.5;
    reasons.push(...sizeBand({ programId: 'security-usage-fy25', paidAvailableUnits: pick([0, 149, 150, 999, 1000, 40_000]) }).reasons);
    const advice = adviseClaim({
      programId: pick(['security-usage', 'modern-work-usage', 'security-usage-fy25', 'modern-work-usage-fy25']),
      asOfDate: pick(['2024-06-30', '2025-03-31', '2025-10-20', '2026-11-22']),
      workload: pick(['MDE', 'Intune', 'Teams', 'Teams Phone', 'Exchange Online', 'Power Apps', 'Microsoft 365 Copilot', 'Defender for Toasters']),
      paidAvailableUnits: pick([0, 10, 149, 300, 1000, 40_000]),
      monthlyActiveUsers: pick([0, 5, 150, 400, 2000]),
      licenseProgram: pick(LICENSE_PROGRAMS),
      segment: pick(SEGMENTS),
      country: maybe(pick(['US', 'CU', 'IR', 'DE'])),
      associationType: pick(['CPOR OSU', 'CPOR OSU', 'DPOR', 'PAL', 'CSP Tier 1'] as const),
      partnerId: '1111111',
      claimingPartnerId: maybe(pick(PARTNERS)),
      poeAcknowledgementDate: maybe(pick(['2023-06-30', '2024-01-15', '2024-03-30'])),
      ...(claimed ? { claimDate: '2024-03-15', highWaterMark: pick([0, 100, 250]), paidAvailableUnitsAtClaim: pick([100, 1000]) } : {}),
    });
    reasons.push(...advice.eligibility.reasons, ...advice.reasons);
    reasons.push(
      ...recognize({
        workload: pick(['Dynamics 365 Customer Engagement', 'Power Apps', 'Power Automate', 'MDE', 'Azure', 'Toasters']),
        associationType: pick(ASSOCIATION_TYPES),
        metric: pick(RECOGNITION_METRICS),
        licenseProgram: maybe(pick(LICENSE_PROGRAMS)),
        partnerId: maybe('1111111'),
        transactingPartnerId: maybe(pick(PARTNERS)),
      }).reasons,
    );
    const poe = checkPoe({
      programId: 'security-usage',
      claimDate: '2025-03-15',
      partnerId: '1234567',
      tenantId: TENANT,
      workloads: ['MDE', 'Intune'],
      acknowledgementDate: maybe(pick(['2024-03-15', '2024-03-14', '2025-01-10', '2025-03-20'])),
      workloadsNamed: pick([['Microsoft Defender for Endpoint', 'Intune'], ['Intune']]),
      userCount: maybe(1200),
      customerNeed: maybe('Replace third-party antivirus on 1,200 laptops and enforce device compliance.'),
      engagementStartDate: maybe('2022-11-01'),
      engagementEndDate: maybe(pick(['2025-04-30', '2025-02-28', '2023-01-31'])),
      sessionCount: maybe(8),
      partnerIdNamed: maybe(pick(['1234567', '7654321'])),
      tenantIdNamed: maybe(pick([TENANT, '00000000-0000-4000-8000-000000000000'])),
      segment: pick(SEGMENTS),
      country: maybe(pick(['US', 'FR', 'DE'])),
      feeDisclosure: random() < 0.5,
      genericFeatureList: random() < 0.2,
      activities: [pick(ACTIVITY_TYPES), pick(ACTIVITY_TYPES)],
    });
    reasons.push(...poe.reasons, ...poe.requirements.flatMap((r) => r.reasons));
    const events: PartnerOfRecordEvent[] = [];
    let day = 0;
    for (let e = 0, count = 1 + Math.floor(random() * 6); e < count; e++) {
      day += 1 + Math.floor(random() * 200);
      const date = addDaysIso('2023-01-01', day);
      const type = pick(['osa-attach', 'osa-remove', 'dpor-attach', 'dpor-remove', 'poe-result'] as const);
      const partnerId = pick(PARTNERS);
      if (type === 'poe-result') events.push({ type, date, partnerId, passed: random() < 0.6 });
      else if (type === 'osa-remove' || type === 'dpor-remove') events.push({ type, date, partnerId: maybe(partnerId) });
      else events.push({ type, date, partnerId });
    }
    const record = partnerOfRecord({
      licenseProgram: pick(['EA', 'CASA', 'CSP'] as const),
      osaCutoverDate: maybe('2024-06-30'),
      asOfDate: addDaysIso('2023-01-01', day + pick([-100, 0, 30])),
      events,
    });
    reasons.push(...record.reasons, ...record.events.map((e) => e.reason));
  }
  return reasons;
}

describe('reason params', () => {
  const reasons = batchReasons(4000);
  const seen = new Set(reasons.map((r) => r.code));

  it('every code has a params schema', () => {
    expect(Object.keys(REASON_PARAMS).sort()).toEqual(Object.keys(REASON_CODES).sort());
  });

  it('every reason of a large generated batch carries params of the shape declared for its code', () => {
    expect(seen.size).toBeGreaterThanOrEqual(100);
    const bad = new Map<ReasonCode, string>();
    for (const r of reasons) {
      const parsed = REASON_PARAMS[r.code].safeParse(r.params);
      if (!parsed.success && !bad.has(r.code)) bad.set(r.code, `${JSON.stringify(r.params)}: ${parsed.error.message}`);
    }
    expect(Object.fromEntries(bad)).toEqual({});
  });

  it("every number in a reason's params is stated in its message", () => {
    const bad = new Map<ReasonCode, string>();
    for (const r of reasons) {
      for (const [key, n] of numbersOf(r.params)) {
        if (!states(r.message, key, n) && !bad.has(r.code)) bad.set(r.code, `${key} ${n} not in "${r.message}"`);
      }
    }
    expect(Object.fromEntries(bad)).toEqual({});
  });

  it("params are in every reason's JSON, and a script reads the numbers from them", () => {
    for (const r of reasons.slice(0, 2000)) expect(JSON.parse(JSON.stringify(r))).toHaveProperty('params');
    const below = adviseClaim({ programId: 'security-usage-fy25', asOfDate: '2025-03-31', workload: 'MDE', paidAvailableUnits: 149, monthlyActiveUsers: 10 }).eligibility.reasons[0]!;
    expect(below.is('BELOW_SEAT_MINIMUM') && below.params).toEqual({ paidAvailableUnits: 149, seatMinimum: 150, seatsToGo: 1 });
  });
});
