/**
 * The custom functions users type in their tracking workbooks (`=PI.CPOR_ELIGIBLE(...)`),
 * computed by the same engine as the API, in the workbook, with no network. Each row-wise
 * argument takes a cell or a range; the answer spills in the same shape. A bad argument shows
 * `#VALUE!` with a message naming it (and the row, in a range). The as-of date is always an
 * argument (a cell holding =TODAY() if the user wants it): no function here is volatile.
 *
 * The JSDoc tags are the source of the add-in's functions.json (custom-functions-metadata).
 */
import {
  adviseClaim,
  calculatePayout,
  checkEligibility,
  checkPoe,
  forecastUsage,
  formatMoney,
  recognize,
  seatMinimum,
  sizeBand,
  usagePct,
  type PayoutInput,
  type WorkloadFactsInput,
} from '../../shared';
import { ArgumentError, cellAt, dateOf, eachRow, listOf, messageOf, numberOf, shapeOf, textOf, type Arg } from './cells';
import { valueError } from './formulaErrors';
import { catalogDescription, workbookCatalog } from './workbookCatalog';

type Out = unknown[][];

/** Where the add-in serves its formula help (addin/src/help.ts writes help.html, one section per function). */
export const HELP_BASE = 'https://localhost:3000/help.html';
// The formulas' signatures say any[][]: custom-functions-metadata reads them to declare each
// argument a matrix (a cell or a range) of any value, and each answer a spilled matrix.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** The program a row names, or the family that pays for its workload. */
function programFor(programId: Arg, workload: Arg, i: number, j: number): string {
  const given = textOf(cellAt(programId, i, j));
  if (given !== undefined) return given;
  const typed = textOf(cellAt(workload, i, j));
  if (typed === undefined) throw new ArgumentError('workload', 'is required (e.g. "MDE" or "Defender for Endpoint")');
  const found = workbookCatalog().workloads.resolve(typed);
  if (!found) throw new ArgumentError('workload', workbookCatalog().workloads.problemWith(typed) ?? `"${typed}" is not a workload we know`);
  const family = workbookCatalog().familyOfWorkload(found.id);
  if (family === undefined) throw new ArgumentError('programId', `is needed: no usage program pays for ${found.name}`);
  return family;
}

/** Set `key` when the cell has a value. */
function put<T extends object>(target: T, key: string, value: unknown): void {
  if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}

interface WorkloadArgs {
  workload: Arg;
  paidAvailableUnits: Arg;
  monthlyActiveUsers: Arg;
  asOfDate: Arg;
  programId?: Arg;
  cloud?: Arg;
  licenseProgram?: Arg;
  claimDate?: Arg;
  highWaterMark?: Arg;
  paidAvailableUnitsAtClaim?: Arg;
  claimApprovedDate?: Arg;
  poeAcknowledgementDate?: Arg;
  /** One workload's monthly usage (month, PAU, MAU), as the tracked record keeps it: not row-wise. */
  usageHistory?: Arg;
}

/** The engine's facts for one row. */
function factsAt(a: WorkloadArgs, i: number, j: number): WorkloadFactsInput {
  const facts: Record<string, unknown> = {
    programId: programFor(a.programId, a.workload, i, j),
    workload: textOf(cellAt(a.workload, i, j)),
    paidAvailableUnits: numberOf(cellAt(a.paidAvailableUnits, i, j)),
    monthlyActiveUsers: numberOf(cellAt(a.monthlyActiveUsers, i, j)),
    asOfDate: dateOf(cellAt(a.asOfDate, i, j)),
  };
  put(facts, 'cloud', textOf(cellAt(a.cloud, i, j)));
  put(facts, 'licenseProgram', textOf(cellAt(a.licenseProgram, i, j)));
  put(facts, 'claimDate', dateOf(cellAt(a.claimDate, i, j)));
  put(facts, 'claimApprovedDate', dateOf(cellAt(a.claimApprovedDate, i, j)));
  put(facts, 'highWaterMark', numberOf(cellAt(a.highWaterMark, i, j)));
  put(facts, 'paidAvailableUnitsAtClaim', numberOf(cellAt(a.paidAvailableUnitsAtClaim, i, j)));
  put(facts, 'poeAcknowledgementDate', dateOf(cellAt(a.poeAcknowledgementDate, i, j)));
  if (a.usageHistory !== undefined && a.usageHistory !== null) {
    // As the tracked record is judged (functions/storage/evaluateTracked.ts): the months up to the as-of month.
    const asOf = facts.asOfDate;
    const month = typeof asOf === 'string' ? asOf.slice(0, 7) : '9999-12';
    const months = historyOf(a.usageHistory, 'usageHistory').filter((m) => m.month <= month);
    if (months.length > 0) facts.usageHistory = months;
  }
  return facts as unknown as WorkloadFactsInput;
}

