/**
 * A run's progress told in words, as GET /runs/{id} and `npm run nightly` show it.
 *
 * @example
 *   describeRun({ status: 'completed', shardsDone: 16, shardsTotal: 16, workloadsEvaluated: 4000, workloadsWritten: 4000, workloadsFirstState: 1000, changesFound: 2100, errors: 0, ... })
 *   // => 'Completed: 16 of 16 shards, 4,000 workloads evaluated; 4,000 states written, of which
 *   //     1,000 workloads got their first state (their first night: nothing earlier to compare
 *   //     with, so no change from the night before is reported for them); 2,100 change events; no errors.'
 */
import type { RunProgress } from './runStore';

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

const HEADS: Record<RunProgress['status'], string> = {
  running: 'Running',
  completed: 'Completed',
  'completed-with-errors': 'Completed with errors',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

export function describeRun(p: RunProgress): string {
  const parts = [`${p.shardsDone} of ${p.shardsTotal} shards${p.status === 'running' ? ' done' : ''}, ${plural(p.workloadsEvaluated, 'workload', 'workloads')} evaluated`];
  let written = `${plural(p.workloadsWritten, 'state', 'states')} written`;
  if (p.workloadsFirstState > 0) {
    written += `, of which ${plural(p.workloadsFirstState, 'workload', 'workloads')} got ${p.workloadsFirstState === 1 ? 'its' : 'their'} first state (${p.workloadsFirstState === 1 ? 'its' : 'their'} first night: nothing earlier to compare with, so no change from the night before is reported for ${p.workloadsFirstState === 1 ? 'it' : 'them'})`;
  }
  parts.push(written);
  parts.push(plural(p.changesFound, 'change event', 'change events'));
  parts.push(p.errors === 0 ? 'no errors' : plural(p.errors, 'error', 'errors'));
  let text = `${HEADS[p.status]}: ${parts.join('; ')}.`;
  if (p.poison.length > 0) text += ` Parts that kept failing: ${p.poison.map((x) => `shard ${x.shard} part ${x.part} (${x.error})`).join('; ')}.`;
  if (p.requeued > 0) text += ` ${plural(p.requeued, 'part was', 'parts were')} queued again after not being heard of in time.`;
  if (p.reason !== undefined) text += ` ${p.reason}`;
  if (p.rebuilt !== undefined) text += ` ${p.rebuilt}`;
  return text;
}
