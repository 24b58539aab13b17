/**
 * Reasons: every verdict explains itself with a list of `{ code, message, params }`. Codes are
 * stable UPPER_SNAKE identifiers (clients may switch on them); messages are sentences with the
 * actual numbers; params are those numbers as data, typed per code (reasonParams.ts). Where Partner Center explains the same outcome with one of its own codes
 * (DOMAIN.md, "Partner Center's reason codes"), the reason names it as `partnerCenterCode`.
 */

export const PARTNER_CENTER_CODES = {
  MINTHNTMT: 'minimum threshold not met (seat minimum)',
  PAULWPHWM: 'PAU at or below the prior HWM: no room to earn',
  MAULWPHWM: 'MAU at or below the prior HWM: no net new usage this month',
  MXTMCPMT: 'maximum time since the claim attach date reached',
  IVDPOE: 'POE not approved',
  CUSPUBSEC: 'public-sector customer (can be disputed within 90 days)',
  IVDCLD: 'ineligible cloud',
  IVDGEO: 'ineligible geography',
} as const;
export type PartnerCenterCode = keyof typeof PARTNER_CENTER_CODES;

/** Every reason code the engine emits, with the Partner Center code it matches, if any. */
export const REASON_CODES = {
  // programs
  PROGRAM_ACTIVE: null,
  PROGRAM_NOT_ACTIVE: null,
  EXAMPLE_PROGRAM_FIGURES: null,
  ASSUMED_PROGRAM_FIGURES: null,
  // workloads
  WORKLOAD_IN_PROGRAM: null,
  WORKLOAD_NOT_IN_PROGRAM: null,
  WORKLOAD_RETIRED: null,
  WORKLOAD_PAYS_NO_INCENTIVE: null,
  // clouds and geographies
  CLOUD_INCLUDED: null,
  EXCLUDED_CLOUD: 'IVDCLD',
  EXCLUDED_GEOGRAPHY: 'IVDGEO',
  // seats, bands, usage
  SEAT_MINIMUM_MET: null,
  BELOW_SEAT_MINIMUM: 'MINTHNTMT',
  SIZE_BAND: null,
  NEXT_SIZE_BAND: null,
  USAGE_PCT: null,
  MAU_ABOVE_PAU: null,
  NO_PAID_SEATS: 'MINTHNTMT',
  // who may claim
  ASSOCIATION_ALLOWED: null,
  ASSOCIATION_NOT_ALLOWED: null,
  LICENSE_PROGRAM_NOT_ALLOWED: null,
  DPOR_NOT_FOR_LICENSE_PROGRAM: null,
  CSP_TIER_NOT_FOR_LICENSE_PROGRAM: null,
  CSP_TRANSACTED_BY_OTHER_PARTNER: null,
  WORKLOAD_CLAIMED_BY_OTHER_PARTNER: null,
  CREDITED_THROUGH_PAL: null,
  // baseline and milestones
  BASELINE_AT_CLAIM: null,
  MILESTONE_EARNABLE: null,
  MILESTONE_REACHED_BEFORE_CLAIM: null,
  USAGE_ABOVE_MILESTONE_AT_CLAIM: null,
  MILESTONE_EARNED: null,
  MILESTONE_NOT_YET_REACHED: null,
  MILESTONE_REACHED_IN_APPROVAL_MONTH: null,
  BAND_STEP_UP: null,
  ALREADY_PAID: null,
  CLAIM_NOT_APPROVED: null,
  // per-user earnings
  NO_ROOM_ABOVE_HWM: 'PAULWPHWM',
  ROOM_ABOVE_HWM: null,
  NET_NEW_USERS: null,
  NO_NEW_USERS_ABOVE_HWM: 'MAULWPHWM',
  MONTH_BELOW_SEAT_MINIMUM: 'MINTHNTMT',
  MAX_TIME_SINCE_CLAIM_REACHED: 'MXTMCPMT',
  MAX_COMPENSABLE_UNITS_REACHED: null,
  COMPENSABLE_UNITS_USED_UP: null,
  WORKLOAD_CAP_REACHED: null,
  EARNINGS_AVAILABLE: null,
  EARNINGS_PENDING: null,
  // partner cap
  WITHIN_PARTNER_CAP: null,
  PARTNER_CAP_REACHED: null,
  // high-water mark
  HWM_FROM_MONTHS: null,
  MONTH_IGNORED_BELOW_SEAT_MINIMUM: null,
  NO_COUNTING_MONTHS: null,
  // claim advice
  CLAIM_NOW: null,
  WAIT_FOR_SEATS: null,
  RECLAIM_OPPORTUNITY: null,
  EXCEPTION_OPPORTUNITY: null,
  POE_EXPIRING: null,
  POE_EXPIRED: 'IVDPOE',
  ON_TRACK: null,
  NOTHING_TO_CLAIM: null,
  DISPUTE_REJECTION: null,
  // nightly changes
  SEAT_MINIMUM_CROSSED: null,
  BAND_STEPPED_UP: null,
  MILESTONE_REACHED: null,
  USAGE_RISING_BEFORE_CLAIM: null,
  PROGRAM_YEAR_ENDING: null,
  NOW_EXCLUDED: null,
  PARTNER_OF_RECORD_LOST: null,
  NO_LONGER_CLAIMABLE: null,
  NOTHING_LEFT_TO_EARN: null,
  EARNINGS_MISSING: null,
  DISPUTE_DEADLINE: null,
  OVERPAID: null,
  // forecast
  FORECAST_TREND: null,
  FORECAST_NOT_POSSIBLE: null,
  FORECAST_MILESTONE_EXPECTED: null,
  FORECAST_MILESTONE_NOT_WITHIN_YEAR: null,
  FORECAST_EARNINGS: null,
  // recognition
  RECOGNIZED: null,
  NOT_RECOGNIZED: null,
  PRODUCT_NOT_RECOGNIZED: null,
  COUNTED_AUTOMATICALLY: null,
  // partner of record
  OSA_ATTACHED: null,
  OSA_AFTER_CUTOVER: null,
  OSA_DPOR_EXISTS: null,
  OSA_REMOVED: null,
  OSA_CONTESTED: null,
  OSA_ONLY_AFTER_CUTOVER: null,
  DPOR_OVERRULES_OSA: null,
  DPOR_REMOVED: null,
  POE_REQUIRED: null,
  POE_NOT_REQUIRED_SAME_PARTNER: null,
  POE_PASSED: null,
  POE_FAILED: 'IVDPOE',
  POE_PENDING: null,
  EVENT_IGNORED: null,
  PARTNER_OF_RECORD: null,
  NO_PARTNER_OF_RECORD: null,
  EARNING_PARTNER: null,
  NOBODY_EARNS: null,
  // proof of execution
  POE_ACKNOWLEDGEMENT_OK: null,
  POE_ACKNOWLEDGEMENT_MISSING: 'IVDPOE',
  POE_ACKNOWLEDGEMENT_TOO_OLD: 'IVDPOE',
  POE_ACKNOWLEDGEMENT_AFTER_CLAIM: 'IVDPOE',
  POE_WORKLOADS_MATCH: null,
  POE_WORKLOADS_MISSING: 'IVDPOE',
  POE_SCOPE_OK: null,
  POE_SCOPE_INCOMPLETE: 'IVDPOE',
  POE_SCOPE_GENERIC: 'IVDPOE',
  POE_PARTIES_MATCH: null,
  POE_PARTNER_MISMATCH: 'IVDPOE',
  POE_TENANT_MISMATCH: 'IVDPOE',
  POE_DISCLOSURE_OK: null,
  POE_DISCLOSURE_NOT_NEEDED: null,
  POE_DISCLOSURE_UNKNOWN: 'CUSPUBSEC',
  POE_DISCLOSURE_MISSING: 'CUSPUBSEC',
  POE_ACTIVITIES_OK: null,
  POE_NO_COUNTING_ACTIVITY: 'IVDPOE',
  POE_ENGAGEMENT_DATES_OK: null,
  POE_ENGAGEMENT_DATES_MISSING: 'IVDPOE',
  POE_ENGAGEMENT_TOO_OLD: 'IVDPOE',
} as const satisfies Record<string, PartnerCenterCode | null>;

