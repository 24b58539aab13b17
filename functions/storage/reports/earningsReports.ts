/**
 * Partner Center's three files about what was paid (PARTNER-CENTER.md), told by their columns:
 * - the earnings report ("Earnings - Default": `earningId`, `earningAmountUSD`...; rows repeated
 *   per underlying transaction, kept once per `earningId`), and its Summarized variant (no
 *   `earningId`: each row is one earning, keyed by its fields and its place among equal rows);
 * - the ineligible revenue usage details (`unearnedId` or `customerIdType` with `reason`);
 * - the cap report ("MaxCapBalance": `maxCapUSD`).
 * Each row becomes an EarningsRecord for the earnings writer, or is refused with its problems
 * (a row without tenant or workload, an amount that is not exact in its currency), or skipped
 * (a product no incentive pays for, a total row).
 */
import { createHash } from 'node:crypto';
import { toMinorUnits, type CapReportRow, type Earning } from '../../../shared';
import { parseMonthText } from '../../../shared/dates';
import { parseCount } from '../../../shared/columns';
import { isTotalRow, tenantCell, workloadCell } from './cells';
import type { ColumnIndex } from './columns';
import type { RowSkip } from './usageRow';

export type EarningsReportKind = 'earnings' | 'earnings-summarized' | 'ineligible-revenue-usage' | 'cap-report';

/** A row of the ineligible revenue usage details: per tenant (or TPID), workload and month, Partner Center's reason. */
export interface IneligibleRecord {
  /** The customer's tenant ID, or `tpid-<TPID>` when the file names it by TPID. */
  customerKey: string;
  customerIdType: 'tenant' | 'tpid';
  /** `customerName`, to name a TPID in words. */
  customerName: string | null;
  workload: string;
  month: string;
  reason: string;
  /** `transactionDate` (the day a dispute window counts from), or the month's last day. */
  date: string;
  /** `unearnedId`, or a key made of the row's fields. */
  rowKey: string;
}

/** A row of the cap report (the engine's model of it: shared/earnings/capReport.ts). */
export type CapRecord = CapReportRow;

export type EarningsRecord = { kind: 'earning'; earning: Earning } | { kind: 'ineligible'; ineligible: IneligibleRecord } | { kind: 'cap'; cap: CapRecord };

export interface EarningsReportReader {
  kind: EarningsReportKind;
  description: string;
  ignoredColumns: string[];
  read(record: readonly string[], line: number): EarningsRecord | { refused: string } | RowSkip;
}

/** A short, stable key of some text (row keys must avoid / \ # ? and stay short). */
export function keyHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 22);
}

/** The reader of an earnings-kind file, or null when the columns are not one of them. */
export function earningsReaderFor(columns: ColumnIndex, warn: (line: number, message: string) => void): EarningsReportReader | null {
  if (columns.has('maxcapusd')) return capReader(columns);
  if (columns.has('unearnedid') || (columns.has('customeridtype') && columns.has('reason'))) return ineligibleReader(columns);
  if (columns.has('earningamountusd') || columns.has('earningid') || (columns.has('earningamount') && columns.has('earningdate'))) return earningsReader(columns, warn);
  return null;
}

type Cell = (i: number | undefined) => string;
const cellsOf =
  (record: readonly string[]): Cell =>
  (i) =>
    i === undefined ? '' : (record[i] ?? '').trim();

function monthOf(raw: string, field: string, problems: string[]): string | null {
  const parsed = parseMonthText(raw);
  if (parsed.ok) return parsed.value;
  problems.push(`${field} "${raw}" ${parsed.problem}`);
  return null;
}

/** An ISO date from a date cell (`2025-03-31`, `2025-03-31T00:00:00Z`), or null. */
function dateOf(raw: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(raw);
  return m ? m[1]! : null;
}

function amountOf(raw: string, currency: string, field: string, problems: string[]): number | null {
  const read = toMinorUnits(raw, currency);
  if (read.ok) return read.value;
  problems.push(`${field} "${raw}" ${read.problem}`);
  return null;
}

