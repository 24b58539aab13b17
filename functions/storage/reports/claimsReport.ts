/**
 * Partner Center's claims export (CPOR claims and their statuses). Its columns are not
 * documented (PARTNER-CENTER.md), so it is read by the names Partner Center uses where they
 * appear, in any case and spacing: the tenant (`CustomerTenantId`, `Tenant ID`), the workload
 * or product (`Workload`, `Product`), the claim ID, the status (`Status`, `Claim status`), the
 * dates (claim submitted, status changed, approved, rejected) and the rejection reason. The
 * file is told by a claim ID column with a status column; the columns it does not read are
 * reported in the import's answer.
 *
 * Each row becomes a ClaimRow, or is refused with its line: a status that is not one of
 * Partner Center's (named with the accepted ones), a date that is not one, no tenant or
 * workload. A product no program pays for is skipped, as in the other reports.
 */
import { claimStatusOf, CLAIM_STATUS_WORDS, CLAIM_STATUSES, type ClaimStatus } from '../../../shared';
import { isoDateProblem, parseDateTime } from '../../../shared/dates';
import { StorageInputError } from '../storageErrors';
import { isTotalRow, tenantCell, workloadCell } from './cells';
import type { ColumnIndex } from './columns';
import type { RowSkip } from './usageRow';

/** A row of the claims export: the claim of one tenant and workload, as Partner Center last saw it. */
export interface ClaimRow {
  line: number;
  tenantId: string;
  workload: string;
  claimId: string | null;
  claimStatus: ClaimStatus;
  /** The day the claim was submitted, when the file says. */
  claimDate: string | null;
  /** The day the claim took its status: the status date column, else the approval or rejection date for those statuses. */
  statusDate: string | null;
  approvedDate: string | null;
  rejectionReason: string | null;
  customerName: string | null;
}

export interface ClaimsReportReader {
  kind: 'claims';
  description: string;
  ignoredColumns: string[];
  read(record: readonly string[], line: number): ClaimRow | { refused: string } | RowSkip;
}

/** The names each field goes by (normalized: lower case, letters and digits only). */
const NAMES = {
  tenantId: ['customertenantid', 'tenantid', 'customertenant', 'tenant'],
  workload: ['workload', 'workloadname', 'product', 'productname', 'workloads'],
  claimId: ['claimid', 'claimnumber', 'claim'],
  status: ['status', 'claimstatus'],
  claimDate: ['claimdate', 'submitteddate', 'datesubmitted', 'submittedon', 'submissiondate', 'createddate', 'datecreated'],
  statusDate: ['statusdate', 'statuschangeddate', 'statusupdateddate', 'laststatuschange', 'lastupdated', 'lastupdateddate', 'lastmodifieddate', 'modifieddate'],
  approvedDate: ['approveddate', 'approvaldate', 'dateapproved'],
  rejectedDate: ['rejecteddate', 'rejectiondate', 'daterejected'],
  rejectionReason: ['rejectionreason', 'reasonforrejection', 'statusreason', 'reason'],
  customerName: ['customername', 'customer', 'customercompanyname'],
} as const;

/** Whether the columns are a claims export: a claim ID with a status. */
export function isClaimsReport(columns: ColumnIndex): boolean {
  return NAMES.claimId.some((n) => columns.has(n)) && NAMES.status.some((n) => columns.has(n));
}

/** The one column of a field present, by any of its names. */
function columnOf(columns: ColumnIndex, names: readonly string[]): number | undefined {
  const present = names.find((n) => columns.has(n));
  return present === undefined ? undefined : columns.optional(present);
}

/**
 * A date cell of the claims export: an ISO date or date-time (read in UTC), or a date written
 * month first with slashes as Partner Center writes it (`2/16/2026`, `2/16/2026 3:04:05 PM`);
 * null with the problem noted otherwise.
 * @example claimDateCell('2/16/2026 12:00:00 AM', 'Rejected date', []) // => '2026-02-16'
 */