export type ReasonCode = keyof typeof REASON_CODES;
export type { ReasonParams };

/**
 * A reason as JSON carries it: the code, the sentence, the numbers the sentence states, Partner
 * Center's code if one matches. A union keyed by `code`, so switching on it types `params`.
 */
export type ReasonJson<C extends ReasonCode = ReasonCode> = {
  [K in C]: { code: K; message: string; params: ReasonParams[K]; partnerCenterCode?: PartnerCenterCode };
}[C];

import type { ReasonParams } from './reasonParams';

const PARTNER_CENTER_BY_CODE: ReadonlyMap<string, PartnerCenterCode | null> = new Map(Object.entries(REASON_CODES));

/**
 * One reason of a verdict. Detection decides the code and captures the numbers; the sentence
 * is rendered from them the first time `message` is read (or the reason is serialised), so a
 * batch that only compares codes and figures, such as the nightly run, never pays for text it
 * does not show. The numbers are captured as `params` when the reason is built (they are what
 * detection decided). `toJSON` gives `{ code, message, params, partnerCenterCode? }`; use it (or
 * JSON) to copy a reason, since a spread would not carry the rendered message.
 */
export class Reason<C extends ReasonCode = ReasonCode> {
  readonly code: C;
  /** The numbers (and dates, IDs) the message states, typed per code. */
  readonly params: ReasonParams[C];
  /** Partner Center's code for the same outcome, where one matches. */
  readonly partnerCenterCode: PartnerCenterCode | undefined;
  private text: string | (() => string);

