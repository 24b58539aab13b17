/**
 * Nightly run answers: a run started (or the active one), and a run's progress with its
 * summary in words (GET /runs/{id}, POST /runs/{id}/cancel).
 */
import { z } from 'zod';
import type { DigestView } from '../../nightly/digest';
import { DIGEST_STATUSES, RUN_STATUSES, type RunProgress, type RunStatus } from '../../nightly/runStore';
import type { StartedRun } from '../../nightly/startRun';
import type { Extends, Out } from './describes';

export const StartedRunSchema = z.object({
  runId: z.string(),
  started: z.boolean().describe('False when another run holds the lock: runId is that run.'),
  night: z.iso.date(),
  location: z.string().describe('Where to follow its progress (also the Location header).'),
  message: z.string(),
});

const count = () => z.number().int().min(0);

export const DigestSchema = z
  .union([
    z.object({
      status: z.enum(DIGEST_STATUSES).describe('sending, delivered, retrying (a retry is due at nextAttemptAt), rejected (a 4xx: not retried) or gave-up.'),
      target: z.string().describe("The webhook's scheme and host (the rest of its URL is a secret)."),
      format: z.enum(['adaptive-card', 'json']),
      attempts: count(),
      claimedAt: z.iso.datetime(),
      lastStatus: z.number().int().nullable().describe("The last answer's HTTP status; null when there was none (timeout, refused)."),
      lastError: z.string().optional(),
      deliveredAt: z.iso.datetime().optional(),
      nextAttemptAt: z.iso.datetime().optional(),
      signed: z.boolean().describe('Signed with DIGEST_SECRET (x-digest-signature).'),
      message: z.string().describe('The digest in words.'),
    }),
    z.object({ status: z.enum(['not-configured', 'pending']), message: z.string() }),
  ])
  .describe("The run's morning digest: whether and where it was delivered.");

export const RunProgressSchema = z.object({
  runId: z.string(),
  night: z.iso.date(),
  trigger: z.string().describe('timer or manual.'),
  status: z.enum(RUN_STATUSES as unknown as [RunStatus, ...RunStatus[]]),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  shardsTotal: count(),
  reason: z.string().optional().describe('Why a run was cancelled or expired, in words.'),
  rebuilt: z.string().optional().describe("Set when the run's row was lost by storage and rebuilt from a shard message."),
  shardsDone: count(),
  partsDone: count(),
  workloadsEvaluated: count(),
  workloadsWritten: count().describe('Workloads whose new state this run wrote.'),
  workloadsFirstState: count().describe('Workloads evaluated for the first time: no change event, nothing earlier to compare with.'),
  changesFound: count().describe('Events this run put in the change feed.'),
  errors: count(),
  poison: z.array(z.object({ shard: z.number().int(), part: z.number().int(), error: z.string() })).describe('Parts that kept failing and went to the poison queue.'),
  requeued: count().describe('Parts the watchdog queued again because nothing was heard of them in time.'),
  lastHeardAt: z.iso.datetime(),
  summary: z.string().describe('The run in words.'),
  digest: DigestSchema,
});

type StartedRunJson = StartedRun & { location: string; message: string };
type RunProgressJson = RunProgress & { summary: string; digest: DigestView };
export type _Started = [Extends<StartedRunJson, Out<typeof StartedRunSchema>>, Extends<Out<typeof StartedRunSchema>, StartedRunJson>];
export type _Progress = [Extends<RunProgressJson, Out<typeof RunProgressSchema>>, Extends<Out<typeof RunProgressSchema>, RunProgressJson>];
