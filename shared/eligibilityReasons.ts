/**
 * The sentences of eligibility verdicts. Detection (eligibility.ts) decides and passes the
 * numbers; these builders only present them. Each returns a reason whose message is written
 * when first read.
 */
import type { Catalog } from './programs/catalog';
import type { Program } from './programs/schema';
import { formatCount, formatMoney, formatPct } from './format';
import { reason, type Reason } from './reasons';
import type { WorkloadDefinition } from './workloads';

const workloadListText = new WeakMap<Program, string>();

/** The program's workloads by name, e.g. "Intune, Entra ID P2, Defender for Endpoint". */
export function workloadNames(catalog: Catalog, program: Program): string {
  let text = workloadListText.get(program);
  if (text === undefined) {
    text = program.workloads.map((id) => catalog.workloads.byIdOrNull(id)?.name ?? id).join(', ');
    workloadListText.set(program, text);
  }
  return text;
}

/**
 * Reasons that depend only on a few categorical values (program, date, workload, cloud,
 * association) read the same for every workload that shares them: a batch of 10,000 on one
 * date would otherwise write the same sentence 10,000 times. They are built once and shared
 * (reasons are immutable). Bounded: the memo starts afresh past 5,000 entries.
 */
const memo = new Map<string, Map<string, Map<string, Reason>>>();
let memoSize = 0;

/** The reason of `kind` for the values `a` and `b`, built once (nested maps: no key strings to build). */
function once(kind: string, a: string, b: string, build: () => Reason): Reason {
  let byA = memo.get(kind);
  if (byA === undefined) memo.set(kind, (byA = new Map()));
  let byB = byA.get(a);
  if (byB === undefined) byA.set(a, (byB = new Map()));
  let r = byB.get(b);
  if (r === undefined) {
    if (memoSize >= 5_000) {
      memo.clear();
      memoSize = 0;
    }
    r = build();
    byB.set(b, r);
    memoSize++;
  }
  return r;
}

function atClaimText(usagePct: number | null): string {
  return usagePct === null ? 'no paid seats' : formatPct(usagePct);
}

