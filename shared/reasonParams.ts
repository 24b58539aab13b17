/**
 * The parameters of each reason code: the numbers (and the dates and IDs) its message states,
 * as zod issues carry `minimum` or `keys` beside their message. Scripts and the add-in read
 * these, never the sentence. One zod schema per code, so the shape is checked in tests and can
 * be described in the OpenAPI document; `ReasonParams` is the type map derived from them.
 *
 * Conventions: counts of seats and users are whole numbers (shown with thousands separators),
 * `...Pct` a percentage (9.3 is 9.3%, null without paid seats), `...Cents` money in integer
 * cents in the program's currency, dates ISO (`2025-03-31`), months `2025-03`.
 *
 * @example
 * const r = checkEligibility({ ...facts, paidAvailableUnits: 149 }).reasons[0];
 * if (r.code === 'BELOW_SEAT_MINIMUM') r.params.seatsToGo; // => 1
 */
import { z } from 'zod';
import type { ReasonCode } from './reasons';

const count = z.number().int();
const pct = z.number();
const cents = z.number().int();
const date = z.string();
const month = z.string();
const id = z.string();
const band = z.string();
const none = z.strictObject({});
const obj = z.strictObject;

/** A milestone as messages name it: its number and its usage %. */
const milestone = { milestone: count, milestonePct: pct };

const seatMinimum = obj({ paidAvailableUnits: count, seatMinimum: count });
const belowSeatMinimum = obj({ paidAvailableUnits: count, seatMinimum: count, seatsToGo: count });
/** Without seatsToGo when a rule no purchase can fix also stops earnings: no seat count is promised. */
const belowSeatMinimumNoPromise = obj({ paidAvailableUnits: count, seatMinimum: count });
const associationLicense = obj({ associationType: z.string(), licenseProgram: z.string() });
const partnerEvent = obj({ partnerId: id, date });
const poeDates = obj({ acknowledgementDate: date, claimDate: date, maxAgeMonths: count, lastValidDate: date });

