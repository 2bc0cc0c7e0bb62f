/**
 * Reference CDK for Terraform app (cdktf.json "app"): GMS chat behind Application Gateway v2 with
 * partitioned cookies, two node groups. Synthesizes offline, without Azure credentials:
 *
 *   npm run synth:azure         →   cdktf.out/stacks/gms-edge/cdk.tf.json   (CDK for Terraform)
 *   npm run synth:azure-cdktn   →   cdktn.out/stacks/gms-edge/cdk.tf.json   (the same app on CDK Terrain:
 *                                   `-r ./bin/cdktn-flavour.js` resolves every cdktf import to cdktn)
 *
 * Every setting is read from an environment variable, else from the app context (CDKTF_CONTEXT_JSON),
 * else the default below. Prerequisites for a real deployment: ARM_SUBSCRIPTION_ID (azurerm 4.x
 * needs a subscription id at plan time; `az login` alone is not enough), a Key Vault holding the
 * TLS certificate (the vault and resource group names below), and node addresses the gateway's
 * VNet reaches (outside its 10.60.0.0/16, e.g. through peering).
 */
import { App, AzurermProvider, DataAzurermKeyVault, TerraformOutput, TerraformStack } from '../lib/azure/internal/cdktf';
import { Construct } from 'constructs';
import { AzapiProvider, GmsAppGatewayEdge } from '../lib/azure';

/** The settings, with their environment variable, context key and default. */
export const AZURE_REFERENCE_SETTINGS = {
  location: { env: 'GMS_AZURE_LOCATION', context: 'gms-edge:location', default: 'westeurope' },
  namePrefix: { env: 'GMS_AZURE_NAME_PREFIX', context: 'gms-edge:namePrefix', default: 'gms-edge' },
  subscriptionId: { env: 'ARM_SUBSCRIPTION_ID', context: 'gms-edge:subscriptionId', default: '' },
  keyVaultName: { env: 'GMS_AZURE_KEY_VAULT_NAME', context: 'gms-edge:keyVaultName', default: 'gms-edge-kv' },
  keyVaultResourceGroup: { env: 'GMS_AZURE_KEY_VAULT_RESOURCE_GROUP', context: 'gms-edge:keyVaultResourceGroup', default: 'gms-edge-certificates' },
  certificateName: { env: 'GMS_AZURE_CERTIFICATE_NAME', context: 'gms-edge:certificateName', default: 'gms-edge-tls' },
  hostNames: { env: 'GMS_AZURE_HOST_NAMES', context: 'gms-edge:hostNames', default: '' },
  keyVaultPermissionModel: { env: 'GMS_AZURE_KEY_VAULT_PERMISSION_MODEL', context: 'gms-edge:keyVaultPermissionModel', default: 'rbac' },
  // Outside the gateway's VNet (10.60.0.0/16): a peered network cannot overlap it.
  chatNodes: { env: 'GMS_AZURE_CHAT_NODES', context: 'gms-edge:chatNodes', default: '10.61.1.4,10.61.1.5' },
  cometdNodes: { env: 'GMS_AZURE_COMETD_NODES', context: 'gms-edge:cometdNodes', default: '10.61.1.6,10.61.1.7' },
  nodePort: { env: 'GMS_AZURE_NODE_PORT', context: 'gms-edge:nodePort', default: '8080' },
  waf: { env: 'GMS_AZURE_WAF', context: 'gms-edge:waf', default: 'off' },
  // Comma-separated; empty: the alerts' action group notifies no one (warning alertsWithoutReceivers).
  alertEmails: { env: 'GMS_AZURE_ALERT_EMAILS', context: 'gms-edge:alertEmails', default: '' },
} as const;

type SettingName = keyof typeof AZURE_REFERENCE_SETTINGS;

function setting(scope: Construct, name: SettingName): string {
  const spec = AZURE_REFERENCE_SETTINGS[name];
  const fromEnvironment = process.env[spec.env];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return fromEnvironment;
  }
  const fromContext: unknown = scope.node.tryGetContext(spec.context);
  if (fromContext === undefined || fromContext === null) {
    return spec.default;
  }
  if (typeof fromContext === 'object' && !Array.isArray(fromContext)) {
    throw new Error(`context ${spec.context} must be a string or a list, got ${JSON.stringify(fromContext)}`);
  }
  const contextText = Array.isArray(fromContext) ? fromContext.join(',') : typeof fromContext === 'string' ? fromContext : JSON.stringify(fromContext);
  if (contextText !== '') {
    return contextText;
  }
  return spec.default;
}