function optionalCount(raw: string, field: string, problems: string[]): number | null {
  if (raw === '') return null;
  const n = parseCount(raw);
  if (n === null) problems.push(`${field} "${raw}" is not a whole number`);
  return n;
}

function earningsReader(columns: ColumnIndex, warn: (line: number, message: string) => void): EarningsReportReader {
  const col = {
    earningId: columns.optional('earningid'),
    tenant: columns.optional('customertenantid'),
    customerName: columns.optional('customername'),
    workload: columns.optional('workload'),
    earningDate: columns.optional('earningdate'),
    transactionDate: columns.optional('transactiondate'),
    milestone: columns.optional('milestone'),
    baseline: columns.optional('baseline'),
    baselineType: columns.optional('baselinetype'),
    compensableUnits: columns.optional('compensableunits'),
    earningRate: columns.optional('earningrate'),
    amountUsd: columns.optional('earningamountusd'),
    amount: columns.optional('earningamount'),
    transactionCurrency: columns.optional('transactioncurrency'),
    amountPayment: columns.optional('earningamountinlastpaymentcurrency'),
    paymentCurrency: columns.optional('lastpaymentcurrency'),
    claimId: columns.optional('claimid'),
    paymentStatus: columns.optional('paymentstatus'),
    estimatedPaymentMonth: columns.optional('estimatedpaymentmonth'),
    maturityMonth: columns.optional('maturitymonth'),
    reasonCode: columns.optional('reasoncode'),
    programName: columns.optional('programname'),
    engagementName: columns.optional('engagementname'),
  };
  const summarized = col.earningId === undefined;
  // Summarized rows have no id: equal rows are told apart by their place among equals.
  const occurrences = new Map<string, number>();
  return {
    kind: summarized ? 'earnings-summarized' : 'earnings',
    description: summarized
      ? "Partner Center's earnings report, Summarized (one row per earning, no earningId)"
      : "Partner Center's earnings report (Earnings - Default: rows repeated per transaction, each earningId counted once)",
    ignoredColumns: columns.ignored(),
    read(record, line) {
      const at = cellsOf(record);
      const problems: string[] = [];
      const tenantRaw = at(col.tenant);
      if (tenantRaw === '' && isTotalRow(record)) return { kind: 'total-row', skipped: 'a total row' };
      const tenantId = tenantRaw === '' ? (problems.push('customerTenantId is empty: an earning must name its tenant'), null) : tenantCell(tenantRaw, 'customerTenantId', problems);
      const workloadRaw = at(col.workload);
      const workload =
        workloadRaw === '' ? (problems.push('workload is empty: an earning must name its workload (a service code such as exo or mdatp)'), null) : workloadCell(workloadRaw, 'workload', problems);
      if (workload !== null && typeof workload === 'object' && problems.length === 0) return workload;
      const monthRaw = at(col.earningDate) || at(col.transactionDate);
      const month =
        monthRaw === ''
          ? (problems.push('earningDate and transactionDate are empty: an earning needs its month'), null)
          : monthOf(monthRaw, col.earningDate !== undefined && at(col.earningDate) !== '' ? 'earningDate' : 'transactionDate', problems);
      let amountUsd: number | null = null;
      if (at(col.amountUsd) !== '') amountUsd = amountOf(at(col.amountUsd), 'USD', 'earningAmountUSD', problems);
      else if (at(col.amount) !== '') {
        if (col.transactionCurrency === undefined)
          problems.push("has earningAmount but no earningAmountUSD, and the file has no transactionCurrency column: the amount's currency cannot be told (amounts may be in several currencies)");
        else if (at(col.transactionCurrency).toUpperCase() !== 'USD')
          problems.push(`has no earningAmountUSD and its earningAmount is in ${at(col.transactionCurrency) || 'an unnamed currency'}, not USD`);
        else amountUsd = amountOf(at(col.amount), 'USD', 'earningAmount', problems);
      } else problems.push('earningAmountUSD is empty');
      let amountPayment: number | null = null;
      let paymentCurrency: string | null = null;
      if (at(col.amountPayment) !== '') {
        if (col.paymentCurrency === undefined || at(col.paymentCurrency) === '') {
          warn(line, `earningAmountInLastPaymentCurrency "${at(col.amountPayment)}" is kept out: the row names no lastPaymentCurrency (amounts are in several currencies); the USD amount is imported`);
        } else {
          paymentCurrency = at(col.paymentCurrency).toUpperCase();
          amountPayment = amountOf(at(col.amountPayment), paymentCurrency, 'earningAmountInLastPaymentCurrency', problems);
        }
      }
      let earningRateCents: number | null = null;
      if (at(col.earningRate) !== '') {
        const rate = toMinorUnits(at(col.earningRate), 'USD');
        earningRateCents = rate.ok ? rate.value : null;
        if (!rate.ok) warn(line, `earningRate "${at(col.earningRate)}" ${rate.problem}; the rate is left out of calibration`);
      }
      const milestoneRaw = at(col.milestone).replace(/^milestone\s*/i, '');
      const milestone = optionalCount(milestoneRaw, 'milestone', problems);
      const baseline = optionalCount(at(col.baseline).replace(/\.0+$/, ''), 'baseline', problems);
      const compensableUnits = optionalCount(at(col.compensableUnits).replace(/\.0+$/, ''), 'compensableUnits', problems);
      if (problems.length > 0 || typeof workload !== 'string') return { refused: problems.join('; ') };
      const opt = (i: number | undefined) => (at(i) === '' ? null : at(i));
      const estimated = opt(col.estimatedPaymentMonth) ?? opt(col.maturityMonth);
      const estimatedMonth = estimated === null ? null : parseMonthText(estimated);
      const earning: Earning = {
        earningKey: '',
        tenantId: tenantId!,
        workload,
        month: month!,
        milestone,
        baseline,
        baselineType: opt(col.baselineType),
        compensableUnits,
        earningRateCents,
        amountUsdCents: amountUsd!,
        amountPaymentMinor: amountPayment,
        paymentCurrency,
        claimId: opt(col.claimId),
        paymentStatus: opt(col.paymentStatus),
        estimatedPaymentMonth: estimatedMonth?.ok ? estimatedMonth.value : null,
        reasonCode: opt(col.reasonCode),
        programName: opt(col.programName) ?? opt(col.engagementName),
      };
      if (!summarized) {
        const id = at(col.earningId);
        if (id === '') return { refused: 'earningId is empty: an earning of this report must carry its id' };
        earning.earningKey = id;
      } else {
        const fields = JSON.stringify([
          earning.tenantId,
          earning.workload,
          earning.month,
          earning.milestone,
          earning.claimId,
          earning.amountUsdCents,
          earning.paymentStatus,
          earning.reasonCode,
          earning.compensableUnits,
        ]);
        const n = (occurrences.get(fields) ?? 0) + 1;
        occurrences.set(fields, n);
        earning.earningKey = `summarized:${keyHash(fields)}:${n}`;
      }
      return { kind: 'earning', earning };
    },
  };
}