export function claimDateCell(raw: string, field: string, problems: string[]): string | null {
  if (raw === '') return null;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/.exec(raw);
  if (us) {
    const iso = `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
    const problem = isoDateProblem(iso);
    if (problem === null) return iso;
    problems.push(`${field} "${raw}" is not a real date (read month first, as Partner Center writes it)`);
    return null;
  }
  const parsed = parseDateTime(raw.replace(' ', 'T'));
  if (parsed.ok) return new Date(parsed.value).toISOString().slice(0, 10);
  problems.push(`${field} "${raw}" is not a date: write it as 2026-02-16 (or 2/16/2026, month first)`);
  return null;
}

const ACCEPTED = CLAIM_STATUSES.filter((s) => s !== 'none')
  .map((s) => CLAIM_STATUS_WORDS[s])
  .join(', ');

/** The reader of a claims export (call isClaimsReport first). */
export function claimsReader(columns: ColumnIndex): ClaimsReportReader {
  const col = Object.fromEntries(Object.entries(NAMES).map(([field, names]) => [field, columnOf(columns, names)])) as Record<keyof typeof NAMES, number | undefined>;
  const label = (field: keyof typeof NAMES) => (col[field] === undefined ? field : columns.headers[col[field]]!.trim());
  const missing = (['tenantId', 'workload'] as const).filter((f) => col[f] === undefined);
  if (missing.length > 0) {
    throw new StorageInputError(
      'header',
      `is a claims export (it has a claim ID and a status) without a column for ${missing
        .map(
          (f) =>
            `${f} (a column named ${NAMES[f]
              .slice(0, 2)
              .map((n) => `"${n}"`)
              .join(' or ')})`,
        )
        .join(' and ')}: the claims are matched to tracked workloads by tenant and workload`,
    );
  }
  return {
    kind: 'claims',
    description: "Partner Center's claims export (each claim's status, its dates and rejection reason, matched to tracked workloads by tenant and workload)",
    ignoredColumns: columns.ignored(),
    read(record, line) {
      const at = (i: number | undefined) => (i === undefined ? '' : (record[i] ?? '').trim());
      const problems: string[] = [];
      const tenantRaw = at(col.tenantId);
      if (tenantRaw === '' && isTotalRow(record)) return { kind: 'total-row', skipped: 'a total row' };
      const tenantId = tenantRaw === '' ? (problems.push(`${label('tenantId')} is empty`), null) : tenantCell(tenantRaw, label('tenantId'), problems);
      const workloadRaw = at(col.workload);
      const workload = workloadRaw === '' ? (problems.push(`${label('workload')} is empty`), null) : workloadCell(workloadRaw, label('workload'), problems);
      if (workload !== null && typeof workload === 'object' && problems.length === 0) return workload;
      const statusRaw = at(col.status);
      const claimStatus = statusRaw === '' ? null : claimStatusOf(statusRaw);
      if (statusRaw === '') problems.push(`${label('status')} is empty`);
      else if (claimStatus === null || claimStatus === 'none') problems.push(`${label('status')} "${statusRaw}" is not a claim status; Partner Center's are ${ACCEPTED}`);
      const claimDate = claimDateCell(at(col.claimDate), label('claimDate'), problems);
      const statusDate = claimDateCell(at(col.statusDate), label('statusDate'), problems);
      const approvedDate = claimDateCell(at(col.approvedDate), label('approvedDate'), problems);
      const rejectedDate = claimDateCell(at(col.rejectedDate), label('rejectedDate'), problems);
      if (problems.length > 0 || typeof workload !== 'string' || tenantId === null || claimStatus === null) return { refused: problems.join('; ') };
      const rejection = claimStatus === 'rejected' || claimStatus === 'rejected-final' ? rejectedDate : null;
      const reason = at(col.rejectionReason);
      return {
        line,
        tenantId,
        workload,
        claimId: at(col.claimId) || null,
        claimStatus,
        claimDate,
        statusDate: statusDate ?? rejection ?? (claimStatus === 'approved' ? approvedDate : null),
        approvedDate,
        rejectionReason: reason === '' ? null : reason,
        customerName: at(col.customerName) || null,
      };
    },
  };
}
