/**
 * Which storage clients the app makes from its settings: a connection string (Azurite, or an
 * account key) as before; identity-based settings (`AzureWebJobsStorage__accountName`, as the
 * Functions host reads them in Azure) with a token credential and no key.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { azuriteConnectionString, identityConnection, storageConnection, tableClient } from '../../functions/storage/connection';
import { queueClient } from '../../functions/nightly/shardQueue';
import { DefaultAzureCredential } from '@azure/identity';

const AZURITE = azuriteConnectionString({ table: 10002, queue: 10001 });

/** A credential that records the scopes it is asked for and never reaches Entra ID. */
function fakeCredential(): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(scope: string | string[]): Promise<AccessToken> {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return { token: 'fake', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

describe('storageConnection: which settings win', () => {
  it('is null when nothing is set', () => {
    expect(storageConnection({})).toBeNull();
  });

  it('takes a connection string as it is, and UseDevelopmentStorage=true as Azurite', () => {
    expect(storageConnection({ INCENTIVES_STORAGE: AZURITE })).toBe(AZURITE);
    expect(storageConnection({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' })).toBe(AZURITE);
  });

  it('uses the managed identity when AzureWebJobsStorage holds no connection string but an account name is given', () => {
    const c = storageConnection({ AzureWebJobsStorage: '', AzureWebJobsStorage__accountName: 'stincentives', AzureWebJobsStorage__credential: 'managedidentity' });
    expect(c).toMatchObject({
      kind: 'identity',
      accountName: 'stincentives',
      tableEndpoint: 'https://stincentives.table.core.windows.net',
      queueEndpoint: 'https://stincentives.queue.core.windows.net',
    });
  });

  it('prefers INCENTIVES_STORAGE (string or identity) over AzureWebJobsStorage', () => {
    expect(storageConnection({ INCENTIVES_STORAGE: AZURITE, AzureWebJobsStorage__accountName: 'other' })).toBe(AZURITE);
    expect(storageConnection({ INCENTIVES_STORAGE__accountName: 'mine', AzureWebJobsStorage: AZURITE })).toMatchObject({ kind: 'identity', accountName: 'mine' });
  });

  it('prefers a connection string over identity settings under the same name', () => {
    expect(storageConnection({ AzureWebJobsStorage: AZURITE, AzureWebJobsStorage__accountName: 'stincentives' })).toBe(AZURITE);
  });

  it('reads explicit service URIs (sovereign clouds, private endpoints) and the user-assigned identity', () => {
    const c = identityConnection('AzureWebJobsStorage', {
      AzureWebJobsStorage__tableServiceUri: 'https://stgov.table.core.usgovcloudapi.net',
      AzureWebJobsStorage__queueServiceUri: 'https://stgov.queue.core.usgovcloudapi.net',
      AzureWebJobsStorage__clientId: '00000000-0000-0000-0000-000000000001',
    });
    expect(c).toMatchObject({
      accountName: 'stgov',
      tableEndpoint: 'https://stgov.table.core.usgovcloudapi.net',
      queueEndpoint: 'https://stgov.queue.core.usgovcloudapi.net',
      clientId: '00000000-0000-0000-0000-000000000001',
    });
  });

  it('makes a DefaultAzureCredential for identity settings', () => {
    const c = identityConnection('AzureWebJobsStorage', { AzureWebJobsStorage__accountName: 'stincentives' })!;
    expect(c.credential()).toBeInstanceOf(DefaultAzureCredential);
  });
});

describe('the clients made from a connection', () => {
  it('from a connection string: key-signed clients on Azurite', () => {
    const table = tableClient(AZURITE, 'Workloads');
    expect(table.url).toBe('http://127.0.0.1:10002/devstoreaccount1');
    expect(table.tableName).toBe('Workloads');
    const queue = queueClient(AZURITE);
    expect(queue.url).toBe('http://127.0.0.1:10001/devstoreaccount1/nightly-shards');
    expect(queue.accountName).toBe('devstoreaccount1');
  });

  it('from identity settings: clients on the account endpoints that ask the credential for storage tokens', async () => {
    const credential = fakeCredential();
    const c = identityConnection('AzureWebJobsStorage', { AzureWebJobsStorage__accountName: 'stincentives' }, () => credential)!;
    const table = tableClient(c, 'Workloads');
    expect(table.url).toBe('https://stincentives.table.core.windows.net');
    const queue = queueClient(c, 'nightly-shards-poison');
    expect(queue.url).toBe('https://stincentives.queue.core.windows.net/nightly-shards-poison');
    expect(queue.name).toBe('nightly-shards-poison');
    // The table request is signed with a bearer token from the credential (answered here, never sent).
    let authorization: string | undefined;
    table.pipeline.addPolicy(
      { name: 'answerHere', sendRequest: async (request) => ((authorization = request.headers.get('authorization')), { request, status: 404, headers: request.headers }) },
      { afterPhase: 'Sign' },
    );
    await table.getEntity('p', 'r').catch(() => undefined);
    expect(authorization).toBe('Bearer fake');
    expect(credential.scopes).toEqual(['https://storage.azure.com/.default']);
    // The queue client holds the same credential, not a key.
    expect((queue as unknown as { credential: unknown }).credential).toBe(credential);
  });
});