function ineligibleReader(columns: ColumnIndex): EarningsReportReader {
  const col = {
    customerId: columns.optional('customerid'),
    customerIdType: columns.optional('customeridtype'),
    customerName: columns.optional('customername'),
    workload: columns.optional('workload'),
    transactionDate: columns.optional('transactiondate'),
    reason: columns.required('reason', 'reason'),
    unearnedId: columns.optional('unearnedid'),
  };
  const occurrences = new Map<string, number>();
  return {
    kind: 'ineligible-revenue-usage',
    description: "Partner Center's ineligible revenue usage details (why usage did not earn: one reason code per tenant, workload and month)",
    ignoredColumns: columns.ignored(),
    read(record, line) {
      void line;
      const at = cellsOf(record);
      const problems: string[] = [];
      const idRaw = at(col.customerId);
      if (idRaw === '' && isTotalRow(record)) return { kind: 'total-row', skipped: 'a total row' };
      const byTpid = /tpid/i.test(at(col.customerIdType));
      let customerKey: string | null = null;
      if (idRaw === '') problems.push('customerId is empty');
      else if (byTpid) {
        if (/^\d{1,20}$/.test(idRaw)) customerKey = `tpid-${idRaw}`;
        else problems.push(`customerId "${idRaw}" is not a TPID (a number), as customerIdType says`);
      } else customerKey = tenantCell(idRaw, 'customerId', problems);
      const workloadRaw = at(col.workload);
      const workload = workloadRaw === '' ? (problems.push('workload is empty'), null) : workloadCell(workloadRaw, 'workload', problems);
      if (workload !== null && typeof workload === 'object' && problems.length === 0) return workload;
      const dateRaw = at(col.transactionDate);
      const month = dateRaw === '' ? (problems.push('transactionDate is empty: the row needs its month'), null) : monthOf(dateRaw, 'transactionDate', problems);
      const reason = at(col.reason).toUpperCase();
      if (reason === '') problems.push('reason is empty');
      if (problems.length > 0 || typeof workload !== 'string') return { refused: problems.join('; ') };
      const date = dateOf(dateRaw) ?? `${month}-28`;
      let rowKey = at(col.unearnedId);
      if (rowKey === '') {
        const fields = JSON.stringify([customerKey, workload, month, reason]);
        const n = (occurrences.get(fields) ?? 0) + 1;
        occurrences.set(fields, n);
        rowKey = `row:${keyHash(fields)}:${n}`;
      }
      return {
        kind: 'ineligible',
        ineligible: { customerKey: customerKey!, customerIdType: byTpid ? 'tpid' : 'tenant', customerName: at(col.customerName) || null, workload, month: month!, reason, date, rowKey },
      };
    },
  };
}