export const because = {
  programNotActive: (program: Program, asOfDate: string, instead: Program | undefined): Reason =>
    reason(
      'PROGRAM_NOT_ACTIVE',
      { programId: program.id, asOfDate, activeProgramId: instead ? instead.id : null },
      () =>
        `${program.name} runs ${program.programYear.start} to ${program.programYear.end}; ${asOfDate} is outside it${
          instead ? ` (${instead.name} applies then)` : ' and no program year of this family covers that date'
        }.`,
    ),
  programActive: (program: Program, asOfDate: string): Reason =>
    once('active', program.id, asOfDate, () =>
      reason('PROGRAM_ACTIVE', { programId: program.id, asOfDate }, `${program.name} (${program.programYear.start} to ${program.programYear.end}) applies on ${asOfDate}.`),
    ),
  unknownWorkload: (catalog: Catalog, program: Program, typed: string): Reason =>
    reason(
      'WORKLOAD_NOT_IN_PROGRAM',
      { programId: program.id, workload: typed, workloadId: null },
      () => `${catalog.workloads.problemWith(typed) ?? `"${typed}" is not a workload we know`}. ${program.name} includes ${workloadNames(catalog, program)}.`,
    ),
  workloadRetired: (program: Program, workload: WorkloadDefinition, retired: { retiredOn: string; note: string }): Reason =>
    reason(
      'WORKLOAD_RETIRED',
      { programId: program.id, workloadId: workload.id, retiredOn: retired.retiredOn },
      () => `${workload.name} is retired from ${program.name} (since ${retired.retiredOn}): ${retired.note}`,
    ),
  workloadNotInProgram: (catalog: Catalog, program: Program, workload: WorkloadDefinition): Reason =>
    once('not-in', program.id, workload.id, () =>
      reason(
        'WORKLOAD_NOT_IN_PROGRAM',
        { programId: program.id, workload: workload.name, workloadId: workload.id },
        `${workload.name} is not in ${program.name} (it includes ${workloadNames(catalog, program)}).`,
      ),
    ),
  belowSeatMinimumNoPromise: (program: Program, paidAvailableUnits: number): Reason =>
    reason(
      'BELOW_SEAT_MINIMUM',
      { paidAvailableUnits, seatMinimum: program.seatMinimum },
      () =>
        `PAU ${formatCount(paidAvailableUnits)} is below the ${formatCount(program.seatMinimum)} seat minimum of ${program.name}; buying seats would not help while a rule no purchase can fix stops earnings (see the reasons).`,
    ),
  belowSeatMinimumEducation: (program: Program, paidAvailableUnits: number, monthlyActiveUsers: number): Reason =>
    reason(
      'BELOW_SEAT_MINIMUM',
      { paidAvailableUnits, seatMinimum: program.seatMinimum },
      () =>
        `PAU ${formatCount(paidAvailableUnits)} is below the ${formatCount(program.seatMinimum)} seat minimum of ${program.name}; MAU ${formatCount(monthlyActiveUsers)} is above PAU, probably free student licences, so active users on paid seats are unknown and no seat purchase is advised.`,
    ),
  creditedThroughPal: (note: string): Reason => reason('CREDITED_THROUGH_PAL', {}, note),
  paysNoIncentive: (program: Program, workload: WorkloadDefinition): Reason =>
    reason(
      'WORKLOAD_PAYS_NO_INCENTIVE',
      { programId: program.id, workloadId: workload.id },
      () => `${workload.name} pays no usage incentive in ${program.name}; a CPOR claim still counts its usage toward partner designation scores.`,
    ),
  workloadInProgram: (program: Program, workload: WorkloadDefinition): Reason =>
    once('in', program.id, workload.id, () => reason('WORKLOAD_IN_PROGRAM', { programId: program.id, workloadId: workload.id }, `${workload.name} is in ${program.name}.`)),
  excludedCloud: (program: Program, cloud: string): Reason =>
    once('cloud-out', program.id, cloud, () =>
      reason('EXCLUDED_CLOUD', { programId: program.id, cloud }, `${cloud} tenants are excluded from ${program.name}: no usage telemetry reaches the program.`),
    ),
  cloudIncluded: (program: Program, cloud: string): Reason =>
    once('cloud-in', program.id, cloud, () => reason('CLOUD_INCLUDED', { programId: program.id, cloud }, `${cloud} tenants are included in ${program.name}.`)),
  excludedGeography: (program: Program, country: string): Reason =>
    reason('EXCLUDED_GEOGRAPHY', { programId: program.id, country }, () => `Customers in ${country} are excluded from ${program.name}.`),
  licenseProgramNotAllowed: (program: Program, licenseProgram: string): Reason =>
    reason(
      'LICENSE_PROGRAM_NOT_ALLOWED',
      { programId: program.id, licenseProgram },
      () => `${program.name} cannot be claimed for ${licenseProgram} subscriptions (it accepts ${program.licensePrograms.join(', ')}).`,
    ),
  associationOnlyFor: (associationType: string, onlyFor: readonly string[], licenseProgram: string): Reason => {
    const code = associationType === 'DPOR' ? 'DPOR_NOT_FOR_LICENSE_PROGRAM' : 'CSP_TIER_NOT_FOR_LICENSE_PROGRAM';
    return reason(code, { associationType, licenseProgram }, () => `${associationType} applies to ${onlyFor.join(' and ')} subscriptions only, never ${licenseProgram}.`);
  },
  associationNotAllowed: (program: Program, associationType: string): Reason =>
    reason(
      'ASSOCIATION_NOT_ALLOWED',
      { programId: program.id, associationType },
      () => `${program.name} is claimed with ${program.associationTypes.join(' or ')}; a ${associationType} association does not claim it.`,
    ),
  associationAllowed: (associationType: string, licenseProgram: string): Reason =>
    once('assoc', associationType, licenseProgram, () =>
      reason(
        'ASSOCIATION_ALLOWED',
        { associationType, licenseProgram },
        `A ${associationType} claim works for ${licenseProgram} subscriptions: usage incentives do not depend on the license program.`,
      ),
    ),
  claimedByOtherPartner: (claimingPartnerId: string, workloadName: string): Reason =>
    reason(
      'WORKLOAD_CLAIMED_BY_OTHER_PARTNER',
      { claimingPartnerId },
      () => `Partner ${claimingPartnerId} holds the CPOR claim on ${workloadName} for this customer; there is one CPOR per customer workload.`,
    ),
  milestoneEarnable: (
    program: Program,
    m: { number: number; usagePct: number },
    baselinePct: number | null,
    needed: number,
    paidAvailableUnits: number,
    amountCents: number | null,
    band: string,
  ): Reason =>
    reason(
      'MILESTONE_EARNABLE',
      { milestone: m.number, milestonePct: m.usagePct, baselinePct, activeUsersNeeded: needed, paidAvailableUnits, amountCents, band },
      () =>
        `Milestone ${m.number} (${m.usagePct}%) is earnable: usage at claim ${atClaimText(baselinePct)} is below it. It is reached at ${formatCount(needed)} active users of ${formatCount(paidAvailableUnits)} paid seats${
          amountCents === null ? '' : ` and pays ${formatMoney(amountCents, program.currency)} at band ${band}`
        }.`,
    ),
  milestoneReachedBeforeClaim: (m: { number: number; usagePct: number }, baselinePct: number | null): Reason =>
    reason(
      'MILESTONE_REACHED_BEFORE_CLAIM',
      { milestone: m.number, milestonePct: m.usagePct, baselinePct },
      () => `Milestone ${m.number} (${m.usagePct}%) cannot be earned on this claim: usage at claim was already ${atClaimText(baselinePct)}.`,
    ),
  usageAboveMilestoneAtClaim: (baselinePct: number | null, lastMilestonePct: number, noSeats: boolean): Reason =>
    reason('USAGE_ABOVE_MILESTONE_AT_CLAIM', noSeats ? { baselinePct: null } : { baselinePct, lastMilestonePct }, () =>
      noSeats
        ? `There were no paid seats at claim, so no milestone can be earned on this claim.`
        : `Usage at claim (${atClaimText(baselinePct)}) was already above milestone eligibility: the last milestone is ${lastMilestonePct}%, so nothing is left to earn on this claim.`,
    ),
  noRoomAboveHwm: (paidAvailableUnits: number, hwm: number): Reason =>
    reason(
      'NO_ROOM_ABOVE_HWM',
      { paidAvailableUnits, highWaterMark: hwm },
      () => `PAU ${formatCount(paidAvailableUnits)} is at or below the prior HWM of ${formatCount(hwm)} active users: there is no room to earn.`,
    ),
  roomAboveHwm: (opportunity: number, paidAvailableUnits: number, hwm: number, unitsLeft: number): Reason =>
    reason(
      'ROOM_ABOVE_HWM',
      { opportunityUnits: opportunity, paidAvailableUnits, highWaterMark: hwm, unitsLeft },
      () =>
        `${formatCount(opportunity)} opportunity units (PAU ${formatCount(paidAvailableUnits)} minus the prior HWM of ${formatCount(hwm)}, within the ${formatCount(unitsLeft)} compensable units still unpaid).`,
    ),
  compensableUnitsUsedUp: (maxUnits: number): Reason =>
    reason('COMPENSABLE_UNITS_USED_UP', { maxCompensableUnits: maxUnits }, () => `The maximum of ${formatCount(maxUnits)} compensable units is paid on this claim: nothing is left to earn on it.`),
  maxTimeSinceClaim: (stop: string, months: number, claimDate: string, asOfDate: string): Reason =>
    reason(
      'MAX_TIME_SINCE_CLAIM_REACHED',
      asOfDate >= stop ? { stopDate: stop, maxMonthsSinceClaim: months, claimDate } : { stopDate: stop, maxMonthsSinceClaim: months, claimDate, month: asOfDate.slice(0, 7) },
      () =>
        asOfDate >= stop
          ? `Earnings stopped on ${stop}, ${months} months after the ${claimDate} claim.`
          : `Earnings stop on ${stop}, ${months} months after the ${claimDate} claim: only months that end before it earn, so ${asOfDate.slice(0, 7)} and later months earn nothing.`,
    ),
};
