/**
 * One invocation of the nightly: evaluate one part of one shard. For each tracked workload it
 * computes tonight's state with the engine, compares it with the stored one, and only when
 * they differ writes the change events (each at most once per night) and then the new state
 * (with the ETag read, so a record changed meanwhile is read again rather than overwritten).
 * A part processed twice has the effect of once: its events exist, its states are equal, its
 * part row is recorded once.
 */
import { findingsOf, reevaluate, sameState, type Catalog, type ReconciliationFinding, type UsageMonth, type WorkloadState } from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { ineligibleOf, tpidsOf, type TenantEarnings, type TpidCodes } from '../storage/earningsStore';
import { evaluateTracked } from '../storage/evaluateTracked';
import { hasReconciliation, reconcileTracked } from '../storage/trackedEarnings';
import { digestAfterRun } from './digest';
import { statusOf } from '../storage/storageErrors';
import type { StoredWorkload } from '../storage/workloadStore';
import type { NightlyDeps } from './nightlyDeps';
import type { PartResult, StoredChange } from './runStore';
import { PAGE_SIZE, PART_WORKLOADS, shardRange, type ShardMessage } from './shards';

interface Outcome {
  /** This run wrote the workload's state (in this attempt or an earlier one of the same run). */
  written: boolean;
  /** ... and it was the workload's first state. */
  first: boolean;
  changes: number;
  error: boolean;
}

const NOTHING: Outcome = { written: false, first: false, changes: 0, error: false };

/** Evaluate one stored workload; write its events and new state if it changed. */
async function evaluateRow(
  deps: NightlyDeps,
  catalog: Catalog,
  message: ShardMessage,
  stored: StoredWorkload,
  history: readonly UsageMonth[],
  paid: TenantEarnings | undefined,
  byTpid: TpidCodes,
): Promise<Outcome> {
  const { record, night } = stored;
  const evaluation = evaluateTracked(record, history, message.night, catalog);
  // A record the engine cannot judge (e.g. a filed claim without its baseline) is counted, not fatal.
  if (!evaluation.judged) return { ...NOTHING, error: true };
  const before = night.nightState !== undefined ? (JSON.parse(night.nightState) as WorkloadState) : null;
  const { state, changes, retracted } = reevaluate(catalog, evaluation.facts, before, earningsFindings(stored, history, message.night, paid, byTpid, catalog), evaluation.advice);
  // The row says which run wrote its state: an attempt of this run that failed after writing
  // it (or a copy of this part running beside us) still counts it, once, as this run's write.
  const mine = night.nightRun === message.runId;
  if (sameState(before, state)) return { ...NOTHING, written: mine, first: mine && night.nightFirst === true };
  const first = before === null || (mine && night.nightFirst === true);
  const time = deps.now().toISOString();
  const events: StoredChange[] = changes.map((c) => ({
    night: message.night,
    tenantId: record.tenantId,
    workload: record.workload,
    ...(record.customerName ? { customerName: record.customerName } : {}),
    kind: c.kind,
    before: c.before,
    after: c.after,
    reasons: c.reasons,
    ...(c.lostCents != null ? { lostCents: c.lostCents } : {}),
    advice: c.advice,
    time,
    runId: message.runId,
  }));
  await deps.runs.recordChanges(
    events,
    retracted.map((kind) => ({ night: message.night, tenantId: record.tenantId, workload: record.workload, kind })),
  );
  await deps.store.writeNightState(
    record.tenantId,
    record.workload,
    record.etag,
    { nightState: JSON.stringify(state), nightOf: message.night, nightRun: message.runId, nightFirst: first },
    evaluation.derived,
  );
  return { written: true, first, changes: events.length, error: false };
}

/**
 * What reconciling an approved claim with its imported earnings finds tonight: earnings missing
 * past the 16th, a dispute window closing, an overpayment; and a rejected claim's dispute window
 * or Partner action required's time to answer closing. Other claims find nothing.
 */
