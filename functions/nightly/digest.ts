/**
 * The morning digest: after a nightly run finishes, one message to the webhook the team
 * configures (DIGEST_WEBHOOK_URL): the night's changes grouped by kind with amounts, the top 10
 * of the work list, runs with errors (digestMessage.ts writes it).
 *
 * Once per run, whatever the retries and restarts: the sender first creates the run's digest
 * record in the runs table (PartitionKey `digest`); whoever fails to create it does not send.
 * The outcome is written back with the ETag of that claim. A failed attempt (5xx, 408, 429, a
 * timeout, a refused connection) is retried later with backoff, up to DIGEST_MAX_ATTEMPTS
 * (default 4; waits of DIGEST_RETRY_SECONDS, default 60, times 4 to the attempt); a 4xx is
 * recorded as rejected and not retried. Retries are taken by `deliverDueDigests`, which the
 * watchdog timer runs every few minutes, as it does a digest whose sender went silent for
 * longer than an attempt can take (a host restarted mid-send: at most that one is sent twice,
 * and every message carries `x-digest-id` so a receiver can drop a repeat). Nothing here ever
 * fails or delays the run: it is finished before the digest is sent, and every error is recorded.
 *
 * With DIGEST_SECRET set, each message is signed: `x-digest-signature: sha256=<hex HMAC-SHA256
 * of the exact body with the secret>`.
 */
import { createHmac } from 'node:crypto';
import { CHANGE_KINDS, type ChangeKind } from '../../shared';
import { readWorkList, workloadPath } from '../storage/workListOf';
import { digestCard, digestJson, formatFor, type DigestChangeGroup, type DigestContent, type DigestFormat, type DigestRunWithErrors } from './digestMessage';
import type { NightlyDeps } from './nightlyDeps';
import type { DigestRecord, RunProgress } from './runStore';
import { describeRun } from './runSummary';

export const DIGEST_TOP = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DigestConfig {
  url: URL;
  secret: string | null;
  format: DigestFormat;
  maxAttempts: number;
  retryMs: number;
  timeoutMs: number;
}

/** Kinds whose amount is money lost; the others show the work list's money at stake. */
const LOST_KINDS: ReadonlySet<ChangeKind> = new Set<ChangeKind>(['no-longer-claimable', 'nothing-left-to-earn', 'excluded', 'partner-of-record-lost']);

/** The digest settings, or null when no webhook is configured. A URL that is not http(s) is a configuration error. */
export function digestConfig(env: Record<string, string | undefined> = process.env): DigestConfig | null {
  const raw = env.DIGEST_WEBHOOK_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('DIGEST_WEBHOOK_URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`DIGEST_WEBHOOK_URL must be http(s), not ${url.protocol}`);
  const number = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    url,
    secret: env.DIGEST_SECRET ? env.DIGEST_SECRET : null,
    format: formatFor(url, env.DIGEST_FORMAT),
    maxAttempts: Math.floor(number('DIGEST_MAX_ATTEMPTS', 4)),
    retryMs: number('DIGEST_RETRY_SECONDS', 60) * 1000,
    timeoutMs: number('DIGEST_TIMEOUT_SECONDS', 10) * 1000,
  };
}

