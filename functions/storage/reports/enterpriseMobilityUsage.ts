/**
 * Partner Center's *Enterprise Mobility license usage* report, as downloaded: one row per
 * subscription, SKU and month, several Security workloads side by side ("wide"). Per tenant,
 * workload and month:
 * - PAU is added up over the rows of paid SKUs (`FreeVsPaidSKU` = Free adds nothing): a tenant
 *   with two subscriptions has two rows, and its paid seats are both;
 * - MAU is a tenant-level count repeated on each row: the largest is taken, never the sum.
 *
 * The workloads and their columns:
 * - Intune: `IntunePaidAvailableUnits`, `IntuneMonthlyActiveUsers`;
 * - Entra ID Premium: `AADPPaidAvailableUnits`, `AADPMonthlyActiveUsers`;
 * - Purview Information Protection: `AzipPaidAvailableUnits`, `AzipMonthlyActiveUsers`;
 * - Defender for Identity: `AATPActiveUsage` (MAU); Defender for Cloud Apps: `MCASActiveUsage`
 *   (MAU). These two have no PAU column of their own: a row's `PaidAvailableUnits` counts for
 *   them when its SKU includes them (the SKU named as the workload or as a suite that includes
 *   it, workloads.json); a SKU we cannot place adds none, and the row says so in a warning.
 *
 * A workload whose paid seats add up to 0 in a month is written only where it is already
 * tracked (a SKU without it does not start tracking it). Rows are added up, so every row is
 * held until the file is read; memory grows with the tenants x workloads x months of the file.
 */
import { loadedCatalog } from '../catalogSource';
import { countCell, familyOf, isTotalRow, monthCell, tenantCell, tpidCell } from './cells';
import type { ColumnIndex } from './columns';
import { checkedForStore } from './perMonthUsage';
import type { ReadOutcome, UsageReportReader, UsageRow } from './usageRow';

/** A workload's columns in the report (normalized names). */
interface WideWorkload {
  workload: string;
  /** Its own PAU column, or null when the row's PaidAvailableUnits counts for SKUs that include it. */
  pau: string | null;
  mau: string;
  label: string;
}

export const WIDE_WORKLOADS: readonly WideWorkload[] = [
  { workload: 'intune', pau: 'intunepaidavailableunits', mau: 'intunemonthlyactiveusers', label: 'Intune' },
  { workload: 'entra-id-p2', pau: 'aadppaidavailableunits', mau: 'aadpmonthlyactiveusers', label: 'AADP' },
  { workload: 'purview-information-protection', pau: 'azippaidavailableunits', mau: 'azipmonthlyactiveusers', label: 'Azip' },
  { workload: 'defender-for-identity', pau: null, mau: 'aatpactiveusage', label: 'AATP' },
  { workload: 'defender-for-cloud-apps', pau: null, mau: 'mcasactiveusage', label: 'MCAS' },
];

/** The columns that tell this report from others. */
export const ENTERPRISE_MOBILITY_MARKERS = ['freevspaidsku', 'intunepaidavailableunits', 'aadppaidavailableunits', 'azippaidavailableunits', 'aatpactiveusage', 'mcasactiveusage'];

interface Group {
  row: UsageRow;
  paid: number;
  active: number;
}

