/**
 * The one place where every function is registered with the Azure Functions app. Importing a
 * handler module registers nothing; importing this module registers them all (the Functions
 * host loads it through `functions/index.ts`; the local host loads it the same way).
 */
import { app } from '@azure/functions';
import { listPrograms, getProgram, getCatalog } from './http/catalog';
import { amendProgram, deleteProgram, programHistory, programWhatIf, putProgram } from './http/programs';
import { getWorkloadsCatalog } from './http/workloadsCatalog';
import { attribution } from './http/attribution';
import { poeCheck } from './http/poeCheck';
import { recognition } from './http/recognition';
import { sizeBandHandler } from './http/sizeBand';
import { eligibility } from './http/eligibility';
import { payout } from './http/payout';
import { importUsage } from './http/import';
import { evaluateShard, NIGHTLY_SCHEDULE, NIGHTLY_WATCHDOG_SCHEDULE, nightlyTimer, nightlyWatchdog } from './nightly/handlers';
import { cancelRun, getRun, listChanges, reevaluate } from './http/runs';
import { SHARD_QUEUE } from './nightly/shardQueue';
import { health, openApi } from './http/service';
import { listActions } from './http/actions';
import { calibration, listReconciliation, reconciliationLookup, reconciliationSummary, trackedPayout } from './http/reconciliation';
import { deletePayment, listPayments, postPayment } from './http/payments';
import { deleteWorkload, getUsage, getWorkload, listWorkloads, lookupWorkloads, patchWorkload, postUsage, putWorkload } from './http/workloads';

// Streamed responses (a large batch's verdicts leave as they are written).
app.setup({ enableHttpStream: true });

app.http('eligibility', { route: 'v1/eligibility', methods: ['POST'], authLevel: 'function', handler: eligibility });
app.http('payout', { route: 'v1/payout', methods: ['POST'], authLevel: 'function', handler: payout });
app.http('sizeBand', { route: 'v1/size-band', methods: ['GET'], authLevel: 'function', handler: sizeBandHandler });
app.http('poeCheck', { route: 'v1/poe-check', methods: ['POST'], authLevel: 'function', handler: poeCheck });
app.http('attribution', { route: 'v1/attribution', methods: ['POST'], authLevel: 'function', handler: attribution });
app.http('recognition', { route: 'v1/recognition', methods: ['POST'], authLevel: 'function', handler: recognition });
app.http('listPrograms', { route: 'v1/programs', methods: ['GET'], authLevel: 'function', handler: listPrograms });
app.http('getProgram', { route: 'v1/programs/{id}', methods: ['GET'], authLevel: 'function', handler: getProgram });
app.http('workloadsCatalog', { route: 'v1/workloads-catalog', methods: ['GET'], authLevel: 'function', handler: getWorkloadsCatalog });
app.http('putProgram', { route: 'v1/programs/{id}', methods: ['PUT'], authLevel: 'function', handler: putProgram });
app.http('deleteProgram', { route: 'v1/programs/{id}', methods: ['DELETE'], authLevel: 'function', handler: deleteProgram });
app.http('amendProgram', { route: 'v1/programs/{id}/amendments', methods: ['POST'], authLevel: 'function', handler: amendProgram });
app.http('programHistory', { route: 'v1/programs/{id}/history', methods: ['GET'], authLevel: 'function', handler: programHistory });
app.http('programWhatIf', { route: 'v1/programs/{id}/what-if', methods: ['POST'], authLevel: 'function', handler: programWhatIf });
app.http('getCatalog', { route: 'v1/catalog', methods: ['GET'], authLevel: 'function', handler: getCatalog });
app.http('health', { route: 'v1/health', methods: ['GET'], authLevel: 'anonymous', handler: health });
app.http('openApi', { route: 'v1/openapi.json', methods: ['GET'], authLevel: 'anonymous', handler: openApi });

// Tracked customers (Table Storage).
app.http('putWorkload', { route: 'v1/workloads/{tenantId}/{workload}', methods: ['PUT'], authLevel: 'function', handler: putWorkload });
app.http('patchWorkload', { route: 'v1/workloads/{tenantId}/{workload}', methods: ['PATCH'], authLevel: 'function', handler: patchWorkload });
app.http('deleteWorkload', { route: 'v1/workloads/{tenantId}/{workload}', methods: ['DELETE'], authLevel: 'function', handler: deleteWorkload });
app.http('getWorkload', { route: 'v1/workloads/{tenantId}/{workload}', methods: ['GET'], authLevel: 'function', handler: getWorkload });
app.http('listWorkloads', { route: 'v1/workloads', methods: ['GET'], authLevel: 'function', handler: listWorkloads });
app.http('lookupWorkloads', { route: 'v1/workloads/lookup', methods: ['POST'], authLevel: 'function', handler: lookupWorkloads });
app.http('postUsage', { route: 'v1/workloads/{tenantId}/{workload}/usage', methods: ['POST'], authLevel: 'function', handler: postUsage });
app.http('getUsage', { route: 'v1/workloads/{tenantId}/{workload}/usage', methods: ['GET'], authLevel: 'function', handler: getUsage });
app.http('trackedPayout', { route: 'v1/workloads/{tenantId}/{workload}/payout', methods: ['GET'], authLevel: 'function', handler: trackedPayout });
app.http('postPayment', { route: 'v1/workloads/{tenantId}/{workload}/payments', methods: ['POST'], authLevel: 'function', handler: postPayment });
app.http('listPayments', { route: 'v1/workloads/{tenantId}/{workload}/payments', methods: ['GET'], authLevel: 'function', handler: listPayments });
app.http('deletePayment', { route: 'v1/workloads/{tenantId}/{workload}/payments/{id}', methods: ['DELETE'], authLevel: 'function', handler: deletePayment });
app.http('listReconciliation', { route: 'v1/reconciliation', methods: ['GET'], authLevel: 'function', handler: listReconciliation });
app.http('reconciliationLookup', { route: 'v1/reconciliation/lookup', methods: ['POST'], authLevel: 'function', handler: reconciliationLookup });
app.http('calibration', { route: 'v1/calibration', methods: ['GET'], authLevel: 'function', handler: calibration });
app.http('reconciliationSummary', { route: 'v1/reconciliation/summary', methods: ['GET'], authLevel: 'function', handler: reconciliationSummary });
app.http('listActions', { route: 'v1/actions', methods: ['GET'], authLevel: 'function', handler: listActions });
app.http('importUsage', { route: 'v1/import', methods: ['POST'], authLevel: 'function', handler: importUsage });

// The nightly re-evaluation: a timer fans out shards over a queue; HTTP starts runs and reads results.
app.timer('nightlyTimer', { schedule: NIGHTLY_SCHEDULE, runOnStartup: false, handler: nightlyTimer });
app.timer('nightlyWatchdog', { schedule: NIGHTLY_WATCHDOG_SCHEDULE, runOnStartup: false, handler: nightlyWatchdog });
app.storageQueue('evaluateShard', { queueName: SHARD_QUEUE, connection: 'AzureWebJobsStorage', handler: evaluateShard });
app.http('reevaluate', { route: 'v1/reevaluate', methods: ['POST'], authLevel: 'function', handler: reevaluate });
app.http('getRun', { route: 'v1/runs/{id}', methods: ['GET'], authLevel: 'function', handler: getRun });
app.http('cancelRun', { route: 'v1/runs/{id}/cancel', methods: ['POST'], authLevel: 'function', handler: cancelRun });
app.http('listChanges', { route: 'v1/changes', methods: ['GET'], authLevel: 'function', handler: listChanges });
