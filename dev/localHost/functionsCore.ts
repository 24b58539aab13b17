/**
 * A stand-in for `@azure/functions-core`, the module the Azure Functions worker provides and
 * through which `app.http(...)` hands each function to the host. The local host (and the API
 * tests, through jest's moduleNameMapper) put this module in its place, so that registering
 * with `app` records the exact handlers the local host then serves.
 */

export interface RegisteredHttpFunction {
  name: string;
  route: string;
  methods: string[];
  authLevel: 'anonymous' | 'function' | 'admin';
  handler: (...args: unknown[]) => unknown;
}

/** A timer- or queue-triggered function. */
export interface RegisteredTriggerFunction {
  name: string;
  type: 'timerTrigger' | 'queueTrigger';
  /** Timer: the NCRONTAB schedule, and whether it runs once at start. */
  schedule?: string;
  runOnStartup?: boolean;
  /** Queue: the queue's name and the setting naming its storage connection. */
  queueName?: string;
  connection?: string;
  handler: (...args: unknown[]) => unknown;
}

interface Binding {
  type: string;
  direction: string;
  route?: string;
  methods?: string[];
  authLevel?: 'anonymous' | 'function' | 'admin';
  schedule?: string;
  runOnStartup?: boolean;
  queueName?: string;
  connection?: string;
}

const registered: RegisteredHttpFunction[] = [];
const triggers: RegisteredTriggerFunction[] = [];

/** Every HTTP function registered so far. */
export function registeredFunctions(): RegisteredHttpFunction[] {
  return registered;
}

/** Every timer and queue function registered so far. */
export function registeredTriggers(): RegisteredTriggerFunction[] {
  return triggers;
}

export function setProgrammingModel(): void {}

export function getProgrammingModel(): undefined {
  return undefined;
}

export function registerFunction(metadata: { name: string; bindings: Record<string, Binding> }, handler: (...args: unknown[]) => unknown): { dispose(): void } {
  const trigger = Object.values(metadata.bindings).find((b) => b.direction === 'in' && b.type === 'httpTrigger');
  if (trigger) {
    registered.push({
      name: metadata.name,
      route: trigger.route ?? metadata.name,
      methods: (trigger.methods ?? ['GET', 'POST']).map((m) => m.toUpperCase()),
      authLevel: trigger.authLevel ?? 'anonymous',
      handler,
    });
  }
  const other = Object.values(metadata.bindings).find((b) => b.direction === 'in' && (b.type === 'timerTrigger' || b.type === 'queueTrigger'));
  if (other) {
    const fn: RegisteredTriggerFunction = { name: metadata.name, type: other.type as RegisteredTriggerFunction['type'], handler };
    if (other.schedule !== undefined) fn.schedule = other.schedule;
    if (other.runOnStartup !== undefined) fn.runOnStartup = other.runOnStartup;
    if (other.queueName !== undefined) fn.queueName = other.queueName;
    if (other.connection !== undefined) fn.connection = other.connection;
    triggers.push(fn);
  }
  return { dispose() {} };
}

export function registerHook(): { dispose(): void } {
  return { dispose() {} };
}

export function log(): void {}
