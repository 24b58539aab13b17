/**
 * Nightly run answers: a run started (or the active one), and a run's progress with its
 * summary in words (GET /runs/{id}, POST /runs/{id}/cancel).
 */
import { z } from 'zod';
import { RUN_STATUSES, type RunProgress, type RunStatus } from '../../nightly/runStore';
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
});

type StartedRunJson = StartedRun & { location: string; message: string };
type RunProgressJson = RunProgress & { summary: string };
export type _Started = [Extends<StartedRunJson, Out<typeof StartedRunSchema>>, Extends<Out<typeof StartedRunSchema>, StartedRunJson>];
export type _Progress = [Extends<RunProgressJson, Out<typeof RunProgressSchema>>, Extends<Out<typeof RunProgressSchema>, RunProgressJson>];
