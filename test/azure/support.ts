/**
 * Synthesis helpers for the Azure tests: build constructs in a fresh cdktf stack, synthesize it
 * to Terraform JSON (running the construct validations, as `app.synth()` does) and parse it.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AzapiProvider } from '../../lib/azure';
import type { ResourceGroupReference } from '../../lib/azure';

/**
 * The CDK this run of the Azure suite is on. jest.config.js runs test/azure twice: project cdktf,
 * and project cdktn, whose moduleNameMapper loads CDK Terrain wherever cdktf is imported.
 */
export type CdkFlavour = 'cdktf' | 'cdktn';
export const CDK_FLAVOUR: CdkFlavour = (globalThis as { gmsEdgeCdkFlavour?: CdkFlavour }).gmsEdgeCdkFlavour ?? 'cdktf';

/**
 * What differs in cdk.tf.json between the flavours: the library's version in the `//` metadata,
 * and the azurerm provider version the prebuilt provider bindings were generated from, which
 * they pin exactly in `required_providers`.
 */
export const FLAVOUR_SYNTHESIS: Readonly<Record<CdkFlavour, { readonly library: string; readonly azurermProvider: string }>> = {
  cdktf: { library: '0.21.0', azurermProvider: '4.55.0' },
  cdktn: { library: '0.24.0', azurermProvider: '4.73.0' },
};

/** A parsed cdk.tf.json. */
export interface TfJson {
  readonly terraform?: Record<string, unknown>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly [key: string]: unknown;
}

/** Builds in a new stack and returns the synthesized JSON string and its parsed form. */
export function synthesize(build: (stack: TerraformStack) => void): { readonly text: string; readonly json: TfJson } {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new AzapiProvider(stack, 'azapi');
  build(stack);
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) as TfJson };
}

/** The blocks of one resource type, by logical id. */
export function resourcesOf(json: TfJson, type: string): Array<Record<string, unknown>> {
  return Object.values(json.resource[type] ?? {});
}

/** The one block of a resource type. */
export function onlyResourceOf(json: TfJson, type: string): Record<string, unknown> {
  const blocks = resourcesOf(json, type);
  if (blocks.length !== 1) {
    throw new Error(`expected one ${type}, found ${blocks.length}`);
  }
  return blocks[0];
}

/** An existing resource group given by name, id and location. */
export const EXISTING_RESOURCE_GROUP: ResourceGroupReference = {
  name: 'rg-gms',
  id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gms',
  location: 'westeurope',
};

export const SECRET_ID = 'https://gms-kv.vault.azure.net/secrets/gms-tls';
export const KEY_VAULT_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-certs/providers/Microsoft.KeyVault/vaults/gms-kv';
export const IDENTITY_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gms/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agw';
export const SUBNET_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/agw';
export const PUBLIC_IP_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gms/providers/Microsoft.Network/publicIPAddresses/agw-pip';
export const WAF_POLICY_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gms/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf';
export const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/logs';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Runs bin/azure.ts exactly as `npm run synth:azure` (cdktf) or `npm run synth:azure-cdktn`
 * (cdktn: `-r bin/cdktn-flavour.js`) does, into a temporary output directory.
 */
export function synthesizeReferenceApp(env: Record<string, string> = {}, flavour: CdkFlavour = CDK_FLAVOUR): { json: TfJson; text: string; stderr: string } {
  const outdir = mkdtempSync(join(tmpdir(), `gms-edge-azure-${flavour}-`));
  const flavourArguments = flavour === 'cdktn' ? ['-r', './bin/cdktn-flavour.js'] : [];
  try {
    const result = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--prefer-ts-exts', ...flavourArguments, 'bin/azure.ts'], {
      cwd: ROOT,
      env: { ...process.env, ARM_SUBSCRIPTION_ID: '', CDKTF_OUTDIR: outdir, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (result.status !== 0) {
      throw new Error(`bin/azure.ts failed (${result.status}): ${result.stderr}`);
    }
    const text = readFileSync(join(outdir, 'stacks', 'gms-edge', 'cdk.tf.json'), 'utf8');
    return { text, json: JSON.parse(text) as TfJson, stderr: result.stderr };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * A copy for snapshots and comparisons: the local backend's absolute state path (it differs per
 * checkout) made relative, and the two versions that differ per flavour (FLAVOUR_SYNTHESIS) as
 * placeholders, so that one snapshot holds for both.
 */
export function normalised(json: TfJson): TfJson {
  const copy = JSON.parse(JSON.stringify(json)) as TfJson & {
    '//'?: { metadata?: { version?: string } };
    terraform: { backend?: { local?: { path?: string } }; required_providers?: { azurerm?: { version?: string } } };
  };
  const local = copy.terraform.backend?.local;
  if (local?.path !== undefined) {
    local.path = `<checkout>/${local.path.split('/').pop()}`;
  }
  if (copy['//']?.metadata?.version !== undefined) {
    copy['//'].metadata.version = '<cdktf or cdktn version>';
  }
  const azurerm = copy.terraform.required_providers?.azurerm;
  if (azurerm?.version !== undefined) {
    azurerm.version = '<azurerm version of the provider bindings>';
  }
  return copy;
}
