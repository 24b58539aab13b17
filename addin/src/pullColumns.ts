/**
 * The columns of "Pull tracked workloads into a sheet" (views/pullTable.ts): header and cell
 * of a tracked workload as GET /api/v1/workloads gives it. The first ones are what an import
 * and "Track selected rows" read back (views/track.ts fieldOf); then verdict, advice, amounts.
 */
import { claimStatusWords } from '../../shared';
import { adviceWords, workloadName } from './ui/words';

export type Workload = Record<string, unknown>;
const text = (v: unknown) => (v === undefined || v === null ? '' : v);

/** The table's columns: header and cell. The first ones are what an import reads back (views/track.ts fieldOf). */
export const PULL_COLUMNS: ReadonlyArray<{ header: string; cell: (w: Workload) => unknown }> = [
  { header: 'Tenant ID', cell: (w) => w.tenantId },
  { header: 'Customer', cell: (w) => text(w.customerName) },
  { header: 'Workload', cell: (w) => workloadName(String(w.workload)) },
  { header: 'Program', cell: (w) => text(w.programId) },
  { header: 'PAU', cell: (w) => text(w.paidAvailableUnits) },
  { header: 'MAU', cell: (w) => text(w.monthlyActiveUsers) },
  { header: 'Usage month', cell: (w) => text(w.usageMonth) },
  // In Partner Center's words ("Under review"); Track selected rows reads them back (views/track.ts).
  { header: 'Claim status', cell: (w) => (typeof w.claimStatus === 'string' ? claimStatusWords(w.claimStatus) : '') },
  { header: 'Claim date', cell: (w) => text(w.claimDate) },
  { header: 'Claim approved date', cell: (w) => text(w.claimApprovedDate) },
  { header: 'High water mark', cell: (w) => text(w.highWaterMark) },
  { header: 'Paid available units at claim', cell: (w) => text(w.paidAvailableUnitsAtClaim) },
  { header: 'POE acknowledgement date', cell: (w) => text(w.poeAcknowledgementDate) },
  { header: 'Cloud', cell: (w) => text(w.cloud) },
  { header: 'License program', cell: (w) => text(w.licenseProgram) },
  { header: 'Size band', cell: (w) => text(w.sizeBand) },
  { header: 'Eligible', cell: (w) => (w.eligible === true ? 'yes' : w.eligible === false ? 'no' : 'not judged') },
  { header: 'Advice', cell: (w) => (typeof w.advice === 'string' ? adviceWords(w.advice) : '') },
  { header: 'Why', cell: (w) => text(w.adviceReason) },
  { header: 'Still earnable (USD)', cell: (w) => (typeof w.toEarnCents === 'number' ? w.toEarnCents / 100 : '') },
  { header: 'Evaluated on', cell: (w) => text(w.evaluatedOn) },
];
