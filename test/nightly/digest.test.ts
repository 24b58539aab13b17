/**
 * The morning digest (functions/nightly/digest.ts) against a real Azurite, the app's own queue
 * trigger, and a local webhook receiver: the Adaptive Card's shape and the HMAC signature;
 * exactly one delivery per run across a repeated part, a repeated finish and a restarted host;
 * a 4xx recorded and not retried; a 5xx and a timeout retried a bounded number of times with
 * backoff (the clock moved, not waited for); the run completes whatever the webhook does; and
 * GET /runs/{id} says whether it was delivered.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deliverDigest, deliverDueDigests, digestAfterRun } from '../../functions/nightly/digest';
import { evaluatePart } from '../../functions/nightly/evaluatePart';
import { nightlyDeps, resetNightlyDeps, type NightlyDeps } from '../../functions/nightly/nightlyDeps';
import { resetTrackedStore } from '../../functions/storage/trackedStore';
import { useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { runNight, useQueueTrigger, waitForDigest } from '../support/nightly';
import { useWebhookReceiver } from '../support/webhookReceiver';

jest.setTimeout(60_000);

const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();
useQueueTrigger(() => azurite().connectionString);
const hook = useWebhookReceiver();

const SECRET = 'digest-secret-for-tests';
const ENV = ['DIGEST_WEBHOOK_URL', 'DIGEST_SECRET', 'DIGEST_FORMAT', 'DIGEST_MAX_ATTEMPTS', 'DIGEST_RETRY_SECONDS', 'DIGEST_TIMEOUT_SECONDS'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

function configure(extra: Record<string, string> = {}): void {
  process.env.DIGEST_WEBHOOK_URL = hook.url();
  Object.assign(process.env, extra);
}

/** The app's deps with the clock moved `ms` ahead. */
async function later(ms: number): Promise<NightlyDeps> {
  const deps = await nightlyDeps();
  return { ...deps, now: () => new Date(Date.now() + ms) };
}

const T = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

beforeAll(async () => {
  // A workload to claim now (5% of 1,000 seats: $4,000 + $6,000 at band M) and one below the seat minimum.
  for (const [n, body] of [
    [1, { customerName: 'Alpine', programId: 'security-usage', paidAvailableUnits: 1000, monthlyActiveUsers: 50 }],
    [2, { customerName: 'Birch', programId: 'security-usage', paidAvailableUnits: 100, monthlyActiveUsers: 10 }],
  ] as const) {
    expect((await call(host(), 'PUT', `/api/v1/workloads/${T(n)}/MDE`, { body })).status).toBe(201);
  }
});