function capReader(columns: ColumnIndex): EarningsReportReader {
  const col = {
    participantId: columns.optional('participantid'),
    participantName: columns.optional('participantname'),
    programName: columns.optional('programname'),
    programId: columns.optional('programid'),
    leverName: columns.optional('levername'),
    customerId: columns.optional('customerid'),
    maxCap: columns.required('maxcapusd', 'maxCapUSD'),
    start: columns.optional('maxcapeffectivestartdate'),
    end: columns.optional('maxcapeffectiveenddate'),
    total: columns.optional('totalearningsusd'),
    balance: columns.optional('balanceearningopportunityusd'),
    refreshed: columns.optional('maxcapbalancerefreshdate'),
  };
  return {
    kind: 'cap-report',
    description: "Partner Center's cap report (MaxCapBalance: the maximum cap per participant and program, its effective dates, total earned and balance)",
    ignoredColumns: columns.ignored(),
    read(record) {
      const at = cellsOf(record);
      const problems: string[] = [];
      const participantId = at(col.participantId);
      if (participantId === '' && isTotalRow(record)) return { kind: 'total-row', skipped: 'a total row' };
      if (participantId === '') problems.push('participantID is empty');
      const maxCap = amountOf(at(col.maxCap), 'USD', 'maxCapUSD', problems);
      const total = at(col.total) === '' ? 0 : amountOf(at(col.total), 'USD', 'totalEarningsUSD', problems);
      const balance = at(col.balance) === '' ? (maxCap !== null && total !== null ? maxCap - total : null) : amountOf(at(col.balance), 'USD', 'balanceEarningOpportunityUSD', problems);
      if (problems.length > 0) return { refused: problems.join('; ') };
      const opt = (i: number | undefined) => (at(i) === '' ? null : at(i));
      return {
        kind: 'cap',
        cap: {
          participantId,
          participantName: opt(col.participantName),
          programName: opt(col.programName),
          programId: opt(col.programId),
          leverName: opt(col.leverName),
          customerId: opt(col.customerId),
          maxCapUsdCents: maxCap!,
          effectiveStart: dateOf(at(col.start)),
          effectiveEnd: dateOf(at(col.end)),
          totalEarningsUsdCents: total!,
          balanceUsdCents: balance!,
          refreshedOn: dateOf(at(col.refreshed)),
        },
      };
    },
  };
}