/**
 * The program of SIZE_BAND and SEATS_TO_MINIMUM: a program or family id as given, or a
 * workload (the family that pays for it, so Exchange Online gets Modern Work's seat minimum);
 * security-usage when blank.
 */
function programOrWorkload(v: Arg, i: number, j: number): string {
  const given = textOf(cellAt(v, i, j));
  if (given === undefined) return 'security-usage';
  const id = given.toLowerCase();
  if (workbookCatalog().isFamily(id) || workbookCatalog().get(id) !== undefined) return id;
  const found = workbookCatalog().workloads.resolve(given);
  if (!found) throw new ArgumentError('workloadOrProgram', `"${given}" is neither a program (e.g. security-usage, modern-work-usage) nor a workload we know (e.g. MDE, Exchange Online)`);
  const family = workbookCatalog().familyOfWorkload(found.id);
  if (family === undefined) throw new ArgumentError('workloadOrProgram', `no usage program pays for ${found.name}; give the program instead`);
  return family;
}

/** Every row's answer; ranges of different sizes are one #VALUE! for the whole formula. */
function rows<T>(args: WorkloadArgs | Record<string, Arg>, row: (i: number, j: number) => T): Out {
  const present: Record<string, Arg> = {};
  // The usage history is one workload's months, not a row-wise argument.
  for (const [k, v] of Object.entries(args)) if (v !== undefined && v !== null && k !== 'usageHistory') present[k] = v as Arg;
  const history = (args as WorkloadArgs).usageHistory;
  if (history !== undefined && history !== null) {
    let shape;
    try {
      shape = shapeOf(present);
    } catch (e) {
      throw valueError(messageOf(e, 0));
    }
    if (shape.rows * shape.cols > 1) throw valueError('usageHistory: is the months of one workload; with a usage history, give one workload per formula (single cells)');
  }
  try {
    return eachRow(present, row, valueError);
  } catch (e) {
    throw valueError(messageOf(e, 0));
  }
}

/**
 * Can this workload earn the usage incentive (CPOR) on the date? TRUE or FALSE; PI.CPOR_WHY says why.
 * @customfunction CPOR_ELIGIBLE
 * @helpurl https://localhost:3000/help.html#CPOR_ELIGIBLE
 * @param workload Workload name, e.g. "MDE" or "Defender for Endpoint" (a cell or a column).
 * @param paidAvailableUnits PAU: paid available units, the workload's paid licences (trial and free licences do not count).
 * @param monthlyActiveUsers MAU: monthly active users, licensed users who did something in the last 28 days.
 * @param asOfDate The date to judge on (a date cell; =TODAY() in a cell if you want today).
 * @param [programId] Program or family, e.g. "security-usage" (default: the program that pays for the workload, in the year of asOfDate).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] HWM: the high-water mark of MAU on the filed claim, its baseline.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
 * @param [claimApprovedDate] Date the claim was approved (per-user programs pay from it).
 * @param [usageHistory] Monthly usage of this workload, one row a month: month, PAU, MAU (as the tracked record keeps it; the HWM is taken from it). One workload per formula.
 * @returns TRUE when eligible.
 */
export function cporEligible(
  workload: any[][],
  paidAvailableUnits: any[][],
  monthlyActiveUsers: any[][],
  asOfDate: any[][],
  programId?: any[][],
  cloud?: any[][],
  licenseProgram?: any[][],
  claimDate?: any[][],
  highWaterMark?: any[][],
  paidAvailableUnitsAtClaim?: any[][],
  claimApprovedDate?: any[][],
  usageHistory?: any[][],
): any[][] {
  const a: WorkloadArgs = {
    workload,
    paidAvailableUnits,
    monthlyActiveUsers,
    asOfDate,
    programId,
    cloud,
    licenseProgram,
    claimDate,
    highWaterMark,
    paidAvailableUnitsAtClaim,
    claimApprovedDate,
    usageHistory,
  };
  return rows(a, (i, j) => checkEligibility(factsAt(a, i, j), workbookCatalog()).eligible);
}

