/**
 * infra/main.bicep, azure.yaml and .github/workflows/deploy.yml, checked by what runs here:
 * no Bicep compiler installs from npm or Debian (it ships as a .NET binary), so the template is
 * read as text and checked for the resources, parameters, role assignments and app settings
 * the app reads; the YAML files are parsed (js-yaml) and checked for the steps a deployment
 * needs. What ARM and azd would say of them is not checked here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { storageConnection, STORAGE_SETTINGS } from '../../functions/storage/connection';
import { WORKLOADS_TABLE, USAGE_TABLE } from '../../functions/storage/workloadStore';
import { RUNS_TABLE, CHANGES_TABLE } from '../../functions/nightly/runStore';
import { POISON_SUFFIX, SHARD_QUEUE } from '../../functions/nightly/shardQueue';
import { watchPolicy } from '../../functions/nightly/watchdog';
import { DEFAULT_INSTANCE_MEMORY_MB, SEMI_SPACE_MB, workerNodeArguments } from '../../dev/workerFlags';

const ROOT = resolve(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const bicep = read('infra/main.bicep');
/** The template without its comments (what a compiler would read). */
const code = bicep.replace(/\/\/.*$/gm, '');

/** Resource declarations: symbol -> type. */
const resources = new Map([...code.matchAll(/^resource (\w+) '([^@']+)@[^']+'/gm)].map((m) => [m[1]!, m[2]!]));
/** The body of a resource declaration (to its closing brace at column 0). */
function body(symbol: string): string {
  const start = code.search(new RegExp(`^resource ${symbol} `, 'm'));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = code.indexOf('\n}\n', start);
  return code.slice(start, end);
}
const appSettings = new Map([...body('app').matchAll(/\{ name: '([^']+)', value: ([^}]+?) \}/g)].map((m) => [m[1]!, m[2]!]));

/** The settings the app reads by name in functions/ (process.env.X, and the watchdog's number('X', ...)). */
function settingsTheAppReads(): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
        for (const m of text.matchAll(/number\('([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]!);
      }
    }
  };
  visit(join(ROOT, 'functions'));
  return [...names].sort();
}

describe('infra/main.bicep', () => {
  it('takes the name, region and CORS origin as parameters, and uses them', () => {
    const params = [...code.matchAll(/^param (\w+) (\w+)/gm)].map((m) => m[1]);
    expect(params).toEqual(expect.arrayContaining(['name', 'location', 'corsOrigin']));
    expect(body('app')).toMatch(/allowedOrigins: \[allowedOrigin\]/);
    expect(code).toMatch(/var allowedOrigin = empty\(corsOrigin\) \?/);
    expect(body('storage')).toMatch(/location: location/);
  });

  it('declares a Flex Consumption Function App on Node 20 with a managed identity, Application Insights and a storage account', () => {
    expect([...resources.values()]).toEqual(
      expect.arrayContaining(['Microsoft.Web/serverfarms', 'Microsoft.Web/sites', 'Microsoft.Storage/storageAccounts', 'Microsoft.Insights/components', 'Microsoft.OperationalInsights/workspaces']),
    );
    expect(body('plan')).toMatch(/name: 'FC1'\s+tier: 'FlexConsumption'/);
    expect(body('app')).toMatch(/kind: 'functionapp,linux'/);
    expect(body('app')).toMatch(/identity: \{ type: 'SystemAssigned' \}/);
    expect(body('app')).toMatch(/runtime: \{\s+name: 'node'\s+version: '20'\s+\}/);
    expect(body('app')).toMatch(/authentication: \{ type: 'SystemAssignedIdentity' \}/);
  });

  it("declares the app's tables and queues under the names the code uses", () => {
    const tables = code
      .match(/for table in \[([^\]]+)\]/)![1]!
      .match(/'([^']+)'/g)!
      .map((s) => s.slice(1, -1));
    expect(tables.sort()).toEqual([WORKLOADS_TABLE, USAGE_TABLE, RUNS_TABLE, CHANGES_TABLE].sort());
    const queues = code
      .match(/for queue in \[([^\]]+)\]/)![1]!
      .match(/'([^']+)'/g)!
      .map((s) => s.slice(1, -1));
    expect(queues.sort()).toEqual([SHARD_QUEUE, `${SHARD_QUEUE}${POISON_SUFFIX}`].sort());
    expect(resources.get('tables')).toBe('Microsoft.Storage/storageAccounts/tableServices/tables');
    expect(resources.get('queues')).toBe('Microsoft.Storage/storageAccounts/queueServices/queues');
  });

  it('holds no account key: shared key access off, no listKeys, no AccountKey, no connection string for storage', () => {
    expect(body('storage')).toMatch(/allowSharedKeyAccess: false/);
    expect(code).not.toMatch(/listKeys|AccountKey=|DefaultEndpointsProtocol/);
    expect(appSettings.has('AzureWebJobsStorage')).toBe(false);
    expect(appSettings.has('INCENTIVES_STORAGE')).toBe(false);
  });

  it("gives the app's identity blob, queue and table data roles on the account, and telemetry on Application Insights", () => {
    const roleIds = Object.fromEntries([...code.matchAll(/^\s+(\w+): '([0-9a-f-]{36})'/gm)].map((m) => [m[1]!, m[2]!]));
    expect(roleIds).toMatchObject({
      storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
      storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
      storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
      monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
    });
    expect(code.match(/var appRoles = \[([^\]]+)\]/)![1]).toMatch(/storageBlobDataOwner\s+roles\.storageQueueDataContributor\s+roles\.storageTableDataContributor/);
    expect(resources.get('appStorageRoles')).toBe('Microsoft.Authorization/roleAssignments');
    expect(body('appStorageRoles')).toMatch(/for role in appRoles/);
    expect(body('appStorageRoles')).toMatch(/principalId: app\.identity\.principalId/);
    expect(body('appStorageRoles')).toMatch(/scope: storage/);
    expect(body('appTelemetryRole')).toMatch(/scope: appInsights/);
  });

  it("deploys the watchdog's policy as the app's defaults (a shorter silence takes a slow part for a lost one)", () => {
    const deployed = Object.fromEntries(['NIGHTLY_SILENCE_MINUTES', 'NIGHTLY_MAX_REQUEUES', 'NIGHTLY_MAX_RUN_MINUTES'].map((name) => [name, appSettings.get(name)!.replace(/'/g, '')]));
    expect(watchPolicy(deployed)).toEqual(watchPolicy({}));
  });

  it("runs the app's Node process with the V8 flags of dev/workerFlags.ts, in Azure and under npm start", () => {
    // In Azure: old space at 3/4 of the instance's memory, whatever instance size is deployed.
    const line = /\{ name: 'languageWorkers__node__arguments', value: '([^']+)' \}/.exec(body('app'));
    expect(line?.[1]).toBe(`--max-semi-space-size=${SEMI_SPACE_MB} --max-old-space-size=\${instanceMemoryMB * 3 / 4}`);
    expect(code).toMatch(new RegExp(`param instanceMemoryMB int = ${DEFAULT_INSTANCE_MEMORY_MB}\\b`));
    const deployed = line![1]!.replace('${instanceMemoryMB * 3 / 4}', String((DEFAULT_INSTANCE_MEMORY_MB * 3) / 4));
    expect(deployed).toBe(workerNodeArguments().join(' '));
    // npm start: the same flags on tsx's command line.
    const start = (JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    expect(start).toContain(`tsx ${workerNodeArguments().join(' ')} dev/localHost/start.ts`);
  });

  it('sets every setting the app reads, and its storage settings make an identity connection', () => {
    const read = settingsTheAppReads();
    expect(read).toEqual(expect.arrayContaining(['NIGHTLY_SCHEDULE', 'NIGHTLY_WATCHDOG_SCHEDULE', 'NIGHTLY_SILENCE_MINUTES']));
    for (const name of read) expect([name, appSettings.has(name)]).toEqual([name, true]);
    expect(appSettings.get('AzureWebJobsStorage__accountName')).toBe('storage.name');
    expect(appSettings.get('AzureWebJobsStorage__credential')).toBe("'managedidentity'");
    expect(appSettings.has('APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe(true);
    // The settings as the app would see them in Azure: a managed-identity connection.
    const env = Object.fromEntries(
      [...appSettings.keys()].map((k) => [
        k,
        k.endsWith('accountName') ? 'stincentives' : k.endsWith('ServiceUri') ? `https://stincentives.${k.match(/__(\w+)ServiceUri/)![1]}.core.windows.net/` : 'x',
      ]),
    );
    expect(STORAGE_SETTINGS.some((name) => name in env)).toBe(false);
    expect(storageConnection(env)).toMatchObject({ kind: 'identity', accountName: 'stincentives', queueEndpoint: 'https://stincentives.queue.core.windows.net/' });
  });

  it("outputs what azure.yaml's hooks and the package read", () => {
    const outputs = [...code.matchAll(/^output (\w+) /gm)].map((m) => m[1]);
    expect(outputs).toEqual(expect.arrayContaining(['AZURE_STORAGE_ACCOUNT_NAME', 'ADDIN_BASE_URL', 'AZURE_FUNCTION_URL']));
  });

  it('has its parameters file name only parameters the template declares', () => {
    const params = new Set([...code.matchAll(/^param (\w+) /gm)].map((m) => m[1]));
    const file = JSON.parse(read('infra/main.parameters.json')) as { parameters: Record<string, unknown> };
    for (const name of Object.keys(file.parameters)) expect([name, params.has(name)]).toEqual([name, true]);
    // Every parameter without a default is given.
    for (const m of code.matchAll(/^param (\w+) \w+$/gm)) expect(Object.keys(file.parameters)).toContain(m[1]);
  });

  it('refers only to symbols it declares (a typo would not compile)', () => {
    const declared = new Set([...code.matchAll(/^(?:resource|param|var) (\w+)/gm)].map((m) => m[1]));
    for (const m of code.matchAll(/\b(\w+)\.(?:id|name|properties|identity)\b/g)) expect([m[1], declared.has(m[1])]).toEqual([m[1], true]);
    for (const m of code.matchAll(/parent: (\w+)/g)) expect([m[1], declared.has(m[1])]).toEqual([m[1], true]);
    expect((code.match(/\{/g) ?? []).length).toBe((code.match(/\}/g) ?? []).length);
    expect((code.match(/\[/g) ?? []).length).toBe((code.match(/\]/g) ?? []).length);
  });
});

describe('azure.yaml', () => {
  const azd = load(read('azure.yaml')) as {
    infra: { provider: string; path: string; module: string };
    services: { api: { project: string; language: string; host: string; dist: string; hooks: { prepackage: { run: string } } } };
    hooks: { postprovision: { run: string }; postdeploy: { run: string } };
  };

  it('provisions infra/main.bicep and deploys the packaged app as a function', () => {
    expect(azd.infra).toEqual({ provider: 'bicep', path: 'infra', module: 'main' });
    expect(existsSync(join(ROOT, azd.infra.path, `${azd.infra.module}.bicep`))).toBe(true);
    expect(azd.services.api).toMatchObject({ project: '.', language: 'js', host: 'function', dist: 'release/app' });
    expect(azd.services.api.hooks.prepackage.run).toBe('npm run package');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.package).toBe('tsx scripts/package.ts');
    // The service's tag in the template is the one azd looks for.
    expect(body('app')).toMatch(/'azd-service-name': 'api'/);
  });

  it('enables the static website and uploads release/addin to $web, signed in with Entra ID (no key)', () => {
    expect(azd.hooks.postprovision.run).toMatch(/--static-website/);
    expect(azd.hooks.postdeploy.run).toMatch(/upload-batch .*--destination '\$web' --source release\/addin/);
    for (const hook of [azd.hooks.postprovision, azd.hooks.postdeploy]) {
      expect(hook.run).toMatch(/--auth-mode login/);
      expect(hook.run).toMatch(/\$AZURE_STORAGE_ACCOUNT_NAME/);
    }
  });
});

describe('.github/workflows/deploy.yml', () => {
  type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
  const workflow = load(read('.github/workflows/deploy.yml')) as {
    on: { push: { branches: string[] } };
    permissions: Record<string, string>;
    jobs: Record<'test' | 'deploy', { 'runs-on': string; needs?: string; steps: Step[] }>;
  };
  const runs = (job: 'test' | 'deploy') => workflow.jobs[job].steps.map((s) => s.run ?? '').join('\n');

  it('builds and tests on Node 20 before it deploys', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    const setup = workflow.jobs.test.steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setup?.with?.['node-version']).toBe(20);
    expect(runs('test')).toMatch(/npm ci/);
    expect(runs('test')).toMatch(/npm run build/);
    expect(runs('test')).toMatch(/npm test/);
    expect(workflow.jobs.deploy.needs).toBe('test');
  });

  it('deploys with azd, signed in through OIDC (no secret)', () => {
    expect(workflow.permissions['id-token']).toBe('write');
    expect(workflow.jobs.deploy.steps.some((s) => s.uses?.startsWith('Azure/setup-azd'))).toBe(true);
    expect(runs('deploy')).toMatch(/azd auth login .*--federated-credential-provider github/);
    expect(runs('deploy')).toMatch(/azd up --no-prompt/);
    expect(read('.github/workflows/deploy.yml')).not.toMatch(/secrets\./);
  });

  it('runs only npm scripts that exist', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const all = (['test', 'deploy'] as const).map(runs).join('\n');
    for (const m of all.matchAll(/npm run ([\w:]+)/g)) expect([m[1], m[1]! in scripts]).toEqual([m[1], true]);
  });
});
