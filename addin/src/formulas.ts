/**
 * The custom functions users type in their tracking workbooks (`=PI.CPOR_ELIGIBLE(...)`),
 * computed by the same engine as the API, in the workbook, with no network. Each row-wise
 * argument takes a cell or a range; the answer spills in the same shape. A bad argument shows
 * `#VALUE!` with a message naming it (and the row, in a range). The as-of date is always an
 * argument (a cell holding =TODAY() if the user wants it): no function here is volatile.
 *
 * The JSDoc tags are the source of the add-in's functions.json (custom-functions-metadata).
 */
import { adviseClaim, calculatePayout, checkEligibility, checkPoe, forecastUsage, recognize, seatMinimum, sizeBand, usagePct, type PayoutInput, type WorkloadFactsInput } from '../../shared';
import { ArgumentError, cellAt, dateOf, eachRow, listOf, messageOf, numberOf, textOf, type Arg } from './cells';
import { valueError } from './formulaErrors';
import { catalogDescription, workbookCatalog } from './workbookCatalog';

type Out = unknown[][];
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
  return facts as unknown as WorkloadFactsInput;
}

/** Every row's answer; ranges of different sizes are one #VALUE! for the whole formula. */
function rows<T>(args: WorkloadArgs | Record<string, Arg>, row: (i: number, j: number) => T): Out {
  const present: Record<string, Arg> = {};
  for (const [k, v] of Object.entries(args)) if (v !== undefined && v !== null) present[k] = v as Arg;
  try {
    return eachRow(present, row, valueError);
  } catch (e) {
    throw valueError(messageOf(e, 0));
  }
}

/**
 * Can this workload earn the usage incentive (CPOR) on the date? TRUE or FALSE; PI.CPOR_WHY says why.
 * @customfunction CPOR_ELIGIBLE
 * @param workload Workload name, e.g. "MDE" or "Defender for Endpoint" (a cell or a column).
 * @param paidAvailableUnits Paid available units (PAU): paid seats.
 * @param monthlyActiveUsers Monthly active users (MAU).
 * @param asOfDate The date to judge on (a date cell; =TODAY() in a cell if you want today).
 * @param [programId] Program or family, e.g. "security-usage" (default: the program that pays for the workload, in the year of asOfDate).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] Baseline HWM on the filed claim (active users).
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
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
): any[][] {
  const a: WorkloadArgs = { workload, paidAvailableUnits, monthlyActiveUsers, asOfDate, programId, cloud, licenseProgram, claimDate, highWaterMark, paidAvailableUnitsAtClaim };
  return rows(a, (i, j) => checkEligibility(factsAt(a, i, j), workbookCatalog()).eligible);
}

/**
 * Why the workload is (or is not) eligible: every reason, blocking ones first, as "CODE: sentence; ...".
 * @customfunction CPOR_WHY
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits Paid available units (PAU).
 * @param monthlyActiveUsers Monthly active users (MAU).
 * @param asOfDate The date to judge on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] Baseline HWM on the filed claim.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
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
): any[][] {
  const a: WorkloadArgs = { workload, paidAvailableUnits, monthlyActiveUsers, asOfDate, programId, cloud, licenseProgram, claimDate, highWaterMark, paidAvailableUnitsAtClaim };
  return rows(a, (i, j) =>
    checkEligibility(factsAt(a, i, j), workbookCatalog())
      .reasons.map((r) => `${r.code}: ${r.message}`)
      .join('; '),
  );
}

/**
 * What to do now: claim-now, wait-for-seats, re-claim, ask-for-exception, refresh-poe, no-action or not-eligible.
 * @customfunction CLAIM_ADVICE
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits Paid available units (PAU).
 * @param monthlyActiveUsers Monthly active users (MAU).
 * @param asOfDate The date to judge on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] Baseline HWM on the filed claim.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
 * @param [poeAcknowledgementDate] Date of the customer's POE acknowledgement.
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
): any[][] {
  const a: WorkloadArgs = { workload, paidAvailableUnits, monthlyActiveUsers, asOfDate, programId, cloud, licenseProgram, claimDate, highWaterMark, paidAvailableUnitsAtClaim, poeAcknowledgementDate };
  return rows(a, (i, j) => adviseClaim(factsAt(a, i, j), workbookCatalog()).action);
}

/**
 * The size band of a PAU: XXS below the seat minimum, then XS, S, M, L, XL, XXL.
 * @customfunction SIZE_BAND
 * @param paidAvailableUnits Paid available units (PAU).
 * @param asOfDate The date (it picks the program year).
 * @param [programId] Program or family (default "security-usage").
 * @returns The band name.
 */