/** Where a digest goes, as it may be shown: the scheme and host (the path of a webhook URL is its secret). */
export function targetOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** The signature header's value for a body. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Everything the digest of a finished run says. */
export async function digestContent(deps: NightlyDeps, progress: RunProgress): Promise<DigestContent> {
  const work = await readWorkList(deps.store, progress.night);
  const atStake = new Map<string, number>();
  for (const l of work.lines) {
    const key = `${l.tenantId}|${l.workload}`;
    atStake.set(key, Math.max(atStake.get(key) ?? 0, l.amountCents ?? 0));
  }
  const groups = new Map<ChangeKind, DigestChangeGroup>();
  let token: string | undefined;
  do {
    const page = await deps.runs.listChanges({ since: new Date(`${progress.night}T00:00:00Z`) }, 1000, token);
    token = page.continuationToken;
    for (const c of page.items) {
      if (c.night !== progress.night) continue;
      const lost = LOST_KINDS.has(c.kind);
      const g = groups.get(c.kind) ?? { kind: c.kind, count: 0, amountCents: 0, amountIs: lost ? 'lost' : 'at-stake' };
      g.count++;
      g.amountCents += lost ? (c.lostCents ?? 0) : (atStake.get(`${c.tenantId}|${c.workload}`) ?? 0);
      groups.set(c.kind, g);
    }
  } while (token !== undefined);
  const runsWithErrors: DigestRunWithErrors[] = [];
  if (progress.errors > 0 || progress.poison.length > 0 || progress.status === 'expired' || progress.status === 'completed-with-errors') {
    runsWithErrors.push({ runId: progress.runId, night: progress.night, status: progress.status, errors: progress.errors, detail: describeRun(progress) });
  }
  // Other runs that did not end cleanly, of the week before this one finished.
  const weekBefore = new Date(Date.parse(progress.finishedAt ?? progress.startedAt) - 7 * DAY_MS).toISOString();
  for (const run of await deps.runs.listRuns()) {
    if (run.runId === progress.runId || run.status === 'completed' || run.status === 'running' || (run.finishedAt ?? run.startedAt) < weekBefore) continue;
    runsWithErrors.push({ runId: run.runId, night: run.night, status: run.status, errors: null, detail: run.reason ?? `It ended ${run.status}.` });
  }
  return {
    runId: progress.runId,
    night: progress.night,
    status: progress.status,
    summary: describeRun(progress),
    currency: work.lines[0]?.currency ?? 'USD',
    changes: CHANGE_KINDS.filter((k) => groups.has(k)).map((k) => groups.get(k)!),
    top: work.lines.slice(0, DIGEST_TOP).map((l, i) => ({ rank: i + 1, ...l, link: workloadPath(l.tenantId, l.workload) })),
    workListTotal: work.lines.length,
    runsWithErrors,
  };
}

type Attempt = { ok: true; status: number } | { ok: false; status: number | null; error: string; retry: boolean };

/** One POST of the body; never throws. */
async function post(config: DigestConfig, runId: string, body: string): Promise<Attempt> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-digest-id': runId };
  if (config.secret !== null) headers['x-digest-signature'] = signatureOf(body, config.secret);
  try {
    const res = await fetch(config.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(config.timeoutMs), redirect: 'error' });
    const text = await res.text().catch(() => '');
    if (res.ok) return { ok: true, status: res.status };
    const retry = res.status >= 500 || res.status === 408 || res.status === 429;
    return { ok: false, status: res.status, error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, retry };
  } catch (e) {
    // An abort is a DOMException, which is not always an Error of this realm: read its name.
    const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return {
      ok: false,
      status: null,
      error: timedOut ? `no answer within ${config.timeoutMs / 1000} s` : `could not connect (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`,
      retry: true,
    };
  }
}

export type DigestView = (DigestRecord & { message: string }) | { status: 'not-configured' | 'pending'; message: string };

/** A digest record in words. */
export function describeDigest(r: DigestRecord): string {
  const where = `${r.target} (${r.format === 'adaptive-card' ? 'Adaptive Card' : 'JSON'}${r.signed ? ', signed' : ''})`;
  const tries = `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`;
  switch (r.status) {
    case 'delivered':
      return `Delivered to ${where} at ${r.deliveredAt}, after ${tries}.`;
    case 'sending':
      return `Being sent to ${where} (taken at ${r.claimedAt}).`;
    case 'retrying':
      return `Not delivered yet to ${where}: ${r.lastError} after ${tries}; retried from ${r.nextAttemptAt}.`;
    case 'rejected':
      return `Rejected by ${where}: ${r.lastError}; not retried (fix the webhook).`;
    case 'gave-up':
      return `Not delivered to ${where}: ${r.lastError} after ${tries}; given up.`;
  }
}

/** How a run's digest stands, for GET /runs/{id} and `npm run nightly`. */
export async function digestView(deps: Pick<NightlyDeps, 'runs'>, runId: string, running: boolean): Promise<DigestView> {
  const found = await deps.runs.getDigest(runId);
  if (found !== null) return { ...found.record, message: describeDigest(found.record) };
  let config: DigestConfig | null;
  try {
    config = digestConfig();
  } catch (e) {
    return { status: 'not-configured', message: `Not sent: ${e instanceof Error ? e.message : String(e)}.` };
  }
  if (config === null) return { status: 'not-configured', message: 'No digest: DIGEST_WEBHOOK_URL is not set.' };
  return { status: 'pending', message: running ? `Sent to ${targetOf(config.url)} when the run finishes.` : `Not sent yet to ${targetOf(config.url)}; the watchdog sends it.` };
}