function list(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

function addresses(text: string): { ipAddresses?: string[]; fqdns?: string[] } {
  const items = list(text);
  return items.every((item) => /^\d+\.\d+\.\d+\.\d+$/.test(item)) ? { ipAddresses: items } : { fqdns: items };
}

/** The reference stack `gms-edge`. */
export class GmsEdgeAzureStack extends TerraformStack {
  public readonly edge: GmsAppGatewayEdge;
  /** The subscription the providers are given; `undefined` leaves it to the environment at deploy time. */
  public readonly subscriptionId?: string;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const subscriptionId = setting(this, 'subscriptionId');
    this.subscriptionId = subscriptionId === '' ? undefined : subscriptionId;
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: subscriptionId === '' ? undefined : subscriptionId });
    new AzapiProvider(this, 'azapi', { subscriptionId: subscriptionId === '' ? undefined : subscriptionId });

    const keyVaultName = setting(this, 'keyVaultName');
    const keyVault = new DataAzurermKeyVault(this, 'CertificateVault', {
      name: keyVaultName,
      resourceGroupName: setting(this, 'keyVaultResourceGroup'),
    });
    const nodePort = Number(setting(this, 'nodePort'));
    const waf = setting(this, 'waf');
    if (!['off', 'prevention', 'detection'].includes(waf)) {
      throw new Error(`${AZURE_REFERENCE_SETTINGS.waf.env}: use off, prevention or detection, got ${JSON.stringify(waf)}`);
    }
    const hostNames = list(setting(this, 'hostNames'));
    const keyVaultPermissionModel = setting(this, 'keyVaultPermissionModel');
    if (keyVaultPermissionModel !== 'rbac' && keyVaultPermissionModel !== 'accessPolicy') {
      throw new Error(`${AZURE_REFERENCE_SETTINGS.keyVaultPermissionModel.env}: use rbac (a vault with Azure RBAC) or accessPolicy (a vault with access policies), got ${JSON.stringify(keyVaultPermissionModel)}`);
    }

    this.edge = new GmsAppGatewayEdge(this, 'GmsEdge', {
      location: setting(this, 'location'),
      namePrefix: setting(this, 'namePrefix'),
      certificate: {
        // vault_uri ends with '/'; no version, so the gateway follows certificate renewals.
        keyVaultSecretId: `${keyVault.vaultUri}secrets/${setting(this, 'certificateName')}`,
        keyVaultId: keyVault.id,
        keyVaultPermissionModel,
      },
      hostNames: hostNames.length > 0 ? hostNames : undefined,
      nodeGroups: [
        // Chat API v2 REST and everything else under /genesys: its own affinity cookie
        // (ApplicationGatewayAffinity-chat), so a REST call never overwrites the CometD one.
        { name: 'chat', isDefault: true, port: nodePort, ...addresses(setting(this, 'chatNodes')) },
        // CometD (long polling and WebSocket): its own group, sticky by the affinity cookie, which
        // keeps the gateway's well-known name.
        { name: 'cometd', pathPatterns: ['/genesys/cometd', '/genesys/cometd/*'], port: nodePort, affinityCookieName: 'ApplicationGatewayAffinity', ...addresses(setting(this, 'cometdNodes')) },
      ],
      waf: waf === 'off' ? undefined : { mode: waf === 'prevention' ? 'Prevention' : 'Detection' },
      monitoring: { alertEmailAddresses: list(setting(this, 'alertEmails')) },
      tags: { workload: 'gms-chat-edge' },
    });

    new TerraformOutput(this, 'public_ip_address', {
      value: this.edge.publicIp?.ipAddress,
      description: 'Point the GMS host name (DNS A record) here',
    });
    new TerraformOutput(this, 'gateway_id', { value: this.edge.gateway.gatewayId });
    new TerraformOutput(this, 'partitioned_cookies', {
      value: this.edge.gateway.partitionedCookieNames,
      description: 'The cookies the gateway rewrites into partitioned cookies',
    });
  }
}

// Synthesize when run as the app (npm run synth:azure, cdktf synth); tests import the stack class.
if (require.main === module) {
  const app = new App();
  const stack = new GmsEdgeAzureStack(app, 'gms-edge');
  app.synth();
  if (stack.subscriptionId === undefined) {
    // Synthesis needs no credentials; the deployment does.
    process.stderr.write(`note: ${AZURE_REFERENCE_SETTINGS.subscriptionId.env} is not set (nor context ${AZURE_REFERENCE_SETTINGS.subscriptionId.context}). `
      + 'Synthesis works without it, but azurerm 4.x needs a subscription id to plan or deploy (az login alone is not enough): '
      + 'export ARM_SUBSCRIPTION_ID=<subscription id> before cdktf deploy or terraform plan.\n');
  }
}
