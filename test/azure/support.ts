/**
 * Synthesis helpers for the Azure tests: build constructs in a fresh cdktf stack, synthesize it
 * to Terraform JSON (running the construct validations, as `app.synth()` does) and parse it.
 */
import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AzapiProvider } from '../../lib/azure';
import type { ResourceGroupReference } from '../../lib/azure';

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