export const REASON_PARAMS = {
  // programs
  PROGRAM_ACTIVE: obj({ programId: id, asOfDate: date }),
  PROGRAM_NOT_ACTIVE: obj({ programId: id, asOfDate: date, activeProgramId: id.nullable() }),
  EXAMPLE_PROGRAM_FIGURES: obj({ programId: id }),
  ASSUMED_PROGRAM_FIGURES: obj({ programId: id, assumedFrom: id }),
  // workloads
  WORKLOAD_IN_PROGRAM: obj({ programId: id, workloadId: id }),
  WORKLOAD_NOT_IN_PROGRAM: obj({ programId: id, workload: z.string(), workloadId: id.nullable() }),
  WORKLOAD_RETIRED: obj({ programId: id, workloadId: id, retiredOn: date }),
  WORKLOAD_PAYS_NO_INCENTIVE: obj({ programId: id, workloadId: id }),
  // clouds and geographies
  CLOUD_INCLUDED: obj({ programId: id, cloud: z.string() }),
  EXCLUDED_CLOUD: obj({ programId: id, cloud: z.string() }),
  EXCLUDED_GEOGRAPHY: obj({ programId: id, country: z.string() }),
  // seats, bands, usage
  SEAT_MINIMUM_MET: seatMinimum,
  BELOW_SEAT_MINIMUM: z.union([belowSeatMinimum, belowSeatMinimumNoPromise]),
  SIZE_BAND: z.union([obj({ paidAvailableUnits: count, band, seatMinimum: count }), obj({ paidAvailableUnits: count, band, minSeats: count, maxSeats: count.nullable() })]),
  NEXT_SIZE_BAND: obj({ seatsToGo: count, band, minSeats: count }),
  USAGE_PCT: obj({ usagePct: pct, countedActiveUsers: count, paidAvailableUnits: count }),
  MAU_ABOVE_PAU: obj({ monthlyActiveUsers: count, paidAvailableUnits: count }),
  NO_PAID_SEATS: obj({ monthlyActiveUsers: count }),
  // who may claim
  ASSOCIATION_ALLOWED: associationLicense,
  ASSOCIATION_NOT_ALLOWED: obj({ programId: id, associationType: z.string() }),
  LICENSE_PROGRAM_NOT_ALLOWED: obj({ programId: id, licenseProgram: z.string() }),
  DPOR_NOT_FOR_LICENSE_PROGRAM: z.union([associationLicense, obj({ associationType: z.string(), licenseProgram: z.string(), partnerId: id, date })]),
  CSP_TIER_NOT_FOR_LICENSE_PROGRAM: associationLicense,
  CSP_TRANSACTED_BY_OTHER_PARTNER: obj({ partnerId: id, transactingPartnerId: id }),
  WORKLOAD_CLAIMED_BY_OTHER_PARTNER: obj({ claimingPartnerId: id }),
  CREDITED_THROUGH_PAL: none,
  // baseline and milestones
  /** Which figures the sentence states depends on where the baseline comes from (`source`). */
  BASELINE_AT_CLAIM: obj({
    claimDate: date,
    filed: z.boolean(),
    source: z.enum(['current-usage', 'usage-history', 'given-hwm', 'claim', 'below-seat-minimum']),
    sourceMonth: month.optional(),
    highWaterMark: count.optional(),
    paidAvailableUnits: count.optional(),
    usagePct: pct.nullable().optional(),
    seatMinimum: count.optional(),
  }),
  MILESTONE_EARNABLE: obj({ ...milestone, baselinePct: pct.nullable(), activeUsersNeeded: count, paidAvailableUnits: count, amountCents: cents.nullable(), band }),
  MILESTONE_REACHED_BEFORE_CLAIM: obj({ ...milestone, baselinePct: pct.nullable() }),
  USAGE_ABOVE_MILESTONE_AT_CLAIM: z.union([obj({ baselinePct: z.null() }), obj({ baselinePct: pct.nullable(), lastMilestonePct: pct }), obj({ ...milestone, baselinePct: pct.nullable() })]),
  MILESTONE_EARNED: z.union([
    obj({ ...milestone, month, activeUsers: count, paidAvailableUnits: count, usagePct: pct, band, amountCents: cents }),
    obj({ earnedCents: cents, alreadyPaidCents: cents, owedCents: cents, potentialCents: cents }),
  ]),
  MILESTONE_NOT_YET_REACHED: z.union([
    obj({ ...milestone, activeUsersNeeded: count, paidAvailableUnits: count, activeUsers: count, amountCents: cents.nullable(), band: band.nullable() }),
    obj({ earnedCents: cents, alreadyPaidCents: cents, owedCents: cents, potentialCents: cents }),
  ]),
  MILESTONE_REACHED_IN_APPROVAL_MONTH: obj({ ...milestone, month, activeUsers: count, paidAvailableUnits: count, amountCents: cents.nullable(), band: band.nullable() }),
  BAND_STEP_UP: obj({ milestone: count, paidCents: cents, band, amountCents: cents, owedCents: cents }),
  ALREADY_PAID: obj({ milestone: count, paidCents: cents }),
  CLAIM_NOT_APPROVED: z.union([obj({ claimDate: date.nullable() }), obj({ ...milestone, claimDate: date.nullable(), amountCents: cents.nullable(), band: band.nullable() })]),
  // per-user earnings
  NO_ROOM_ABOVE_HWM: obj({ paidAvailableUnits: count, highWaterMark: count, month: month.optional() }),
  ROOM_ABOVE_HWM: z.union([
    obj({ opportunityUnits: count, paidAvailableUnits: count, highWaterMark: count, unitsLeft: count }),
    obj({ opportunityUnits: count, highWaterMark: count, rateCents: cents, potentialCents: cents, unitsPaid: count.optional(), maxCompensableUnits: count.optional() }),
  ]),
  NET_NEW_USERS: obj({ month, activeUsers: count, netNewUsers: count, highWaterMark: count, units: count, rateCents: cents, market: z.string(), grossCents: cents }),
  NO_NEW_USERS_ABOVE_HWM: obj({ month, activeUsers: count, highWaterMark: count }),
  MONTH_BELOW_SEAT_MINIMUM: obj({ month, paidAvailableUnits: count, seatMinimum: count }),
  MAX_TIME_SINCE_CLAIM_REACHED: obj({ stopDate: date, maxMonthsSinceClaim: count, claimDate: date, month: month.optional() }),
  MAX_COMPENSABLE_UNITS_REACHED: obj({ units: count, netNewUsers: count, maxCompensableUnits: count }),
  COMPENSABLE_UNITS_USED_UP: obj({ maxCompensableUnits: count, month: month.optional() }),
  WORKLOAD_CAP_REACHED: z.union([obj({ capCents: cents }), obj({ capCents: cents, amountCents: cents, grossCents: cents, cappedCents: cents })]),
  EARNINGS_AVAILABLE: obj({ month, availableOn: date }),
  EARNINGS_PENDING: obj({ month, availableOn: date }),
  // partner cap
  WITHIN_PARTNER_CAP: obj({ totalCents: cents, capCents: cents, earnedBeforeCents: cents, balanceCents: cents }),
  PARTNER_CAP_REACHED: z.union([
    obj({ capCents: cents, itemId: id, payableCents: cents, amountCents: cents, cappedCents: cents }),
    obj({ capCents: cents, earnedBeforeCents: cents, itemId: id }),
    obj({ payableCents: cents, cappedCents: cents, balanceCents: cents }),
  ]),
  // high-water mark
  HWM_FROM_MONTHS: z.union([obj({ highWaterMark: count, month, countedMonths: count, seatMinimum: count }), obj({ highWaterMark: count, month: month.nullable(), associationDate: date })]),
  MONTH_IGNORED_BELOW_SEAT_MINIMUM: obj({ ignoredMonths: count, seatMinimum: count }),
  NO_COUNTING_MONTHS: obj({ seatMinimum: count }),
  // claim advice
  CLAIM_NOW: z.union([obj({ usagePct: pct, ...milestone }), obj({ paidAvailableUnits: count, opportunityUnits: count, highWaterMark: count })]),
  WAIT_FOR_SEATS: belowSeatMinimum,
  RECLAIM_OPPORTUNITY: z.union([
    obj({ usagePct: pct, baselinePct: pct, paidAvailableUnitsAtClaim: count.optional(), paidAvailableUnits: count.optional(), milestones: z.array(count) }),
    obj({ usagePct: pct.nullable() }),
  ]),
  EXCEPTION_OPPORTUNITY: obj({ usagePct: pct, baselinePct: pct, paidAvailableUnitsAtClaim: count, paidAvailableUnits: count, milestones: z.array(count) }),
  POE_EXPIRING: obj({ acknowledgementDate: date.optional(), lastValidDate: date, daysLeft: count }),
  DISPUTE_REJECTION: obj({ rejectedOn: date, disputeBy: date }),
  POE_EXPIRED: obj({ acknowledgementDate: date.optional(), lastValidDate: date, maxAgeMonths: count.optional() }),
  ON_TRACK: z.union([
    obj({ claimDate: date.nullable(), claimApprovedDate: date.nullable(), ...milestone, activeUsersNeeded: count, activeUsers: count }),
    obj({ claimDate: date.nullable(), claimApprovedDate: date.nullable() }),
    obj({ claimDate: date.nullable(), claimApprovedDate: date.nullable(), opportunityUnits: count, highWaterMark: count }),
  ]),
  NOTHING_TO_CLAIM: z.union([obj({ because: id }), obj({ programId: id, alreadyPaidCents: cents.optional() })]),
  // nightly changes
  SEAT_MINIMUM_CROSSED: obj({ paidAvailableUnitsBefore: count, paidAvailableUnits: count, seatMinimum: count, usagePct: pct.nullable().optional() }),
  BAND_STEPPED_UP: obj({ paidAvailableUnitsBefore: count, paidAvailableUnits: count, bandBefore: band, band }),
  MILESTONE_REACHED: obj({ usagePct: pct.nullable(), milestones: z.array(count), band }),
  USAGE_RISING_BEFORE_CLAIM: obj({ monthlyActiveUsersBefore: count, monthlyActiveUsers: count }),
  PROGRAM_YEAR_ENDING: obj({ programYearEnd: date, daysLeft: count }),
  NOW_EXCLUDED: obj({ stops: z.array(id), lostCents: cents.nullable(), opportunityUnits: count.nullable() }),
  PARTNER_OF_RECORD_LOST: obj({ lostCents: cents.nullable(), opportunityUnits: count.nullable() }),
  NO_LONGER_CLAIMABLE: obj({ lostCents: cents.nullable(), opportunityUnits: count.nullable() }),
  NOTHING_LEFT_TO_EARN: obj({ lostCents: cents.nullable(), opportunityUnits: count.nullable() }),
  EARNINGS_MISSING: obj({ months: z.array(month), amountCents: cents, disputeBy: date }),
  DISPUTE_DEADLINE: obj({ months: z.array(month), amountCents: cents, disputeBy: date, daysLeft: count }),
  OVERPAID: obj({ months: z.array(month), amountCents: cents }),
  // forecast
  FORECAST_TREND: obj({ monthsUsed: count, from: month, to: month, trendPerMonth: z.number(), residualUsers: z.number(), certainty: z.enum(['high', 'medium', 'low']) }),
  FORECAST_NOT_POSSIBLE: z.union([
    obj({ monthsUsed: count, monthsNeeded: count, asOfMonth: month }),
    obj({ monthsUsed: count, monthsNeeded: count, asOfMonth: month, missingMonth: month }),
    obj({ asOfMonth: month, latestMonth: month, monthsOld: count, maxMonthsOld: count }),
  ]),
  FORECAST_MILESTONE_EXPECTED: obj({ ...milestone, activeUsersNeeded: count, expectedMonth: month, earliestMonth: month.nullable(), latestMonth: month.nullable() }),
  FORECAST_MILESTONE_NOT_WITHIN_YEAR: obj({ ...milestone, activeUsersNeeded: count, programYearEnd: date, earliestMonth: month.nullable() }),
  FORECAST_EARNINGS: obj({ expectedCents: cents, lowCents: cents, highCents: cents, programYearEnd: date }),
  // recognition
  RECOGNIZED: obj({ associationType: z.string().optional() }),
  NOT_RECOGNIZED: obj({ associationType: z.string().optional() }),
  PRODUCT_NOT_RECOGNIZED: obj({ workload: z.string() }),
  COUNTED_AUTOMATICALLY: obj({ automaticCountDelayDays: count }),
  // partner of record
  OSA_ATTACHED: partnerEvent,
  OSA_AFTER_CUTOVER: obj({ partnerId: id, date, osaCutoverDate: date }),
  OSA_DPOR_EXISTS: obj({ partnerId: id, date, dporPartnerId: id }),
  OSA_REMOVED: partnerEvent,
  OSA_CONTESTED: z.union([obj({ partnerId: id, date, otherPartnerId: id }), obj({ partnerId: id, otherPartnerId: id })]),
  OSA_ONLY_AFTER_CUTOVER: obj({ partnerId: id, osaCutoverDate: date.optional() }),
  DPOR_OVERRULES_OSA: obj({ osaPartnerId: id }),
  DPOR_REMOVED: partnerEvent,
  POE_REQUIRED: obj({ partnerId: id, date, replacedPartnerId: id.nullable() }),
  POE_NOT_REQUIRED_SAME_PARTNER: partnerEvent,
  POE_PASSED: partnerEvent,
  POE_FAILED: partnerEvent,
  POE_PENDING: obj({ partnerId: id }),
  EVENT_IGNORED: obj({ partnerId: id.nullable(), date }),
  PARTNER_OF_RECORD: obj({ partnerId: id, source: z.string(), since: date, asOfDate: date }),
  NO_PARTNER_OF_RECORD: obj({ asOfDate: date }),
  EARNING_PARTNER: obj({ partnerId: id, earnsSince: date }),
  NOBODY_EARNS: obj({ partnerId: id }),
  // proof of execution
  POE_ACKNOWLEDGEMENT_OK: poeDates,
  POE_ACKNOWLEDGEMENT_MISSING: obj({ maxAgeMonths: count }),
  POE_ACKNOWLEDGEMENT_TOO_OLD: poeDates,
  POE_ACKNOWLEDGEMENT_AFTER_CLAIM: obj({ acknowledgementDate: date, claimDate: date }),
  POE_WORKLOADS_MATCH: obj({ workloads: z.array(z.string()) }),
  POE_WORKLOADS_MISSING: obj({ workloads: z.array(z.string()) }),
  POE_SCOPE_OK: obj({ userCount: count, sessionCount: count, engagementStartDate: date, engagementEndDate: date }),
  POE_SCOPE_INCOMPLETE: obj({ missing: z.array(z.string()) }),
  POE_SCOPE_GENERIC: none,
  POE_PARTIES_MATCH: obj({ partnerId: id, tenantId: id }),
  POE_PARTNER_MISMATCH: obj({ partnerId: id, partnerIdNamed: id.nullable() }),
  POE_TENANT_MISMATCH: obj({ tenantId: id, tenantIdNamed: id.nullable() }),
  POE_DISCLOSURE_OK: obj({ country: z.string() }),
  POE_DISCLOSURE_NOT_NEEDED: obj({ countries: z.array(z.string()) }),
  POE_DISCLOSURE_UNKNOWN: obj({ countries: z.array(z.string()) }),
  POE_DISCLOSURE_MISSING: obj({ country: z.string() }),
  POE_ACTIVITIES_OK: obj({ activities: z.array(z.string()) }),
  POE_NO_COUNTING_ACTIVITY: obj({ activities: z.array(z.string()) }),
  POE_ENGAGEMENT_DATES_OK: obj({ engagementEndDate: date, lookbackMonths: count.optional() }),
  POE_ENGAGEMENT_DATES_MISSING: none,
  POE_ENGAGEMENT_TOO_OLD: obj({ engagementEndDate: date, lookbackMonths: count, claimDate: date, earliestDate: date }),
} as const satisfies Record<ReasonCode, z.ZodType>;

/** The parameters of each reason code, e.g. `ReasonParams['BELOW_SEAT_MINIMUM']`. */
export type ReasonParams = { [C in ReasonCode]: z.output<(typeof REASON_PARAMS)[C]> };