/**
 * Why the workload is (or is not) eligible: every reason, blocking ones first, as "CODE: sentence; ...".
 * @customfunction CPOR_WHY
 * @helpurl https://localhost:3000/help.html#CPOR_WHY
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits PAU: paid available units (paid licences).
 * @param monthlyActiveUsers MAU: monthly active users (last 28 days).
 * @param asOfDate The date to judge on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] HWM: the claim's baseline, the highest MAU of the months that count.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
 * @param [claimApprovedDate] Date the claim was approved (per-user programs pay from it).
 * @param [usageHistory] Monthly usage: month, PAU, MAU, one row a month (one workload per formula).
 * @returns The reasons as text.
 */
export function cporWhy(
  workload: any[][],
  paidAvailableUnits: any[][],
  monthlyActiveUsers: any[][],
  asOfDate: any[][],
  programId?: any[][],
  cloud?: any[][],
  licenseProgram?: any[][],
  claimDate?: any[][],
  highWaterMark?: any[][],
  paidAvailableUnitsAtClaim?: any[][],
  claimApprovedDate?: any[][],
  usageHistory?: any[][],
): any[][] {
  const a: WorkloadArgs = {
    workload,
    paidAvailableUnits,
    monthlyActiveUsers,
    asOfDate,
    programId,
    cloud,
    licenseProgram,
    claimDate,
    highWaterMark,
    paidAvailableUnitsAtClaim,
    claimApprovedDate,
    usageHistory,
  };
  return rows(a, (i, j) =>
    checkEligibility(factsAt(a, i, j), workbookCatalog())
      .reasons.map((r) => `${r.code}: ${r.message}`)
      .join('; '),
  );
}

/**
 * What to do now: claim-now, wait-for-seats, re-claim, ask-for-exception, refresh-poe, no-action or not-eligible.
 * @customfunction CLAIM_ADVICE
 * @helpurl https://localhost:3000/help.html#CLAIM_ADVICE
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits PAU: paid available units (paid licences).
 * @param monthlyActiveUsers MAU: monthly active users (last 28 days).
 * @param asOfDate The date to judge on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] HWM: the claim's baseline, the highest MAU of the months that count.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
 * @param [poeAcknowledgementDate] Date of the customer's POE (proof of execution) acknowledgement.
 * @param [claimApprovedDate] Date the claim was approved (per-user programs pay from it).
 * @param [usageHistory] Monthly usage: month, PAU, MAU, one row a month (one workload per formula).
 * @returns The advised action.
 */
export function claimAdvice(
  workload: any[][],
  paidAvailableUnits: any[][],
  monthlyActiveUsers: any[][],
  asOfDate: any[][],
  programId?: any[][],
  cloud?: any[][],
  licenseProgram?: any[][],
  claimDate?: any[][],
  highWaterMark?: any[][],
  paidAvailableUnitsAtClaim?: any[][],
  poeAcknowledgementDate?: any[][],
  claimApprovedDate?: any[][],
  usageHistory?: any[][],
): any[][] {
  const a: WorkloadArgs = {
    workload,
    paidAvailableUnits,
    monthlyActiveUsers,
    asOfDate,
    programId,
    cloud,
    licenseProgram,
    claimDate,
    highWaterMark,
    paidAvailableUnitsAtClaim,
    poeAcknowledgementDate,
    claimApprovedDate,
    usageHistory,
  };
  return rows(a, (i, j) => adviseClaim(factsAt(a, i, j), workbookCatalog()).action);
}

/**
 * The size band of a PAU: XXS below the seat minimum, then XS, S, M, L, XL, XXL.
 * @customfunction SIZE_BAND
 * @helpurl https://localhost:3000/help.html#SIZE_BAND
 * @param paidAvailableUnits PAU: paid available units (paid licences).
 * @param asOfDate The date (it picks the program year).
 * @param [workloadOrProgram] The workload (e.g. "Exchange Online": the program that pays for it sets the seat minimum) or a program, e.g. "modern-work-usage" (default "security-usage").
 * @returns The band name.
 */
