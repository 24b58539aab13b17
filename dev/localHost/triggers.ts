/**
 * The local host's timer and queue triggers, doing what the Functions host does: a timer
 * calls its function at each NCRONTAB occurrence (and once at start with runOnStartup); a
 * queue trigger receives messages, calls its function with the decoded message and the
 * dequeue count in triggerMetadata, deletes the message on success, makes it visible again on
 * failure, and moves it to `<queue>-poison` after maxDequeueCount attempts. Storage being
 * down is waited out, never fatal.
 */
import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import { decodeMessage, MAX_DEQUEUE_COUNT, POISON_SUFFIX, queueClient } from '../../functions/nightly/shardQueue';
import { parseNcrontab } from './ncrontab';
import type { RegisteredTriggerFunction } from './registry';

export interface TriggerOptions {
  connectionString: string;
  log: (line: string) => void;
  /** Milliseconds between polls of an empty queue. */
  pollMs?: number;
  /** Messages handled at once per queue (host.json queues.batchSize). */
  batchSize?: number;
  /** Seconds a received message stays invisible while it is handled. */
  visibilityTimeout?: number;
  maxDequeueCount?: number;
  /** Run the timers (npm start); tests drive runs themselves. */
  timers?: boolean;
}

export interface Triggers {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

function context(fn: RegisteredTriggerFunction, log: (line: string) => void, triggerMetadata: Record<string, unknown>): InvocationContext {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName: fn.name,
    triggerMetadata,
    logHandler: (level, ...args) => log(`[${fn.name}] ${level}: ${args.map(String).join(' ')}`),
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function runQueue(fn: RegisteredTriggerFunction, options: TriggerOptions, stopped: () => boolean): Promise<void> {
  const queue = queueClient(options.connectionString, fn.queueName!);
  const poison = queueClient(options.connectionString, `${fn.queueName}${POISON_SUFFIX}`);
  const max = options.maxDequeueCount ?? MAX_DEQUEUE_COUNT;
  let downSince = 0;
  let ready = false;
  while (!stopped()) {
    try {
      if (!ready) {
        await queue.createIfNotExists();
        await poison.createIfNotExists();
        ready = true;
      }
      const received = await queue.receiveMessages({ numberOfMessages: options.batchSize ?? 4, visibilityTimeout: options.visibilityTimeout ?? 60 });
      if (downSince) {
        options.log(`[${fn.name}] queue ${fn.queueName} reachable again`);
        downSince = 0;
      }
      if (received.receivedMessageItems.length === 0) {
        await sleep(options.pollMs ?? 250);
        continue;
      }
      await Promise.all(
        received.receivedMessageItems.map(async (m) => {
          const ctx = context(fn, options.log, { id: m.messageId, dequeueCount: m.dequeueCount, insertionTime: m.insertedOn, popReceipt: m.popReceipt });
          try {
            await fn.handler(decodeMessage(m.messageText), ctx);
            await queue.deleteMessage(m.messageId, m.popReceipt);
          } catch (e) {
            options.log(`[${fn.name}] failed (attempt ${m.dequeueCount} of ${max}): ${describe(e)}`);
            try {
              if (m.dequeueCount >= max) {
                await poison.sendMessage(m.messageText);
                await queue.deleteMessage(m.messageId, m.popReceipt);
                options.log(`[${fn.name}] message ${m.messageId} moved to ${fn.queueName}${POISON_SUFFIX}`);
              } else {
                await queue.updateMessage(m.messageId, m.popReceipt, undefined, 1);
              }
            } catch (e2) {
              // Storage down: the message shows again after its visibility timeout.
              options.log(`[${fn.name}] could not requeue ${m.messageId}: ${describe(e2)}`);
            }
          }
        }),
      );
    } catch (e) {
      if (!downSince) {
        downSince = Date.now();
        options.log(`[${fn.name}] queue ${fn.queueName} unreachable (${describe(e)}); retrying`);
      }
      ready = false;
      await sleep(1000);
    }
  }
}

function runTimer(fn: RegisteredTriggerFunction, options: TriggerOptions, stopped: () => boolean): () => void {
  const schedule = parseNcrontab(fn.schedule!);
  let timer: NodeJS.Timeout | undefined;
  let last: Date | null = null;
  const fire = async (isPastDue: boolean) => {
    const next = schedule.next(new Date());
    const ctx = context(fn, options.log, {});
    try {
      await fn.handler({ isPastDue, schedule: { adjustForDST: false }, scheduleStatus: { last: last?.toISOString(), next: next.toISOString(), lastUpdated: new Date().toISOString() } }, ctx);
    } catch (e) {
      options.log(`[${fn.name}] failed: ${describe(e)}`);
    }
    last = new Date();
  };
  const arm = () => {
    if (stopped()) return;
    const at = schedule.next(new Date());
    // setTimeout holds at most ~24.8 days; re-arm on the way for later occurrences.
    const wait = Math.min(at.getTime() - Date.now(), 2 ** 31 - 1);
    timer = setTimeout(() => {
      if (Date.now() >= at.getTime() - 5) void fire(Date.now() - at.getTime() > 60_000).then(arm);
      else arm();
    }, wait);
  };
  options.log(`[${fn.name}] timer ${fn.schedule} (UTC); next at ${schedule.next(new Date()).toISOString()}`);
  if (fn.runOnStartup) void fire(false).then(arm);
  else arm();
  return () => clearTimeout(timer);
}

/** Start the app's queue triggers (and timers unless `timers: false`). */
export function startTriggers(functions: RegisteredTriggerFunction[], options: TriggerOptions): Triggers {
  let stopped = false;
  const isStopped = () => stopped;
  const loops = functions.filter((f) => f.type === 'queueTrigger').map((f) => runQueue(f, options, isStopped));
  const timers = options.timers === false ? [] : functions.filter((f) => f.type === 'timerTrigger').map((f) => runTimer(f, options, isStopped));
  return {
    stop: async () => {
      stopped = true;
      for (const clear of timers) clear();
      await Promise.all(loops);
    },
  };
}
