/**
 * Load the app's registration module with the `@azure/functions-core` stand-in in place, and
 * return the HTTP functions it registered.
 */
import Module from 'node:module';
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