describe('the morning digest', () => {
  it('Teams Workflows: one Adaptive Card with the changes by kind, the top of the work list, signed with the secret', async () => {
    configure({ DIGEST_SECRET: SECRET, DIGEST_FORMAT: 'adaptive-card' });
    await runNight('2026-11-01'); // first states
    // Birch buys seats: crossed the seat minimum tonight.
    const path = `/api/v1/workloads/${T(2)}/defender-for-endpoint`;
    const etag = (await call(host(), 'GET', path)).headers.get('etag')!;
    expect((await call(host(), 'PATCH', path, { body: { paidAvailableUnits: 600 }, headers: { 'if-match': etag } })).status).toBe(200);
    const run = await runNight('2026-11-02');
    expect(run.status).toBe('completed');
    await waitForDigest(run.runId);

    const [got, ...more] = hook.for(run.runId);
    expect(more).toHaveLength(0);
    expect(got!.headers['x-digest-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(got!.body).digest('hex')}`);
    const message = JSON.parse(got!.body);
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const { contentType, content } = message.attachments[0];
    expect(contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(Array.isArray(content.body)).toBe(true);
    for (const element of content.body) expect(['TextBlock', 'FactSet']).toContain(element.type);
    const texts = content.body.flatMap((e: { text?: string; facts?: Array<{ title: string; value: string }> }) => (e.facts ? e.facts.map((f) => `${f.title}: ${f.value}`) : [e.text]));
    expect(texts).toContain('Partner incentives: the night of 2026-11-02');
    // Birch at 600 seats (band S): $2,000 + $3,000 at stake.
    expect(texts).toContain('crossed-seat-minimum: 1 ($5,000.00 at stake)');
    expect(texts).toContain('Top 2 of 2 on the work list');
    expect(texts.find((t: string) => t.startsWith('1. **Alpine**'))).toMatch(/^1\. \*\*Alpine\*\*, defender-for-endpoint: claim-now, \$10,000\.00\. Claim now: /);

    const shown = await call(host(), 'GET', `/api/v1/runs/${run.runId}`);
    expect(shown.json.digest).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, format: 'adaptive-card', signed: true, target: new URL(hook.url()).origin });
    expect(shown.json.digest.message).toMatch(/^Delivered to http:\/\/127\.0\.0\.1:\d+ \(Adaptive Card, signed\) at .*, after 1 attempt\.$/);
  });

  it('any other URL gets JSON, unsigned without a secret', async () => {
    configure();
    const run = await runNight('2026-11-03');
    await waitForDigest(run.runId);
    const [got] = hook.for(run.runId);
    expect(got!.headers['x-digest-signature']).toBeUndefined();
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({ type: 'partner-incentives.digest', version: 1, runId: run.runId, night: '2026-11-03', status: 'completed', workListTotal: 2, runsWithErrors: [] });
    expect(body.top[0]).toMatchObject({ rank: 1, customerName: 'Alpine', action: 'claim-now', amountCents: 1000000, link: `/api/v1/workloads/${T(1)}/defender-for-endpoint` });
  });

  it('exactly one delivery per run across a retried part, a repeated part, a repeated finish and a restarted host', async () => {
    configure();
    // The part of shard 10 (both tenants) fails half-way once: the queue retries it and the run completes.
    const trigger = await nightlyDeps();
    let failures = 0;
    trigger.beforeWorkload = (index, message) => {
      if (message.shard === 10 && index === 1 && failures === 0) {
        failures++;
        throw new Error('killed half-way');
      }
    };
    let run;
    try {
      run = await runNight('2026-11-04');
    } finally {
      delete trigger.beforeWorkload;
    }
    expect(failures).toBe(1);
    expect(run.status).toBe('completed');
    await waitForDigest(run.runId);
    expect(hook.for(run.runId)).toHaveLength(1);
    const deps = await nightlyDeps();
    // The last part's message comes again: the part is done, nothing is sent.
    expect(await evaluatePart(deps, { runId: run.runId, night: run.night, shard: 10, part: 0 })).toBeNull();
    // The finish is seen again (a retried invocation).
    await digestAfterRun(deps, run.runId);
    // The host restarts (new clients, nothing in memory) and its watchdog sweeps.
    resetNightlyDeps();
    resetTrackedStore();
    await deliverDueDigests(await nightlyDeps());
    await deliverDueDigests(await later(60 * 60_000));
    expect(hook.for(run.runId)).toHaveLength(1);
  });

  it('a run that finished while no digest could be sent (host stopped) is sent once by the restarted host', async () => {
    delete process.env.DIGEST_WEBHOOK_URL;
    const run = await runNight('2026-11-05');
    expect((await call(host(), 'GET', `/api/v1/runs/${run.runId}`)).json.digest).toEqual({ status: 'not-configured', message: 'No digest: DIGEST_WEBHOOK_URL is not set.' });
    configure();
    resetNightlyDeps();
    expect((await call(host(), 'GET', `/api/v1/runs/${run.runId}`)).json.digest.status).toBe('pending');
    await Promise.all([deliverDueDigests(await nightlyDeps()), deliverDueDigests(await nightlyDeps())]); // two sweeps at once
    await deliverDueDigests(await nightlyDeps());
    expect(hook.for(run.runId)).toHaveLength(1);
  });

  it('a run with errors: the digest lists it, with the part that kept failing', async () => {
    configure();
    const deps = await nightlyDeps();
    deps.beforeWorkload = (_index, message) => {
      if (message.shard === 10) throw new Error('shard 10 is broken');
    };
    let run;
    try {
      run = await runNight('2026-11-10');
    } finally {
      delete deps.beforeWorkload;
    }
    expect(run.status).toBe('completed-with-errors');
    await waitForDigest(run.runId);
    const body = JSON.parse(hook.for(run.runId)[0]!.body);
    expect(body.runsWithErrors).toEqual([
      { runId: run.runId, night: '2026-11-10', status: 'completed-with-errors', errors: 1, detail: expect.stringContaining('Parts that kept failing: shard 10 part 0 (shard 10 is broken).') },
    ]);
  }, 90_000);

  it('a 4xx is recorded and not retried; the run completes', async () => {
    configure();
    hook.answerWith(400);
    const run = await runNight('2026-11-06');
    expect(run.status).toBe('completed');
    await waitForDigest(run.runId);
    const digest = (await call(host(), 'GET', `/api/v1/runs/${run.runId}`)).json.digest;
    expect(digest).toMatchObject({ status: 'rejected', attempts: 1, lastStatus: 400, lastError: 'HTTP 400: status 400' });
    expect(digest.message).toMatch(/^Rejected by http:\/\/127\.0\.0\.1:\d+ \(JSON\): HTTP 400: status 400; not retried \(fix the webhook\)\.$/);
    await deliverDueDigests(await later(24 * 60 * 60_000 - 60_000));
    expect(hook.for(run.runId)).toHaveLength(1);
  });

  it('a 5xx is retried with backoff, a bounded number of times, then given up', async () => {
    configure({ DIGEST_MAX_ATTEMPTS: '3', DIGEST_RETRY_SECONDS: '60' });
    hook.answerWith(503, 503, 503);
    const run = await runNight('2026-11-07');
    expect(run.status).toBe('completed');
    await waitForDigest(run.runId);
    const deps = await nightlyDeps();
    let record = await deliverDigest(deps, run.runId);
    expect(record).toMatchObject({ status: 'retrying', attempts: 1, lastStatus: 503 });
    // Not due yet: the first retry waits 60 s.
    await deliverDueDigests(await later(30_000));
    expect(hook.for(run.runId)).toHaveLength(1);
    await deliverDueDigests(await later(61_000));
    record = await deliverDigest(deps, run.runId);
    expect(record).toMatchObject({ status: 'retrying', attempts: 2 });
    // The second retry waits 4 x 60 s after the second attempt.
    expect(Date.parse(record!.nextAttemptAt!) - Date.now()).toBeGreaterThan(61_000 + 239_000 - 5_000);
    await deliverDueDigests(await later(61_000 + 241_000));
    record = await deliverDigest(deps, run.runId);
    expect(record).toMatchObject({ status: 'gave-up', attempts: 3, lastStatus: 503 });
    await deliverDueDigests(await later(24 * 60 * 60_000));
    expect(hook.for(run.runId)).toHaveLength(3);
  });

  it('a webhook that does not answer times out and is retried; a later attempt delivers', async () => {
    configure({ DIGEST_TIMEOUT_SECONDS: '1', DIGEST_RETRY_SECONDS: '60' });
    hook.answerWith('hang');
    const run = await runNight('2026-11-08');
    expect(run.status).toBe('completed');
    await waitForDigest(run.runId);
    const first = await deliverDigest(await nightlyDeps(), run.runId);
    expect(first).toMatchObject({ status: 'retrying', attempts: 1, lastStatus: null, lastError: 'no answer within 1 s' });
    await deliverDueDigests(await later(61_000));
    expect((await call(host(), 'GET', `/api/v1/runs/${run.runId}`)).json.digest).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(hook.for(run.runId)).toHaveLength(2);
  });

  it('npm run nightly prints where the digest went and whether it was delivered', async () => {
    const root = join(__dirname, '..', '..');
    const env = { ...process.env, INCENTIVES_STORAGE: azurite().connectionString, DIGEST_WEBHOOK_URL: hook.url() };
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'nightly.ts'), '--as-of', '2026-11-09'], {
      cwd: root,
      env,
      timeout: 90_000,
    });
    const runId = /Run (\S+) started for 2026-11-09\./.exec(stdout)?.[1];
    expect(runId).toBeDefined();
    expect(stdout).toMatch(/\nDigest: Delivered to http:\/\/127\.0\.0\.1:\d+ \(JSON\) at \S+, after 1 attempt\.\n/);
    expect(hook.for(runId!)).toHaveLength(1);
  }, 120_000);
});
