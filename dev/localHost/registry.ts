/**
 * Load the app's registration module with the `@azure/functions-core` stand-in in place, and
 * return the HTTP functions it registered.
 */
import Module from 'node:module';
import { resolve as resolvePath } from 'node:path';
import * as functionsCore from './functionsCore';

export type { RegisteredHttpFunction, RegisteredTriggerFunction } from './functionsCore';

let installed = false;

/** Make `require('@azure/functions-core')` resolve to the stand-in (plain Node). */
function installStandIn(): void {
  if (installed) return;
  installed = true;
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  loader._load = function load(request: string, parent: unknown, isMain: boolean) {
    if (request === '@azure/functions-core') return functionsCore;
    return original.call(this, request, parent, isMain);
  };
}

export function loadRegisteredFunctions(): functionsCore.RegisteredHttpFunction[] {
  installStandIn();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../functions/app');
  return functionsCore.registeredFunctions();
}

/** The timer and queue functions the app registered. */
export function loadRegisteredTriggers(): functionsCore.RegisteredTriggerFunction[] {
  loadRegisteredFunctions();
  return functionsCore.registeredTriggers();
}

/** What a registration declares (its handler left out): comparable across builds. */
export interface Registration {
  name: string;
  kind: 'http' | 'timerTrigger' | 'queueTrigger';
  route?: string;
  methods?: string[];
  authLevel?: string;
  schedule?: string;
  runOnStartup?: boolean;
  queueName?: string;
  connection?: string;
}

/**
 * Load an app's entry module (the development sources by default, or a packaged
 * `dist/functions/index.js`) with the stand-in in place, and list what it registered.
 */
export function registrationsOf(main?: string): Registration[] {
  installStandIn();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(main ?? '../../functions/app');
  const http = functionsCore.registeredFunctions().map(({ name, route, methods, authLevel }): Registration => ({ name, kind: 'http', route, methods: [...methods].sort(), authLevel }));
  const triggers = functionsCore
    .registeredTriggers()
    .map(({ name, type, schedule, runOnStartup, queueName, connection }): Registration => ({ name, kind: type, schedule, runOnStartup, queueName, connection }));
  return [...http, ...triggers].sort((a, b) => a.name.localeCompare(b.name));
}

// `tsx dev/localHost/registry.ts [main]`: the registrations as JSON (the package test compares the packaged app's with the sources').
if (require.main === module) {
  const main = process.argv[2];
  console.log(JSON.stringify(registrationsOf(main ? resolvePath(main) : undefined)));
}