export function sizeBandOf(paidAvailableUnits: any[][], asOfDate: any[][], workloadOrProgram?: any[][]): any[][] {
  const a = { paidAvailableUnits, asOfDate, workloadOrProgram };
  return rows(
    a,
    (i, j) =>
      sizeBand(
        {
          programId: programOrWorkload(workloadOrProgram, i, j),
          paidAvailableUnits: numberOf(cellAt(paidAvailableUnits, i, j)) as number,
          asOfDate: dateOf(cellAt(asOfDate, i, j)) as string,
        },
        workbookCatalog(),
      ).band,
  );
}

/**
 * Paid seats still missing to reach the program's seat minimum (0 when met).
 * @customfunction SEATS_TO_MINIMUM
 * @helpurl https://localhost:3000/help.html#SEATS_TO_MINIMUM
 * @param paidAvailableUnits PAU: paid available units (paid licences).
 * @param asOfDate The date (it picks the program year).
 * @param [workloadOrProgram] The workload (e.g. "Exchange Online") or a program, e.g. "modern-work-usage" (default "security-usage").
 * @returns Seats to go.
 */
export function seatsToMinimum(paidAvailableUnits: any[][], asOfDate: any[][], workloadOrProgram?: any[][]): any[][] {
  const a = { paidAvailableUnits, asOfDate, workloadOrProgram };
  return rows(a, (i, j) => {
    return seatMinimum(
      {
        programId: programOrWorkload(workloadOrProgram, i, j),
        paidAvailableUnits: numberOf(cellAt(paidAvailableUnits, i, j)) as number,
        asOfDate: dateOf(cellAt(asOfDate, i, j)) as string,
      },
      workbookCatalog(),
    ).seatsToGo;
  });
}

/**
 * Usage %: active users over paid seats (active users above the seats count as the seats).
 * @customfunction USAGE_PCT
 * @helpurl https://localhost:3000/help.html#USAGE_PCT
 * @param monthlyActiveUsers MAU: monthly active users (last 28 days).
 * @param paidAvailableUnits PAU: paid available units (paid licences).
 * @returns Usage in percent, e.g. 33.6.
 */
export function usagePctOf(monthlyActiveUsers: any[][], paidAvailableUnits: any[][]): any[][] {
  return rows({ monthlyActiveUsers, paidAvailableUnits }, (i, j) => {
    const pct = usagePct({ paidAvailableUnits: numberOf(cellAt(paidAvailableUnits, i, j)) as number, monthlyActiveUsers: numberOf(cellAt(monthlyActiveUsers, i, j)) as number }).usagePct;
    if (pct === null) throw new ArgumentError('paidAvailableUnits', 'is 0: usage % needs paid seats');
    return pct;
  });
}

/**
 * The next milestone still earnable on the claim (1, 2, ...), or 0 when none is left.
 * @customfunction MILESTONE
 * @helpurl https://localhost:3000/help.html#MILESTONE
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits PAU: paid available units (paid licences).
 * @param monthlyActiveUsers MAU: monthly active users (last 28 days).
 * @param asOfDate The date to judge on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] HWM: the claim's baseline, the highest MAU of the months that count.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
 * @param [claimApprovedDate] Date the claim was approved (per-user programs pay from it).
 * @param [usageHistory] Monthly usage: month, PAU, MAU, one row a month (one workload per formula).
 * @returns The milestone number.
 */
export function milestone(
  workload: any[][],
  paidAvailableUnits: any[][],
  monthlyActiveUsers: any[][],
  asOfDate: any[][],
  programId?: any[][],
  cloud?: any[][],
  licenseProgram?: any[][],
  claimDate?: any[][],
  highWaterMark?: any[][],
  paidAvailableUnitsAtClaim?: any[][],
  claimApprovedDate?: any[][],
  usageHistory?: any[][],
): any[][] {
  const a: WorkloadArgs = {
    workload,
    paidAvailableUnits,
    monthlyActiveUsers,
    asOfDate,
    programId,
    cloud,
    licenseProgram,
    claimDate,
    highWaterMark,
    paidAvailableUnitsAtClaim,
    claimApprovedDate,
    usageHistory,
  };
  return rows(a, (i, j) => nextMilestone(checkEligibility(factsAt(a, i, j), workbookCatalog())));
}