function earningsFindings(stored: StoredWorkload, history: readonly UsageMonth[], night: string, paid: TenantEarnings | undefined, byTpid: TpidCodes, catalog: Catalog): ReconciliationFinding[] {
  const { record } = stored;
  if (!hasReconciliation(record, night)) return [];
  const lines = reconcileTracked(record, history, night, paid?.earnings.get(record.workload) ?? [], ineligibleOf(record, paid, byTpid), catalog);
  return findingsOf(lines, night);
}

/** Evaluate a workload, reading it again when it changed since the page was read (412). */
async function evaluateWithRetry(
  deps: NightlyDeps,
  catalog: Catalog,
  message: ShardMessage,
  stored: StoredWorkload,
  history: readonly UsageMonth[],
  paid: TenantEarnings | undefined,
  byTpid: TpidCodes,
): Promise<Outcome> {
  let current = stored;
  for (let attempt = 1; ; attempt++) {
    try {
      return await evaluateRow(deps, catalog, message, current, history, paid, byTpid);
    } catch (e) {
      if (statusOf(e) === 404) return NOTHING; // deleted meanwhile
      if (statusOf(e) !== 412 || attempt >= 3) throw e;
      const again = await deps.store.storedWorkload(stored.record.tenantId, stored.record.workload);
      if (again === null) return NOTHING;
      current = again;
    }
  }
}

/**
 * Process one part: returns what it did, or null when there is nothing to do: the part was
 * done already (a repeated message), or its run is over (cancelled or expired). A part of a
 * run whose row storage lost records the run again first, so the run never vanishes. The
 * next part's message is sent before this part is recorded, so a crash in between repeats
 * the part (harmless) rather than losing the rest of the shard; the part's row keeps where
 * the next part starts, so the watchdog can send a lost next message again.
 */
export async function evaluatePart(deps: NightlyDeps, message: ShardMessage): Promise<PartResult | null> {
  const run = await deps.runs.getRun(message.runId);
  if (run === null) await deps.runs.rebuildRun(message.runId, message.night, deps.now());
  else if (run.status !== 'running') return null;
  if (await deps.runs.partDone(message.runId, message.shard, message.part)) return null;
  // The stored catalog (amendments apply by the night's date); one catalog for the whole part.
  const catalog = await (deps.catalog ?? programCatalog)();
  const limit = deps.partWorkloads ?? PART_WORKLOADS;
  const { from, to } = shardRange(message.shard);
  const result: PartResult = { shard: message.shard, part: message.part, evaluated: 0, written: 0, firstStates: 0, changes: 0, errors: 0, last: true };
  let token: string | undefined = message.continuationToken;
  let index = 0;
  do {
    const page = await deps.store.workloadPage(from, to, Math.min(PAGE_SIZE, limit - result.evaluated), token);
    token = page.continuationToken;
    if (page.items.length === 0) continue;
    const first = page.items[0]!.record.tenantId;
    const last = page.items[page.items.length - 1]!.record.tenantId;
    const [usage, earnings, byTpid] = await Promise.all([
      deps.store.usageOfTenants(first, last),
      deps.store.earningsStore().ofTenants(first, last),
      deps.store.earningsStore().ofTpids(tpidsOf(page.items.map((i) => i.record))),
    ]);
    for (const stored of page.items) {
      deps.beforeWorkload?.(index++, message);
      const outcome = await evaluateWithRetry(deps, catalog, message, stored, usage.get(`${stored.record.tenantId}|${stored.record.workload}`) ?? [], earnings.get(stored.record.tenantId), byTpid);
      result.evaluated++;
      if (outcome.written) result.written++;
      if (outcome.first) result.firstStates++;
      if (outcome.error) result.errors++;
      result.changes += outcome.changes;
    }
  } while (token !== undefined && result.evaluated < limit);
  if (token !== undefined) {
    result.last = false;
    result.next = token;
    await deps.enqueue({ runId: message.runId, night: message.night, shard: message.shard, part: message.part + 1, continuationToken: token });
  }
  await deps.runs.recordPart(message.runId, result, deps.now());
  // The run is finished before its digest is sent: the digest never holds it up.
  if (result.last && (await deps.runs.finishIfDone(message.runId, deps.now()))) await digestAfterRun(deps, message.runId);
  return result;
}
