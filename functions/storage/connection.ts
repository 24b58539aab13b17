/**
 * Which storage the app uses: the connection string in INCENTIVES_STORAGE, else the Functions
 * host's own AzureWebJobsStorage. `UseDevelopmentStorage=true` means Azurite on its standard
 * ports (10002 for tables, 10001 for queues), as Core Tools understand it.
 *
 * In Azure the app holds no account key: the settings are identity-based, as the Functions
 * host reads them (`AzureWebJobsStorage__accountName`, optionally `__tableServiceUri`,
 * `__queueServiceUri`, `__credential=managedidentity`, `__clientId`), and the clients
 * authenticate with `DefaultAzureCredential` (the app's managed identity in Azure, a
 * developer's `az login` elsewhere). A connection string, where one is set, wins.
 */
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

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

/** Storage reached with a token credential (a managed identity), not a key. */
export interface IdentityConnection {
  readonly kind: 'identity';
  readonly accountName: string;
  readonly tableEndpoint: string;
  readonly queueEndpoint: string;
  /** The user-assigned identity's client id, when the settings name one. */
  readonly clientId?: string;
  /** Made on first use (DefaultAzureCredential unless a test gives its own). */
  readonly credential: () => TokenCredential;
}

/** A connection string (Azurite, or an account key) or an identity-based connection. */
export type StorageConnection = string | IdentityConnection;

const credentials = new Map<string, TokenCredential>();

function defaultCredential(clientId: string | undefined): TokenCredential {
  const key = clientId ?? '';
  let credential = credentials.get(key);
  if (!credential) {
    credential = new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
    credentials.set(key, credential);
  }
  return credential;
}

/**
 * The identity-based connection the `<name>__accountName` (or `__tableServiceUri` /
 * `__queueServiceUri`) settings describe, or null when they are absent.
 */
export function identityConnection(name: string, env: Record<string, string | undefined> = process.env, credential?: () => TokenCredential): IdentityConnection | null {
  const get = (suffix: string) => env[`${name}__${suffix}`]?.trim() || undefined;
  const tableUri = get('tableServiceUri');
  const queueUri = get('queueServiceUri');
  const accountName = get('accountName') ?? (tableUri ?? queueUri)?.match(/^https?:\/\/([^.]+)\./)?.[1];
  if (!accountName) return null;
  const clientId = get('clientId');
  return {
    kind: 'identity',
    accountName,
    tableEndpoint: tableUri ?? `https://${accountName}.table.core.windows.net`,
    queueEndpoint: queueUri ?? `https://${accountName}.queue.core.windows.net`,
    clientId,
    credential: credential ?? (() => defaultCredential(clientId)),
  };
}

/**
 * The app's storage: for each of STORAGE_SETTINGS in turn, its connection string, else its
 * identity-based settings; null when none is configured.
 *
 * @example
 * storageConnection({ AzureWebJobsStorage__accountName: 'stincentives' })
 * // => { kind: 'identity', accountName: 'stincentives', tableEndpoint: 'https://stincentives.table.core.windows.net', ... }
 */
export function storageConnection(env: Record<string, string | undefined> = process.env): StorageConnection | null {
  for (const name of STORAGE_SETTINGS) {
    const text = storageConnectionString({ [name]: env[name] });
    if (text !== null) return text;
    const identity = identityConnection(name, env);
    if (identity) return identity;
  }
  return null;
}

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
export function tableClient(connection: StorageConnection, table: string): TableClient {
  const options: TableServiceClientOptions = {
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: requestTimeoutPolicy, position: 'perCall' }],
  };
  if (typeof connection !== 'string') {
    return new TableClient(connection.tableEndpoint, table, connection.credential(), { ...options, allowInsecureConnection: /^http:\/\//i.test(connection.tableEndpoint) });
  }
  return TableClient.fromConnectionString(connection, table, { ...options, allowInsecureConnection: /^UseDevelopmentStorage=true|http:\/\//i.test(connection) });
}