export function sizeBandOf(paidAvailableUnits: any[][], asOfDate: any[][], programId?: any[][]): any[][] {
  const a = { paidAvailableUnits, asOfDate, programId };
  return rows(
    a,
    (i, j) =>
      sizeBand(
        {
          programId: textOf(cellAt(programId, i, j)) ?? 'security-usage',
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
 * @param paidAvailableUnits Paid available units (PAU).
 * @param asOfDate The date (it picks the program year).
 * @param [programId] Program or family (default "security-usage").
 * @returns Seats to go.
 */
export function seatsToMinimum(paidAvailableUnits: any[][], asOfDate: any[][], programId?: any[][]): any[][] {
  const a = { paidAvailableUnits, asOfDate, programId };
  return rows(a, (i, j) => {
    return seatMinimum(
      {
        programId: textOf(cellAt(programId, i, j)) ?? 'security-usage',
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
 * @param monthlyActiveUsers Monthly active users (MAU).
 * @param paidAvailableUnits Paid available units (PAU).
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
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits Paid available units (PAU).
 * @param monthlyActiveUsers Monthly active users (MAU).
 * @param asOfDate The date to judge on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [cloud] Commercial, GCC, GCC High or DoD (default Commercial).
 * @param [licenseProgram] CSP, EA, CASA, MCA-E or Web Direct (default CSP).
 * @param [claimDate] Date the claim was filed, if it was.
 * @param [highWaterMark] Baseline HWM on the filed claim.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
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
): any[][] {
  const a: WorkloadArgs = { workload, paidAvailableUnits, monthlyActiveUsers, asOfDate, programId, cloud, licenseProgram, claimDate, highWaterMark, paidAvailableUnitsAtClaim };
  return rows(a, (i, j) => {
    const v = checkEligibility(factsAt(a, i, j), workbookCatalog());
    const next = v.earnableMilestones.find((m) => v.usagePct === null || v.usagePct < m.usagePct);
    return next?.number ?? 0;
  });
}

/**
 * Estimated payout still to come on the claim (in the program's currency), caps applied.
 * @customfunction PAYOUT
 * @param workload Workload name, e.g. "MDE".
 * @param paidAvailableUnits Paid available units (PAU).
 * @param monthlyActiveUsers Monthly active users (MAU).
 * @param asOfDate The date to compute on.
 * @param [programId] Program or family (default: the program that pays for the workload).
 * @param [market] Market A, B or C (per-user programs; default A).
 * @param [claimDate] Date the claim was filed.
 * @param [claimApprovedDate] Date the claim was approved.
 * @param [highWaterMark] Baseline HWM on the claim.
 * @param [paidAvailableUnitsAtClaim] PAU at the claim date.
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
): any[][] {
  const a: WorkloadArgs & { market?: Arg } = { workload, paidAvailableUnits, monthlyActiveUsers, asOfDate, programId, claimDate, claimApprovedDate, highWaterMark, paidAvailableUnitsAtClaim, market };
  return rows(a, (i, j) => {
    const input = factsAt(a, i, j) as PayoutInput;
    put(input, 'market', textOf(cellAt(market, i, j)));
    const p = calculatePayout(input, workbookCatalog());
    return (p.owedCents + p.potentialCents) / 100;
  });
}

/**
 * Proof of execution for a claim: "OK", or what is missing.
 * @customfunction POE_CHECK
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
function historyOf(range: Arg): Array<{ month: string; paidAvailableUnits: unknown; monthlyActiveUsers: unknown }> {
  const rows = Array.isArray(range) ? range : [[range]];
  const out = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.every((c) => c === null || c === undefined || c === '')) continue;
    if (row.length < 3) throw new ArgumentError('history', 'needs three columns: month, PAU, MAU');
    const month = dateOf(row[0]);
    if (typeof month !== 'string' || !/^\d{4}-\d{2}/.test(month)) throw new ArgumentError('history', `row ${i + 1}: ${JSON.stringify(row[0])} is not a month (a date, or text like 2026-03)`);
    out.push({ month: month.slice(0, 7), paidAvailableUnits: numberOf(row[1]), monthlyActiveUsers: numberOf(row[2]) });
  }
  return out;
}

/**
 * When a milestone will be reached, from monthly usage in the workbook: its month ("2027-02"),
 * or why not ("not within the program year ending 2027-09-30", "reached", or why there is no
 * forecast). Method: a least-squares trend of MAU over the last 6 consecutive months.
 * @customfunction FORECAST
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