  constructor(code: C, params: ReasonParams[C], text: string | (() => string)) {
    this.code = code;
    this.params = params;
    this.partnerCenterCode = PARTNER_CENTER_BY_CODE.get(code) ?? undefined;
    this.text = text;
  }

  /** Whether this is a reason of `code`, narrowing its `params`. */
  is<K extends ReasonCode>(code: K): this is Reason<K> {
    return (this.code as ReasonCode) === code;
  }

  /** The sentence, with the actual numbers. */
  get message(): string {
    const text = this.text;
    if (typeof text === 'string') return text;
    const rendered = text();
    this.text = rendered;
    return rendered;
  }

  toJSON(): ReasonJson<C> {
    const json =
      this.partnerCenterCode === undefined
        ? { code: this.code, message: this.message, params: this.params }
        : { code: this.code, message: this.message, params: this.params, partnerCenterCode: this.partnerCenterCode };
    return json as ReasonJson<C>;
  }
}

/**
 * Build a reason with its params; pass the message as a function to render it only when it is read.
 * @example reason('NO_PAID_SEATS', { monthlyActiveUsers: 12 }, () => 'There are no paid seats (PAU 0), ...').params
 * // => { monthlyActiveUsers: 12 }
 */
export function reason<C extends ReasonCode>(code: C, params: ReasonParams[C], message: string | (() => string)): Reason<C> {
  return new Reason(code, params, message);
}

/** Reasons as plain JSON objects (JSON.stringify is faster on plain objects than on toJSON). */
export function reasonsJson(reasons: readonly Reason[]): ReasonJson[] {
  const out: ReasonJson[] = new Array(reasons.length);
  for (let i = 0; i < reasons.length; i++) out[i] = reasons[i]!.toJSON();
  return out;
}

/** Reasons joined as one text, e.g. for a spreadsheet cell. */
export function reasonsText(reasons: readonly Reason[], separator = ' '): string {
  return reasons.map((r) => r.message).join(separator);
}