/**
 * Send a finished run's digest if it is this caller's to send: not sent yet, a retry that is
 * due, or a sender silent for too long. Returns the record as it stands after (null: no webhook
 * configured, or the run is not finished).
 */
export async function deliverDigest(deps: NightlyDeps, runId: string, config: DigestConfig | null = digestConfig()): Promise<DigestRecord | null> {
  if (config === null) return null;
  const now = deps.now();
  const progress = await deps.runs.progress(runId);
  if (progress === null || progress.status === 'running') return null;
  const found = await deps.runs.getDigest(runId);
  const fresh: DigestRecord = {
    status: 'sending',
    target: targetOf(config.url),
    format: config.format,
    attempts: found?.record.attempts ?? 0,
    claimedAt: now.toISOString(),
    lastStatus: found?.record.lastStatus ?? null,
    signed: config.secret !== null,
  };
  if (found !== null) {
    const r = found.record;
    const due = r.status === 'retrying' && r.nextAttemptAt !== undefined && Date.parse(r.nextAttemptAt) <= now.getTime();
    const silent = r.status === 'sending' && now.getTime() - Date.parse(r.claimedAt) > config.timeoutMs + 60_000;
    if (!due && !silent) return r;
  }
  const etag = await deps.runs.claimDigest(runId, fresh, found?.etag);
  if (etag === null) return (await deps.runs.getDigest(runId))?.record ?? null; // another sender took it
  let body: string;
  try {
    const content = await digestContent(deps, progress);
    body = JSON.stringify(config.format === 'adaptive-card' ? digestCard(content) : digestJson(content));
  } catch (e) {
    // Storage failed while gathering: a retry later, like a failed POST.
    return settle(deps, runId, etag, fresh, config, { ok: false, status: null, error: `could not gather the digest (${e instanceof Error ? e.message : String(e)})`, retry: true });
  }
  return settle(deps, runId, etag, fresh, config, await post(config, runId, body));
}

async function settle(deps: NightlyDeps, runId: string, etag: string, taken: DigestRecord, config: DigestConfig, attempt: Attempt): Promise<DigestRecord> {
  const now = deps.now();
  const attempts = taken.attempts + 1;
  const base = { target: taken.target, format: taken.format, claimedAt: taken.claimedAt, signed: taken.signed, attempts, lastStatus: attempt.status };
  let record: DigestRecord;
  if (attempt.ok) record = { ...base, status: 'delivered', deliveredAt: now.toISOString() };
  else if (!attempt.retry) record = { ...base, status: 'rejected', lastError: attempt.error };
  else if (attempts >= config.maxAttempts) record = { ...base, status: 'gave-up', lastError: attempt.error };
  else record = { ...base, status: 'retrying', lastError: attempt.error, nextAttemptAt: new Date(now.getTime() + config.retryMs * 4 ** (attempts - 1)).toISOString() };
  await deps.runs.recordDigest(runId, record, etag);
  return record;
}

/** Send the digest of a run that just finished; never throws (the outcome is in the record). */
export async function digestAfterRun(deps: NightlyDeps, runId: string): Promise<void> {
  try {
    await deliverDigest(deps, runId);
  } catch {
    // A configuration or storage error: the watchdog's sweep tries again; GET /runs/{id} shows the state.
  }
}

/** The watchdog's sweep: send every digest of the past two days still due (never sent, a due retry, a silent sender). */
export async function deliverDueDigests(deps: NightlyDeps): Promise<Array<{ runId: string; record: DigestRecord | null }>> {
  const config = digestConfig();
  if (config === null) return [];
  const since = new Date(deps.now().getTime() - 2 * DAY_MS).toISOString();
  const out: Array<{ runId: string; record: DigestRecord | null }> = [];
  for (const run of await deps.runs.listRuns()) {
    if (run.status === 'running' || run.finishedAt === undefined || run.finishedAt < since) continue;
    out.push({ runId: run.runId, record: await deliverDigest(deps, run.runId, config) });
  }
  return out;
}
