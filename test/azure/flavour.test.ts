/**
 * The Azure suite runs once per CDK (jest.config.js, projects cdktf and cdktn). This proves each
 * run really is on its CDK: the classes lib/azure builds on come from that CDK's own packages.
 */
import { join, resolve } from 'path';
import * as cdk from '../../lib/azure/internal/cdktf';
import { GmsApplicationGateway } from '../../lib/azure';
import { CDK_FLAVOUR, EXISTING_RESOURCE_GROUP, FLAVOUR_SYNTHESIS, IDENTITY_ID, PUBLIC_IP_ID, SECRET_ID, SUBNET_ID, synthesize } from './support';

const NODE_MODULES = resolve(__dirname, '..', '..', 'node_modules');
const PACKAGES = {
  cdktf: { core: 'cdktf', azurerm: '@cdktf/provider-azurerm' },
  cdktn: { core: 'cdktn', azurerm: '@cdktn/provider-azurerm' },
} as const;

/** A package's module by file path: a path is never renamed by the cdktn project's moduleNameMapper. */
function loadByPath(packageName: string, ...file: string[]): Record<string, unknown> {
  return jest.requireActual(join(NODE_MODULES, packageName, ...file));
}

describe(`the Azure constructs in this run (${CDK_FLAVOUR})`, () => {
  const own = PACKAGES[CDK_FLAVOUR];
  const other = PACKAGES[CDK_FLAVOUR === 'cdktf' ? 'cdktn' : 'cdktf'];

  it(`build on ${own.core}'s classes, not on ${other.core}'s`, () => {
    for (const name of ['App', 'TerraformStack', 'TerraformResource', 'TerraformProvider', 'Token'] as const) {
      expect({ name, own: cdk[name] === loadByPath(own.core, 'lib', 'index.js')[name] }).toEqual({ name, own: true });
      expect({ name, other: cdk[name] === loadByPath(other.core, 'lib', 'index.js')[name] }).toEqual({ name, other: false });
    }
  });

  it(`take the azurerm resources from ${own.azurerm}`, () => {
    expect(cdk.AzurermProvider).toBe(loadByPath(own.azurerm, 'lib', 'provider', 'index.js').AzurermProvider);
    expect(cdk.ResourceGroup).toBe(loadByPath(own.azurerm, 'lib', 'resource-group', 'index.js').ResourceGroup);
    expect(cdk.ResourceGroup).not.toBe(loadByPath(other.azurerm, 'lib', 'resource-group', 'index.js').ResourceGroup);
  });

  it(`synthesize through ${own.core}: its version in the metadata, its provider bindings' azurerm version required`, () => {
    const { json } = synthesize((stack) => {
      new GmsApplicationGateway(stack, 'Gateway', {
        resourceGroup: EXISTING_RESOURCE_GROUP,
        gatewaySubnetId: SUBNET_ID,
        publicIpAddressId: PUBLIC_IP_ID,
        certificate: { keyVaultSecretId: SECRET_ID },
        identityId: IDENTITY_ID,
        nodeGroups: [{ name: 'chat', isDefault: true, ipAddresses: ['10.61.1.4'] }],
      });
    });
    const terraform = json.terraform as { required_providers: Record<string, { version: string }> };
    expect(terraform.required_providers.azurerm.version).toBe(FLAVOUR_SYNTHESIS[CDK_FLAVOUR].azurermProvider);
    expect(Object.keys(json.resource)).toEqual(['azapi_resource']);
  });
});
