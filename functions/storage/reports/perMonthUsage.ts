/**
 * Usage files with one row per tenant, workload and month: our own format (tenant ID,
 * workload, PAU, MAU, month, optional customer and program), and Partner Center's *Office 365
 * license usage* report (`CustomerTenantId`, `WorkloadName`, `PaidAvailableUnits`,
 * `MonthlyActiveUsers`, `Month`...), whose rows with `IsDuplicateRowForPGA` set repeat another
 * row for the partner's global account and are skipped, so nothing is counted twice.
 */
import { loadedCatalog } from '../catalogSource';
import { toInputIssues } from '../../../shared';
import { TrackedWorkloadSchema } from '../trackedWorkload';
import { countCell, familyOf, flagCell, isTotalRow, monthCell, tenantCell, tpidCell, workloadCell } from './cells';
import type { ColumnIndex } from './columns';
import type { ReadOutcome, UsageReportReader, UsageRow } from './usageRow';

export function perMonthUsageReader(columns: ColumnIndex, asOfMonth: string, office365: boolean, warn: (line: number, message: string, kind: string) => void = () => {}): UsageReportReader {
  const col = columns.fields();
  const duplicateFlag = columns.optional('isduplicaterowforpga');
  return {
    kind: office365 ? 'office-365-license-usage' : 'usage',
    description: office365
      ? "Partner Center's Office 365 license usage report (one row per tenant, workload and month; rows repeated for the partner's global account skipped)"
      : 'a usage file (one row per tenant, workload and month)',
    ignoredColumns: columns.ignored(),
    read(record, line): ReadOutcome {
      const at = (i: number | undefined) => (i === undefined ? '' : (record[i] ?? '').trim());
      if (duplicateFlag !== undefined && flagCell(at(duplicateFlag))) return { kind: 'pga-duplicate', skipped: "a repeat of another row for the partner's global account (IsDuplicateRowForPGA)" };
      const problems: string[] = [];
      const tenantRaw = at(col.tenantId);
      const tenantId = tenantCell(tenantRaw, 'tenantId', problems);
      if (tenantId === null && isTotalRow(record)) return { kind: 'total-row', skipped: 'a total row' };
      const typedWorkload = at(col.workload);
      const workload = workloadCell(typedWorkload, 'workload', problems);
      if (workload !== null && typeof workload === 'object' && problems.length === 0) return workload;
      const month = monthCell(at(col.month), 'month', asOfMonth, problems);
      const pau = countCell(at(col.paidAvailableUnits), 'paidAvailableUnits', 'seats', problems);
      const mau = countCell(at(col.monthlyActiveUsers), 'monthlyActiveUsers', 'users', problems);
      const customerName = at(col.customerName);
      if (customerName.length > 200) problems.push('customerName is longer than 200 characters');
      const customerTpid = tpidCell(at(col.customerTpid), col.customerTpid === undefined ? 'customerTpid' : columns.headers[col.customerTpid]!.trim(), line, warn);
      let programId = at(col.programId);
      if (programId !== '') {
        programId = programId.toLowerCase();
        // A year or a family id, looked up (not a list of every id built per row).
        const catalog = loadedCatalog();
        if (catalog.get(programId) === undefined && !catalog.isFamily(programId)) problems.push(`programId "${at(col.programId)}" is not a known program`);
      } else if (typeof workload === 'string') {
        programId = familyOf(workload, typedWorkload, problems) ?? '';
      }
      if (problems.length > 0 || typeof workload !== 'string') return { refused: problems.join('; ') };
      const row: UsageRow = { line, tenantId: tenantId!, workload, month: month!, paidAvailableUnits: pau!, monthlyActiveUsers: mau!, programId };
      if (customerName !== '') row.customerName = customerName;
      if (customerTpid !== null) row.customerTpid = customerTpid;
      return checkedForStore(row);
    },
    finish: () => [],
  };
}

/**
 * The record the writer will store, checked now: a row it could not write is refused here, by
 * its line, instead of stopping the import after other rows were written.
 */
export function checkedForStore(row: UsageRow): UsageRow | { refused: string } {
  const stored = TrackedWorkloadSchema.safeParse(trackedFields(row));
  if (stored.success) return row;
  return {
    refused: toInputIssues(stored.error)
      .map((i) => `${i.path} ${i.message}`)
      .join('; '),
  };
}

/** The fields a new tracked workload takes from a row. */
export function trackedFields(r: UsageRow) {
  return {
    ...(r.customerName !== undefined ? { customerName: r.customerName } : {}),
    ...(r.customerTpid !== undefined ? { customerTpid: r.customerTpid } : {}),
    programId: r.programId,
    paidAvailableUnits: r.paidAvailableUnits,
    monthlyActiveUsers: r.monthlyActiveUsers,
    usageMonth: r.month,
  };
}
