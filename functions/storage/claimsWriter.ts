/**
 * The import's third path: the rows of Partner Center's claims export applied to the tracked
 * workloads they name (tenant and workload). A workload named twice keeps the row of the latest
 * status date (the later row when equal). Each claim's fields are set on the record (status,
 * the day it took it, claim ID and date, approval date, rejection reason, the day a rejection
 * was disputed) and the record is validated as a PUT would be: a row whose claim cannot stand
 * (a Rejected claim without its rejection date) is refused with its line and the field.
 * A workload not tracked is skipped with why; a claim already stored as the file says is
 * counted unchanged and not written, so importing the same file again writes nothing.
 */
import { REJECTED_STATUSES } from '../../shared';
import type { ImportFindings } from './importFindings';
import type { ClaimRow } from './reports/claimsReport';
import { StaleEtag } from './storageErrors';
import { recordFields, TrackedWorkloadSchema, type TrackedWorkload, type TrackedWorkloadFields } from './trackedWorkload';
import type { WorkloadStore } from './workloadStore';

export interface ClaimsCounts {
  workloadsUpdated: number;
  unchanged: number;
  duplicateRows: number;
}

/**
 * The record's fields with a claims export row applied, or why the claim cannot be kept.
 * A status unchanged keeps its stored date when the file gives none; a rejection after a
 * dispute remembers the dispute (a rejection is disputed once).
 * @example claimFieldsFrom(record, { claimStatus: 'rejected', statusDate: '2026-02-16', ... }) // => { fields: { ...record, claimStatus: 'rejected', claimStatusDate: '2026-02-16' } }
 */
export function claimFieldsFrom(current: TrackedWorkload, row: ClaimRow): { fields: Record<string, unknown> } | { refused: string } {
  const next: Record<string, unknown> = { ...recordFields(current) };
  // Another claim than the stored one: its own rejection, dispute and approval, nothing inherited from the earlier claim.
  const newClaim = row.claimId !== null && current.claimId !== undefined && row.claimId !== current.claimId;
  if (newClaim) {
    delete next.claimDisputedDate;
    delete next.claimRejectionReason;
    delete next.claimApprovedDate;
    delete next.claimStatusDate;
    delete next.claimDate;
  }
  const base = newClaim ? ({ ...current, claimStatus: 'none', claimDisputedDate: undefined, claimApprovedDate: undefined, claimStatusDate: undefined } as TrackedWorkload) : current;
  const status = row.claimStatus;
  next.claimStatus = status;
  if (row.claimId !== null) next.claimId = row.claimId;
  if (row.claimDate !== null) next.claimDate = row.claimDate;
  const statusDate = row.statusDate ?? (base.claimStatus === status ? base.claimStatusDate : undefined);
  if (statusDate !== undefined) next.claimStatusDate = statusDate;
  else delete next.claimStatusDate;
  if (status === 'approved') {
    const approved = row.approvedDate ?? (base.claimStatus === 'approved' ? base.claimApprovedDate : undefined) ?? statusDate;
    if (approved !== undefined) next.claimApprovedDate = approved;
  } else delete next.claimApprovedDate;
  if (REJECTED_STATUSES.includes(status)) {
    if (row.rejectionReason !== null) next.claimRejectionReason = row.rejectionReason;
    const disputed = base.claimDisputedDate ?? (base.claimStatus === 'disputed' ? base.claimStatusDate : undefined) ?? (status === 'disputed' ? statusDate : undefined);
    if (disputed !== undefined) next.claimDisputedDate = disputed;
  } else {
    delete next.claimRejectionReason;
    delete next.claimDisputedDate;
  }
  const checked = TrackedWorkloadSchema.safeParse(next);
  if (checked.success) return { fields: checked.data as Record<string, unknown> };
  const words = status === 'rejected' || status === 'action-required' ? ' (the file has no status date, nor a rejection date for a rejected claim)' : '';
  return { refused: checked.error.issues.map((i) => `${i.path.join('.')} ${i.message}${i.path[0] === 'claimStatusDate' ? words : ''}`).join('; ') };
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
};

export class ClaimsWriter {
  private readonly latest = new Map<string, ClaimRow>();

  constructor(
    private readonly store: WorkloadStore,
    private readonly counts: ClaimsCounts,
    private readonly findings: ImportFindings,
    private readonly fail: (line: number, reason: string) => void,
    private readonly dryRun: boolean,
    private readonly asOfDate: string,
  ) {}

  /** A row read: kept when it is the latest of its workload. */
  take(row: ClaimRow): void {
    const key = `${row.tenantId}|${row.workload}`;
    const before = this.latest.get(key);
    if (before !== undefined) {
      this.counts.duplicateRows++;
      if ((before.statusDate ?? '') > (row.statusDate ?? '')) return;
    }
    this.latest.set(key, row);
  }

  /** Apply the kept rows to their tracked workloads. */
  async finish(): Promise<void> {
    const rows = [...this.latest.values()].sort((a, b) => a.line - b.line);
    const records = await this.store.getMany(rows.map((r) => ({ tenantId: r.tenantId, workload: r.workload })));
    for (let i = 0; i < rows.length; i++) await this.apply(rows[i]!, records[i] ?? null);
  }

  private async apply(row: ClaimRow, found: TrackedWorkload | null): Promise<void> {
    let current = found;
    for (let attempt = 1; ; attempt++) {
      if (current === null) {
        const who = row.customerName === null ? `tenant ${row.tenantId}` : `${row.customerName} (tenant ${row.tenantId})`;
        this.findings.skip(row.line, 'not-tracked', `${who} is not tracked for ${row.workload}: track the workload (import its usage, or PUT it) and import the claims again`);
        return;
      }
      const applied = claimFieldsFrom(current, row);
      if ('refused' in applied) {
        this.fail(row.line, applied.refused);
        return;
      }
      if (same(applied.fields, { ...recordFields(current) })) {
        this.counts.unchanged++;
        return;
      }
      if (this.dryRun) {
        this.counts.workloadsUpdated++;
        return;
      }
      try {
        await this.store.replace(row.tenantId, row.workload, applied.fields as TrackedWorkloadFields, current.etag, this.asOfDate);
        this.counts.workloadsUpdated++;
        return;
      } catch (e) {
        // Changed meanwhile (412): read it again and apply the row to what is stored now.
        if (!(e instanceof StaleEtag) || attempt >= 3) throw e;
        current = (await this.store.getMany([{ tenantId: row.tenantId, workload: row.workload }]))[0] ?? null;
      }
    }
  }
}
