/**
 * The nightly run against a real Azurite (tables and queues), through the app's own queue
 * trigger: one scripted change per kind gives exactly its event; the same night again gives
 * nothing new; a part that fails half-way is retried to the same result; a part that keeps
 * failing goes to the poison queue and the run still completes; one run at a time; and the
 * seat-minimum story over HTTP.
 */
import { InvocationContext } from '@azure/functions';
import { loadRegisteredTriggers } from '../../dev/localHost/registry';
import { nightlyDeps } from '../../functions/nightly/nightlyDeps';
import { POISON_SUFFIX, queueClient, SHARD_QUEUE } from '../../functions/nightly/shardQueue';
import { startRun } from '../../functions/nightly/startRun';
import { useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { runNight, useQueueTrigger, waitForRun } from '../support/nightly';

const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();
const trigger = useQueueTrigger(() => azurite().connectionString);

/** Tenant n, its first hex digit (hence its shard) n % 16. */
function tenantIn(n: number): string {
  return `${(n % 16).toString(16)}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const mde = { programId: 'security-usage', paidAvailableUnits: 1000, monthlyActiveUsers: 100 };
const claim = { claimStatus: 'approved', claimDate: '2026-10-05', claimApprovedDate: '2026-10-20', paidAvailableUnitsAtClaim: 1000 };

async function track(n: number, body: Record<string, unknown>, workload = 'defender-for-endpoint'): Promise<void> {
  const r = await call(host(), 'PUT', `/api/v1/workloads/${tenantIn(n)}/${workload}`, { body: { customerName: `Customer ${n}`, ...body } });
  if (r.status !== 201) throw new Error(`PUT ${n}: ${r.status} ${r.text}`);
}

async function change(n: number, patch: Record<string, unknown>, workload = 'defender-for-endpoint'): Promise<void> {
  const path = `/api/v1/workloads/${tenantIn(n)}/${workload}`;
  const current = await call(host(), 'GET', path);
  const r = await call(host(), 'PATCH', path, { body: patch, headers: { 'if-match': current.headers.get('etag')! } });
  if (r.status !== 200) throw new Error(`PATCH ${n}: ${r.status} ${r.text}`);
}

async function changesOn(night: string, tenants: number[]): Promise<Array<{ tenant: number; kind: string; reasons: Array<{ code: string; message: string }> }>> {
  const out = [];
  let next: string | undefined = `/api/v1/changes?since=${night}&pageSize=1000`;
  while (next) {
    const r = await call(host(), 'GET', next);
    expect(r.status).toBe(200);
    for (const item of r.json.items) {
      const n = tenants.find((t) => tenantIn(t) === item.tenantId);
      if (n !== undefined && item.night === night) out.push({ tenant: n, kind: item.kind, reasons: item.reasons });
    }
    next = r.json.nextLink;
  }
  return out.sort((a, b) => a.tenant - b.tenant || a.kind.localeCompare(b.kind));
}

describe('the nightly run', () => {
  const kinds = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('records exactly one event per scripted change, each with its reasons and advice', async () => {
    await track(1, { ...mde, paidAvailableUnits: 10, monthlyActiveUsers: 10 });
    await track(2, { ...mde, paidAvailableUnits: 900 });
    await track(3, { ...mde, ...claim, highWaterMark: 100, monthlyActiveUsers: 140 });
    await track(4, { ...mde, monthlyActiveUsers: 60 });
    await track(5, { ...mde, ...claim, highWaterMark: 300, monthlyActiveUsers: 300 });
    await track(6, { ...mde, poeAcknowledgementDate: '2025-12-20' });
    await track(7, { ...mde, poeAcknowledgementDate: '2025-11-18' });
    await track(8, { ...mde });
    await track(9, { ...mde, partnerId: '1111111' });
    const first = await runNight('2026-11-15');
    expect(first).toMatchObject({ status: 'completed', shardsDone: 16, shardsTotal: 16, errors: 0 });
    expect(first.workloadsEvaluated).toBe(9);
    // A workload's first night has nothing to compare with: no change event, and the run says why.
    expect(first).toMatchObject({ workloadsFirstState: 9, workloadsWritten: 9 });
    const shown = await call(host(), 'GET', `/api/v1/runs/${first.runId}`);
    expect(shown.json.workloadsFirstState).toBe(9);
    expect(shown.json.summary).toMatch(/9 workloads got their first state \(their first night: nothing earlier to compare with, so no change from the night before is reported for them\)/);

    await change(1, { paidAvailableUnits: 1000, monthlyActiveUsers: 12 });
    await change(2, { paidAvailableUnits: 2600 });
    await change(3, { monthlyActiveUsers: 160 });
    await change(4, { monthlyActiveUsers: 90 });
    await change(5, { paidAvailableUnits: 10000, monthlyActiveUsers: 310 });
    await change(8, { cloud: 'GCC High' });
    await change(9, { claimingPartnerId: '2222222' });
    const second = await runNight('2026-11-22');
    expect(second).toMatchObject({ status: 'completed', errors: 0, poison: [], workloadsFirstState: 0 });

    const events = await changesOn('2026-11-22', kinds);
    expect(events.map((e) => `${e.tenant} ${e.kind}`)).toEqual([
      '1 crossed-seat-minimum',
      '2 band-step-up',
      '3 milestone-reached',
      '4 usage-rising-before-claim',
      '5 band-step-up',
      '5 re-claim-opportunity',
      '6 poe-expiring',
      '7 poe-expired',
      '8 excluded',
      '9 partner-of-record-lost',
    ]);
    expect(second.changesFound).toBe(10);
    const crossed = events[0]!;
    expect(crossed.reasons[0]).toMatchObject({ code: 'SEAT_MINIMUM_CROSSED', message: expect.stringContaining('claim now') });
    // The stored record's band and eligibility follow the night's verdict.
    const record = await call(host(), 'GET', `/api/v1/workloads/${tenantIn(8)}/defender-for-endpoint`);
    expect(record.json).toMatchObject({ eligible: false, evaluatedOn: '2026-11-22' });
  }, 90_000);

  it('finds nothing new when the same night runs again, and writes no workload', async () => {
    const before = await changesOn('2026-11-22', kinds);
    const again = await runNight('2026-11-22');
    expect(again).toMatchObject({ status: 'completed', workloadsWritten: 0, changesFound: 0 });
    expect(await changesOn('2026-11-22', kinds)).toEqual(before);
  }, 60_000);

  it("does nothing more when a part's message comes again after the run", async () => {
    const before = await changesOn('2026-11-22', kinds);
    const deps = await nightlyDeps();
    const runs = [];
    for await (const e of deps.runs.runs.listEntities<Record<string, unknown>>({ queryOptions: { filter: "PartitionKey eq 'run'" } })) runs.push(e);
    // The first run of that night (the one that found the changes; the repeat found none).
    const night2 = runs.filter((r) => r.night === '2026-11-22').sort((a, b) => String(a.startedAt).localeCompare(String(b.startedAt)))[0]!;
    for (let shard = 0; shard < 16; shard++) await deps.enqueue({ runId: String(night2.rowKey), night: '2026-11-22', shard, part: 0 });
    const queue = queueClient(azurite().connectionString, SHARD_QUEUE);
    // A message leaves the queue (its count includes messages being processed) only once its
    // part was handled: wait for that outcome, and fail if it never comes.
    const deadline = Date.now() + 45_000;
    while ((await queue.getProperties()).approximateMessagesCount! > 0) {
      if (Date.now() > deadline) throw new Error('the repeated part messages were never handled');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await changesOn('2026-11-22', kinds)).toEqual(before);
    const progress = await deps.runs.progress(String(night2.rowKey));
    expect(progress).toMatchObject({ status: 'completed', changesFound: 10, partsDone: 16 });
  }, 60_000);

  it('reports the money lost when a workload stops being claimable, in the change feed over HTTP', async () => {
    // 300 of 1,000 active: milestone 2 (40%) still earnable. 450 active: usage is above both milestones, no claim filed.
    await track(10, { ...mde, monthlyActiveUsers: 300 });
    await runNight('2026-11-25');
    await change(10, { monthlyActiveUsers: 450 });
    await runNight('2026-11-26');
    const r = await call(host(), 'GET', `/api/v1/changes?since=2026-11-26&tenantId=${tenantIn(10)}`);
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(1);
    expect(r.json.items[0]).toMatchObject({ kind: 'no-longer-claimable', lostCents: 600000 });
    expect(r.json.items[0].reasons[0].message).toContain('$6,000.00');
    // Untracked again, so the later tests count the workloads they track.
    const path = `/api/v1/workloads/${tenantIn(10)}/defender-for-endpoint`;
    const current = await call(host(), 'GET', path);
    expect((await call(host(), 'DELETE', path, { headers: { 'if-match': current.headers.get('etag')! } })).status).toBe(204);
  }, 60_000);

  it('runs a late timer (isPastDue) all the same', async () => {
    const timer = loadRegisteredTriggers().find((f) => f.type === 'timerTrigger')!;
    expect(timer).toMatchObject({ name: 'nightlyTimer', schedule: '0 0 2 * * *', runOnStartup: false });
    const logged: string[] = [];
    const context = new InvocationContext({ functionName: 'nightlyTimer', logHandler: (_level, ...args) => logged.push(args.join(' ')) });
    await timer.handler({ isPastDue: true, schedule: { adjustForDST: false }, scheduleStatus: {} }, context);
    expect(logged[0]).toMatch(/late; running now/);
    const runId = /Nightly run (\S+) started/.exec(logged[1]!)![1]!;
    expect((await waitForRun(runId)).status).toBe('completed');
  }, 60_000);

  it('says when a program year is ending', async () => {
    await track(60, { ...mde });
    await runNight('2027-08-25');
    await runNight('2027-09-05');
    const events = await changesOn('2027-09-05', [60]);
    expect(events.map((e) => e.kind)).toEqual(['program-year-ending']);
    expect(events[0]!.reasons[0]).toMatchObject({ code: 'PROGRAM_YEAR_ENDING', message: expect.stringContaining('2027-09-30 (25 days left)') });
  }, 60_000);

  it('starts one run at a time: a second start gets the active run', async () => {
    const deps = await nightlyDeps();
    const [a, b] = await Promise.all([startRun(deps, 'manual', '2026-11-23'), startRun(deps, 'timer', '2026-11-23')]);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    expect(a.runId).toBe(b.runId);
    const done = await waitForRun(a.runId);
    expect(done.status).toBe('completed');
    // Once finished, the lock is free again.
    const c = await startRun(deps, 'manual', '2026-11-23');
    expect(c.started).toBe(true);
    await waitForRun(c.runId);
  }, 60_000);

  it('retries a part killed half-way, to the result of an uninterrupted run', async () => {
    for (const n of [20, 36, 52]) await track(n, { ...mde, monthlyActiveUsers: 50 }); // all in shard 4
    await runNight('2026-11-24');
    for (const n of [20, 36, 52]) await change(n, { monthlyActiveUsers: 70 });
    const deps = await nightlyDeps();
    let failures = 0;
    deps.beforeWorkload = (index, message) => {
      if (message.shard === 4 && index === 2 && failures === 0) {
        failures++;
        throw new Error('killed half-way');
      }
    };
    try {
      const run = await runNight('2026-11-25');
      expect(failures).toBe(1);
      // The first attempt wrote two of the three before it was killed: they count all the same.
      expect(run).toMatchObject({ status: 'completed', poison: [], changesFound: 3, workloadsEvaluated: 13, workloadsWritten: 3 });
    } finally {
      delete deps.beforeWorkload;
    }
    const events = await changesOn('2026-11-25', [20, 36, 52]);
    expect(events.map((e) => `${e.tenant} ${e.kind}`)).toEqual(['20 usage-rising-before-claim', '36 usage-rising-before-claim', '52 usage-rising-before-claim']);
    expect(trigger.log.some((l) => /failed \(attempt 1 of 5\): killed half-way/.test(l))).toBe(true);
  }, 60_000);

  it('sends a part that keeps failing to the poison queue, records it in the run, and finishes the rest', async () => {
    await track(21, { ...mde, monthlyActiveUsers: 50 }); // shard 5
    await track(22, { ...mde, monthlyActiveUsers: 50 }); // shard 6
    await runNight('2026-11-26');
    await change(21, { monthlyActiveUsers: 80 });
    await change(22, { monthlyActiveUsers: 80 });
    const deps = await nightlyDeps();
    deps.beforeWorkload = (_index, message) => {
      if (message.shard === 5) throw new Error('shard 5 is broken');
    };
    let run;
    try {
      run = await runNight('2026-11-27');
    } finally {
      delete deps.beforeWorkload;
    }
    expect(run.status).toBe('completed-with-errors');
    expect(run.poison).toEqual([{ shard: 5, part: 0, error: 'shard 5 is broken' }]);
    expect(run.shardsDone).toBe(16);
    expect((await changesOn('2026-11-27', [21, 22])).map((e) => `${e.tenant} ${e.kind}`)).toEqual(['22 usage-rising-before-claim']);
    const poison = queueClient(azurite().connectionString, `${SHARD_QUEUE}${POISON_SUFFIX}`);
    const peeked = await poison.peekMessages({ numberOfMessages: 32 });
    expect(peeked.peekedMessageItems).toHaveLength(1);
  }, 90_000);

  it('the seat-minimum story over HTTP: 10 seats, then 1,000 a month later: "claim now", the 10-seat months outside the baseline', async () => {
    const path = `/api/v1/workloads/${tenantIn(40)}/defender-for-endpoint`;
    await track(40, { ...mde, paidAvailableUnits: 10, monthlyActiveUsers: 10, usageMonth: '2026-10' });
    await call(host(), 'POST', `${path}/usage`, { body: { month: '2026-10', paidAvailableUnits: 10, monthlyActiveUsers: 10 } });
    const started = await call(host(), 'POST', '/api/v1/reevaluate?asOfDate=2026-10-28');
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ started: true, night: '2026-10-28', location: `/api/v1/runs/${started.json.runId}` });
    await waitForRun(started.json.runId);
    const status = await call(host(), 'GET', `/api/v1/runs/${started.json.runId}`);
    expect(status.json).toMatchObject({ status: 'completed', shardsDone: 16, shardsTotal: 16 });

    await call(host(), 'POST', `${path}/usage`, { body: { month: '2026-11', paidAvailableUnits: 1000, monthlyActiveUsers: 12 } });
    const night = await call(host(), 'POST', '/api/v1/reevaluate?asOfDate=2026-11-28');
    await waitForRun(night.json.runId);
    const feed = await call(host(), 'GET', `/api/v1/changes?since=2026-11-28&tenantId=${tenantIn(40)}`);
    expect(feed.json.items).toHaveLength(1);
    const event = feed.json.items[0];
    expect(event).toMatchObject({
      kind: 'crossed-seat-minimum',
      before: { paidAvailableUnits: 10, sizeBand: 'XXS', eligible: false },
      after: { paidAvailableUnits: 1000, eligible: true, advice: 'claim-now' },
      advice: { action: 'claim-now' },
    });
    expect(event.reasons[0].message).toMatch(/PAU went from 10 to 1,000.*claim now/);
    const baseline = event.reasons.find((r: { code: string }) => r.code === 'BASELINE_AT_CLAIM');
    expect(baseline.message).toMatch(/baseline HWM of 12 active users/);

    const bad = await call(host(), 'GET', '/api/v1/changes?since=yesterday&kind=nope');
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['kind', 'since']);
    expect((await call(host(), 'GET', '/api/v1/runs/no-such-run')).status).toBe(404);
  }, 90_000);
  it('reports the net change of a night evaluated twice: XS to M, then M to L the same night, is one event XS to L', async () => {
    await track(80, { ...mde, paidAvailableUnits: 200 });
    await runNight('2026-12-09');
    await change(80, { paidAvailableUnits: 1200 });
    await runNight('2026-12-10');
    expect((await changesOn('2026-12-10', [80])).map((e) => e.reasons[0]!.message)).toEqual([expect.stringContaining('band XS to band M')]);
    await change(80, { paidAvailableUnits: 2600 });
    await runNight('2026-12-10');
    const events = await changesOn('2026-12-10', [80]);
    expect(events.map((e) => e.kind)).toEqual(['band-step-up']);
    expect(events[0]!.reasons[0]!.message).toContain('band XS to band L');
    // Back to 200 seats the same night: the step-up is retracted from the feed.
    await change(80, { paidAvailableUnits: 200 });
    await runNight('2026-12-10');
    expect(await changesOn('2026-12-10', [80])).toEqual([]);
  }, 90_000);
});
