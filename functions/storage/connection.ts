/**
 * Which storage the app uses: the connection string in INCENTIVES_STORAGE, else the Functions
 * host's own AzureWebJobsStorage. `UseDevelopmentStorage=true` means Azurite on its standard
 * ports (10002 for tables, 10001 for queues), as Core Tools understand it.
 */
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';

export type AzuriteService = 'table' | 'queue';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The connection string of Azurite's development account at these ports. */
export function azuriteConnectionString(ports: Partial<Record<AzuriteService, number>>): string {
  const parts = ['DefaultEndpointsProtocol=http', `AccountName=${DEV_ACCOUNT}`, `AccountKey=${DEV_ACCOUNT_KEY}`];
  if (ports.table) parts.push(`TableEndpoint=http://127.0.0.1:${ports.table}/${DEV_ACCOUNT}`);
  if (ports.queue) parts.push(`QueueEndpoint=http://127.0.0.1:${ports.queue}/${DEV_ACCOUNT}`);
  return `${parts.join(';')};`;
}

export const STORAGE_SETTINGS = ['INCENTIVES_STORAGE', 'AzureWebJobsStorage'] as const;

export function storageConnectionString(env: Record<string, string | undefined> = process.env): string | null {
  for (const name of STORAGE_SETTINGS) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (/^UseDevelopmentStorage=true/i.test(value)) return azuriteConnectionString({ table: 10002, queue: 10001 });
    return value;
  }
  return null;
}

/**
 * How long one storage request may wait for its answer's headers before it is abandoned as a
 * timeout (a transient failure that withRetry retries within its time budget). Without it a
 * paused table service holds every request open for as long as the socket lives.
 */
export const STORAGE_REQUEST_TIMEOUT_MS = 3_000;

type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

/** Gives every request of a client the timeout, unless the call set one of its own. */
const requestTimeoutPolicy: PipelinePolicy = {
  name: 'storageRequestTimeout',
  sendRequest: (request, next) => {
    if (!request.timeout) request.timeout = STORAGE_REQUEST_TIMEOUT_MS;
    return next(request);
  },
};

/**
 * A table client for the app's storage: plain HTTP allowed for Azurite, every request bounded
 * by STORAGE_REQUEST_TIMEOUT_MS (transactions included: they use the client's pipeline), and
 * the SDK's own retries off (every call goes through withRetry: one policy, visible and tested).
 */
export function tableClient(connectionString: string, table: string): TableClient {
  return TableClient.fromConnectionString(connectionString, table, {
    allowInsecureConnection: /^UseDevelopmentStorage=true|http:\/\//i.test(connectionString),
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: requestTimeoutPolicy, position: 'perCall' }],
  });
}