/** The next milestone still earnable (the tracked record's `earnableMilestones` read the same way), 0 when none. */
export function nextMilestone(v: { usagePct: number | null; earnableMilestones: ReadonlyArray<{ number: number; usagePct: number }> }): number {
  const next = v.earnableMilestones.find((m) => v.usagePct === null || v.usagePct < m.usagePct);
  return next?.number ?? 0;
}

/** An amount typed in the program's currency (e.g. 4000 or 4000.50), in cents. */
function amountCents(v: Arg, i: number, j: number): number | undefined {
  const n = numberOf(cellAt(v, i, j));
  if (n === undefined) return undefined;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new ArgumentError('amountPaid', `must be an amount of money, 0 or more (e.g. 4000), got ${JSON.stringify(n)}`);
  return Math.round(n * 100);
}

/**
 * The payout with what was already paid on the claim: per-user programs take it as paid to
 * date; milestone programs apply it to the earned milestones in order (milestone 1 first).
 */
function payoutAfterPaid(input: PayoutInput, paidCents: number | undefined) {
  if (paidCents === undefined || paidCents === 0) return calculatePayout(input, workbookCatalog());
  const first = calculatePayout(input, workbookCatalog());
  if (first.style === 'per-user') return calculatePayout({ ...input, paidToDateCents: paidCents }, workbookCatalog());
  let left = paidCents;
  const milestonesPaid: Array<{ milestone: number; amountCents: number }> = [];
  for (const line of first.lines) {
    if (line.status !== 'earned' || line.milestone === null || left === 0) continue;
    const amount = Math.min(left, line.amountCents);
    if (amount > 0) milestonesPaid.push({ milestone: line.milestone, amountCents: amount });
    left -= amount;
  }
  if (left > 0) throw new ArgumentError('amountPaid', `${formatMoney(paidCents, first.currency)} is more than the ${formatMoney(first.earnedCents, first.currency)} this claim has earned`);
  return calculatePayout({ ...input, milestonesPaid }, workbookCatalog());
}

/**
 * Estimated payout still to come on the claim (in the program's currency), caps applied, after what was already paid.
 * @customfunction PAYOUT
 * @helpurl https://localhost:3000/help.html#PAYOUT
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits PAU: paid available units (paid licences).
 * @param monthlyActiveUsers MAU: monthly active users (last 28 days).
 * @param asOfDate The date to compute on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [market] Market A, B or C (per-user programs; default A).
 * @param [claimDate] Date the claim was filed.
 * @param [claimApprovedDate] Date the claim was approved.
 * @param [highWaterMark] HWM: the claim's baseline, the highest MAU of the months that count.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial; some clouds earn nothing).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [amountPaid] Already paid on this claim, in the program's currency (e.g. 4000): milestones are paid in order.
 * @param [usageHistory] Monthly usage: month, PAU, MAU, one row a month (one workload per formula).
 * @returns The amount, e.g. 4000.
 */
export function payout(
  workload: any[][],
  paidAvailableUnits: any[][],
  monthlyActiveUsers: any[][],
  asOfDate: any[][],
  programId?: any[][],
  market?: any[][],
  claimDate?: any[][],
  claimApprovedDate?: any[][],
  highWaterMark?: any[][],
  paidAvailableUnitsAtClaim?: any[][],
  cloud?: any[][],
  licenseProgram?: any[][],
  amountPaid?: any[][],
  usageHistory?: any[][],
): any[][] {
  const a: WorkloadArgs & { market?: Arg; amountPaid?: Arg } = {
    workload,
    paidAvailableUnits,
    monthlyActiveUsers,
    asOfDate,
    programId,
    claimDate,
    claimApprovedDate,
    highWaterMark,
    paidAvailableUnitsAtClaim,
    cloud,
    licenseProgram,
    market,
    amountPaid,
    usageHistory,
  };
  return rows(a, (i, j) => {
    const input = factsAt(a, i, j) as PayoutInput;
    put(input, 'market', textOf(cellAt(market, i, j)));
    const p = payoutAfterPaid(input, amountCents(amountPaid, i, j));
    return (p.owedCents + p.potentialCents) / 100;
  });
}