export function enterpriseMobilityReader(columns: ColumnIndex, asOfMonth: string, warn: (line: number, message: string, kind?: string) => void): UsageReportReader {
  const tenantCol = columns.required('customertenantid', 'CustomerTenantId');
  const monthCol = columns.required('month', 'Month');
  const freeCol = columns.required('freevspaidsku', 'FreeVsPaidSKU');
  const skuCol = columns.optional('sku');
  const paidCol = columns.optional('paidavailableunits');
  const nameCol = columns.optional('customername');
  const tpidCol = columns.optional('customertpid');
  const present = WIDE_WORKLOADS.filter((w) => columns.has(w.mau) || (w.pau !== null && columns.has(w.pau)));
  const cols = present.map((w) => ({ w, pau: w.pau === null ? paidCol : columns.optional(w.pau), mau: columns.optional(w.mau) }));
  const groups = new Map<string, Group>();
  /** SKU name -> the workloads it includes (null: a name we cannot place). */
  const skuWorkloads = new Map<string, Set<string> | null>();
  const includes = (sku: string): Set<string> | null => {
    let known = skuWorkloads.get(sku);
    if (known === undefined) {
      const m = loadedCatalog().workloads.match(sku);
      known = m.kind === 'workload' ? new Set([m.workload.id]) : m.kind === 'suite' ? new Set(m.suite.includes) : null;
      skuWorkloads.set(sku, known);
    }
    return known;
  };

  return {
    kind: 'enterprise-mobility-license-usage',
    description: `Partner Center's Enterprise Mobility license usage report (one row per subscription and SKU; per tenant, workload and month, paid units added up over paid SKUs and the largest MAU taken; workloads read: ${present.map((p) => loadedCatalog().workloads.byIdOrNull(p.workload)!.name).join(', ')})`,
    ignoredColumns: columns.ignored(),
    read(record, line): ReadOutcome {
      const at = (i: number | undefined) => (i === undefined ? '' : (record[i] ?? '').trim());
      const problems: string[] = [];
      const tenantId = tenantCell(at(tenantCol), 'CustomerTenantId', problems);
      if (tenantId === null && isTotalRow(record)) return { kind: 'total-row', skipped: 'a total row' };
      const month = monthCell(at(monthCol), 'Month', asOfMonth, problems);
      const customerTpid = tpidCell(at(tpidCol), 'CustomerTpid', line, warn);
      const free = /^free$/i.test(at(freeCol));
      const sku = at(skuCol);
      const counts = cols.map(({ w, pau, mau }) => {
        const mauText = at(mau);
        // The shared PaidAvailableUnits is on every row: it counts for a workload only where the row reports the workload's usage.
        const pauText = w.pau === null && mauText === '' ? '' : at(pau);
        return {
          w,
          // An empty cell is a workload this row does not report.
          paid: pauText === '' ? null : countCell(pauText, w.pau === null ? 'PaidAvailableUnits' : columns.headers[pau!]!, 'seats', problems),
          active: mauText === '' ? null : countCell(mauText, columns.headers[mau!]!, 'users', problems),
        };
      });
      if (problems.length > 0) return { refused: problems.join('; ') };
      const customerName = at(nameCol);
      for (const { w, paid, active } of counts) {
        if (paid === null && active === null) continue;
        let seats = free ? 0 : (paid ?? 0);
        if (w.pau === null && seats > 0) {
          const inSku = includes(sku);
          if (inSku === null) {
            warn(line, `SKU "${sku}" is not one we can place: its ${seats} paid units are not counted for ${loadedCatalog().workloads.byIdOrNull(w.workload)!.name}`);
            seats = 0;
          } else if (!inSku.has(w.workload)) seats = 0;
        }
        const key = `${tenantId}|${w.workload}|${month}`;
        const group = groups.get(key);
        if (group) {
          group.paid += seats;
          group.active = Math.max(group.active, active ?? 0);
          if (customerName !== '' && group.row.customerName === undefined) group.row.customerName = customerName;
          if (customerTpid !== null && group.row.customerTpid === undefined) group.row.customerTpid = customerTpid;
          continue;
        }
        const programId = familyOf(w.workload, w.label, problems);
        if (programId === null) return { refused: problems.join('; ') };
        const row: UsageRow = { line, tenantId: tenantId!, workload: w.workload, month: month!, paidAvailableUnits: 0, monthlyActiveUsers: 0, programId };
        if (customerName !== '') row.customerName = customerName.slice(0, 200);
        if (customerTpid !== null) row.customerTpid = customerTpid;
        groups.set(key, { row, paid: seats, active: active ?? 0 });
      }
      return null;
    },
    finish() {
      const rows: Array<UsageRow | { line: number; refused: string }> = [];
      for (const g of groups.values()) {
        g.row.paidAvailableUnits = g.paid;
        g.row.monthlyActiveUsers = g.active;
        if (g.paid === 0) g.row.onlyIfTracked = true;
        const checked = checkedForStore(g.row);
        rows.push('refused' in checked ? { line: g.row.line, refused: checked.refused } : checked);
      }
      groups.clear();
      return rows;
    },
  };
}
