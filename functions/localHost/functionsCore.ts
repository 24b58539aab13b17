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

interface Binding {
  type: string;
  direction: string;
  route?: string;
  methods?: string[];
  authLevel?: 'anonymous' | 'function' | 'admin';
}

const registered: RegisteredHttpFunction[] = [];

/** Every HTTP function registered so far. */
export function registeredFunctions(): RegisteredHttpFunction[] {
  return registered;
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
  return { dispose() {} };
}

export function registerHook(): { dispose(): void } {
  return { dispose() {} };
}

export function log(): void {}