/**
 * Proof of execution for a claim: "OK", or what is missing.
 * @customfunction POE_CHECK
 * @helpurl https://localhost:3000/help.html#POE_CHECK
 * @param workload Claimed workload, e.g. "MDE".
 * @param claimDate Date the claim is (or will be) filed.
 * @param partnerId Our partner ID.
 * @param tenantId The customer's tenant ID.
 * @param [acknowledgementDate] Date of the customer's signed acknowledgement.
 * @param [workloadsNamed] Workloads the documents name, e.g. "MDE, MDO".
 * @param [customerNeed] The customer need the documents describe.
 * @param [activities] Kinds of work shown, e.g. "deployment; configuration".
 * @param [userCount] Users in scope, as the documents give them.
 * @param [sessionCount] Number of sessions (workshops, deployment sessions) the documents show.
 * @param [engagementStartDate] Start of the engagement.
 * @param [engagementEndDate] End of the engagement.
 * @param [namesPartnerAndTenant] TRUE when the documents name our partner ID and the customer's tenant.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @returns OK, or what is missing.
 */
export function poeCheck(
  workload: any[][],
  claimDate: any[][],
  partnerId: any[][],
  tenantId: any[][],
  acknowledgementDate?: any[][],
  workloadsNamed?: any[][],
  customerNeed?: any[][],
  activities?: any[][],
  userCount?: any[][],
  sessionCount?: any[][],
  engagementStartDate?: any[][],
  engagementEndDate?: any[][],
  namesPartnerAndTenant?: any[][],
  programId?: any[][],
): any[][] {
  const a = {
    workload,
    claimDate,
    partnerId,
    tenantId,
    acknowledgementDate,
    workloadsNamed,
    customerNeed,
    activities,
    userCount,
    sessionCount,
    engagementStartDate,
    engagementEndDate,
    namesPartnerAndTenant,
    programId,
  };
  return rows(a, (i, j) => {
    const partner = textOf(cellAt(partnerId, i, j));
    const tenant = textOf(cellAt(tenantId, i, j));
    const input: Record<string, unknown> = {
      programId: programFor(programId, workload, i, j),
      claimDate: dateOf(cellAt(claimDate, i, j)),
      partnerId: partner,
      tenantId: tenant,
      workloads: listOf(cellAt(workload, i, j)) ?? [],
    };
    put(input, 'acknowledgementDate', dateOf(cellAt(acknowledgementDate, i, j)));
    put(input, 'workloadsNamed', listOf(cellAt(workloadsNamed, i, j)));
    put(input, 'customerNeed', textOf(cellAt(customerNeed, i, j)));
    put(input, 'activities', listOf(cellAt(activities, i, j)));
    put(input, 'userCount', numberOf(cellAt(userCount, i, j)));
    put(input, 'sessionCount', numberOf(cellAt(sessionCount, i, j)));
    put(input, 'engagementStartDate', dateOf(cellAt(engagementStartDate, i, j)));
    put(input, 'engagementEndDate', dateOf(cellAt(engagementEndDate, i, j)));
    const names = cellAt(namesPartnerAndTenant, i, j);
    if (names === true || (typeof names === 'string' && /^(true|yes|y|1)$/i.test(names.trim()))) {
      put(input, 'partnerIdNamed', partner);
      put(input, 'tenantIdNamed', tenant);
    }
    return checkPoe(input as never, workbookCatalog()).summary;
  });
}

/**
 * Does an association count for a product and metric (partner recognition)?
 * @customfunction RECOGNIZED
 * @helpurl https://localhost:3000/help.html#RECOGNIZED
 * @param workload Product or workload, e.g. "Power Apps" or "Dynamics 365 Customer Engagement".
 * @param associationType CPOR OSU, PAL, DPOR, CSP Tier 1, ...
 * @param metric usage or net-customer-add.
 * @returns TRUE when it counts.
 */
export function recognized(workload: any[][], associationType: any[][], metric: any[][]): any[][] {
  return rows(
    { workload, associationType, metric },
    (i, j) =>
      recognize(
        { workload: textOf(cellAt(workload, i, j)) as string, associationType: textOf(cellAt(associationType, i, j)) as never, metric: textOf(cellAt(metric, i, j)) as never },
        workbookCatalog(),
      ).counted,
  );
}

