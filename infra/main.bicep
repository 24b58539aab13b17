// The partner-incentives deployment: a Function App on the Flex Consumption plan (Node 20)
// reaching its storage account with its managed identity (no account key anywhere: shared key
// access is off), Application Insights (Entra ID authentication), the app's tables and queues,
// and the add-in's static files on the same account's static website ($web, enabled and filled
// by azure.yaml's hooks: the static website is a data-plane setting ARM cannot set).
//
// azd up (azure.yaml) or:
//   az deployment group create -g <group> -f infra/main.bicep -p name=<name> corsOrigin=<origin>
targetScope = 'resourceGroup'

@description('A short name for the deployment (letters and digits): resources are named from it.')
@minLength(3)
@maxLength(16)
param name string

@description('The Azure region (default: the resource group\'s).')
param location string = resourceGroup().location

@description('The origin allowed to call the API from a browser (the add-in\'s). Empty: the storage account\'s static website, where the add-in is served.')
param corsOrigin string = ''

@description('The principal deploying (azd sets AZURE_PRINCIPAL_ID): it may upload the add-in\'s files to $web and the app\'s package. Empty: none.')
param principalId string = ''

@description('The webhook the morning digest goes to after each nightly run (a Teams Workflows URL gets an Adaptive Card, any other JSON). Empty: no digest.')
@secure()
param digestWebhookUrl string = ''

@description('The secret the digest is signed with (x-digest-signature, HMAC-SHA256). Empty: unsigned.')
@secure()
param digestSecret string = ''

@description('How many instances the app may scale out to (Flex Consumption: up to 1,000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB (Flex Consumption: 2048 or 4096).')
@allowed([2048, 4096])
param instanceMemoryMB int = 2048

var token = toLower(uniqueString(subscription().id, resourceGroup().id, name))
var storageName = take('st${toLower(name)}${token}', 24)
var deploymentContainer = 'app-package'
var tags = { 'azd-env-name': name }

// Role definitions (built-in, same ids in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The app's tables (functions/storage/workloadStore.ts, functions/nightly/runStore.ts); the app
// also creates them if missing.
resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in ['workloads', 'usage', 'runs', 'changes']: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The nightly's shard queue and the host's poison queue (functions/nightly/shardQueue.ts).
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in ['nightly-shards', 'nightly-shards-poison']: {
    parent: queueService
    name: queue
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}-${token}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var webEndpoint = storage.properties.primaryEndpoints.web
var allowedOrigin = empty(corsOrigin) ? substring(webEndpoint, 0, length(webEndpoint) - 1) : corsOrigin

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${name}-${token}'
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '20'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: [allowedOrigin]
        supportCredentials: false
      }
      appSettings: [
        // The host's storage and the app's (functions/storage/connection.ts): identity-based, no key.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
        // The nightly (functions/nightly/handlers.ts, watchdog.ts): the defaults, stated.
        // The Node process's V8 flags (dev/workerFlags.ts): old space at 3/4 of the instance, a 4 MB semi-space.
        { name: 'languageWorkers__node__arguments', value: '--max-semi-space-size=4 --max-old-space-size=${instanceMemoryMB * 3 / 4}' }
        { name: 'NIGHTLY_SCHEDULE', value: '0 0 2 * * *' }
        { name: 'NIGHTLY_WATCHDOG_SCHEDULE', value: '0 */2 * * * *' }
        { name: 'NIGHTLY_SILENCE_MINUTES', value: '15' }
        { name: 'NIGHTLY_MAX_REQUEUES', value: '3' }
        { name: 'NIGHTLY_MAX_RUN_MINUTES', value: '240' }
        // The morning digest (functions/nightly/digest.ts): the webhook and its secret from parameters, the defaults stated.
        { name: 'DIGEST_WEBHOOK_URL', value: digestWebhookUrl }
        { name: 'DIGEST_SECRET', value: digestSecret }
        { name: 'DIGEST_FORMAT', value: '' }
        { name: 'DIGEST_MAX_ATTEMPTS', value: '4' }
        { name: 'DIGEST_RETRY_SECONDS', value: '60' }
        { name: 'DIGEST_TIMEOUT_SECONDS', value: '10' }
      ]
    }
  }
}

// What the app's identity may do: blobs (the host's leases and the deployment package),
// queues (the shard queue and its trigger), tables (every store), telemetry.
var appRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource appStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in appRoles: {
    name: guid(storage.id, app.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: app.identity.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appTelemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, app.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The deploying principal uploads the add-in to $web (azure.yaml's postdeploy hook).
resource deployerBlobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(storage.id, principalId, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: principalId
  }
}

output AZURE_LOCATION string = location
output AZURE_FUNCTION_APP_NAME string = app.name
output AZURE_FUNCTION_URL string = 'https://${app.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output ADDIN_BASE_URL string = substring(webEndpoint, 0, length(webEndpoint) - 1)
output APPLICATIONINSIGHTS_NAME string = appInsights.name