/** A history range's rows as usage months: month (a date cell or "2026-03"), PAU, MAU; blank rows skipped. */
function historyOf(range: Arg, argument = 'history'): Array<{ month: string; paidAvailableUnits: unknown; monthlyActiveUsers: unknown }> {
  const rows = Array.isArray(range) ? range : [[range]];
  const out = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.every((c) => c === null || c === undefined || c === '')) continue;
    if (row.length < 3) throw new ArgumentError(argument, 'needs three columns: month, PAU, MAU');
    const month = dateOf(row[0]);
    if (typeof month !== 'string' || !/^\d{4}-\d{2}/.test(month)) throw new ArgumentError(argument, `row ${i + 1}: ${JSON.stringify(row[0])} is not a month (a date, or text like 2026-03)`);
    out.push({ month: month.slice(0, 7), paidAvailableUnits: numberOf(row[1]), monthlyActiveUsers: numberOf(row[2]) });
  }
  return out;
}

/**
 * When a milestone will be reached, from monthly usage in the workbook: its month ("2027-02"),
 * or why not ("not within the program year ending 2027-09-30", "reached", or why there is no
 * forecast). Method: a least-squares trend of MAU over the last 6 consecutive months.
 * @customfunction FORECAST
 * @helpurl https://localhost:3000/help.html#FORECAST
 * @param workload Workload name, e.g. "MDE".
 * @param history A range of monthly usage, one row a month: month, PAU, MAU (at least 3 consecutive months).
 * @param asOfDate The date to forecast from.
 * @param [milestone] The milestone (1, 2...; default: the first still to reach).
 * @returns The expected month, or why there is none.
 */
export function forecast(workload: any[][], history: any[][], asOfDate: any[][], milestone?: any[][]): any[][] {
  try {
    const months = historyOf(history);
    const latest = months[months.length - 1];
    if (latest === undefined) throw new ArgumentError('history', 'has no months');
    const f = forecastUsage(
      {
        programId: programFor(undefined, workload, 0, 0),
        workload: textOf(cellAt(workload, 0, 0)),
        asOfDate: dateOf(cellAt(asOfDate, 0, 0)),
        paidAvailableUnits: latest.paidAvailableUnits,
        monthlyActiveUsers: latest.monthlyActiveUsers,
        usageHistory: months,
      } as WorkloadFactsInput,
      workbookCatalog(),
    );
    const wanted = numberOf(cellAt(milestone, 0, 0));
    if (wanted !== undefined && (typeof wanted !== 'number' || !Number.isInteger(wanted) || wanted < 1)) throw new ArgumentError('milestone', 'must be a milestone number: 1, 2...');
    const m = wanted === undefined ? (f.milestones.find((x) => x.status !== 'reached') ?? f.milestones[0]) : f.milestones.find((x) => x.number === wanted);
    if (m === undefined) return [[wanted === undefined ? 'No milestone is still earnable.' : `Milestone ${String(wanted)} is not earnable on this claim.`]];
    if (m.status === 'reached') return [['reached']];
    if (!f.projected) return [[f.reasons[0]!.message]];
    return [[m.expectedMonth ?? `not within the program year ending ${f.programYearEnd}`]];
  } catch (e) {
    return [[valueError(messageOf(e, 0))]];
  }
}

/**
 * Which program catalog the workbook computes with: the team's (its version, where and when it
 * was loaded) or the shipped example figures.
 * @customfunction CATALOG
 * @helpurl https://localhost:3000/help.html#CATALOG
 * @returns The catalog, in words.
 */
export function catalogInUse(): any[][] {
  return [[catalogDescription()]];
}

/** Every local formula by the id users type after the namespace (PI.CPOR_ELIGIBLE). */
export const LOCAL_FORMULAS: Record<string, (...args: any[][][]) => any[][]> = {
  CPOR_ELIGIBLE: cporEligible,
  CPOR_WHY: cporWhy,
  CLAIM_ADVICE: claimAdvice,
  SIZE_BAND: sizeBandOf,
  SEATS_TO_MINIMUM: seatsToMinimum,
  USAGE_PCT: usagePctOf,
  MILESTONE: milestone,
  PAYOUT: payout,
  POE_CHECK: poeCheck,
  RECOGNIZED: recognized,
  FORECAST: forecast,
  CATALOG: catalogInUse,
};
