/**
 * Azure region names, to catch a misspelt or foreign `location` at synthesis instead of at
 * `terraform apply` (ARM answers LocationNotAvailableForResourceGroup).
 */
import { IConstruct } from 'constructs';
import { Token } from '../internal/cdktf';
import { warn } from '../warnings';
import { fail } from './validation';

/**
 * Programmatic region names. Public cloud: Microsoft's "Azure regions list"
 * (learn.microsoft.com/azure/reliability/regions-list, 2025-03, with Austria East and Belgium
 * Central of its later revision); Azure Government and Azure operated by 21Vianet: the
 * AzureLocation names of Azure.Core (learn.microsoft.com/dotnet/api/azure.core.azurelocation).
 * Regions open every year: a name outside the list is a warning, not an error.
 * @internal
 */
export const AZURE_REGIONS: readonly string[] = [
  'australiacentral', 'australiacentral2', 'australiaeast', 'australiasoutheast', 'austriaeast', 'belgiumcentral',
  'brazilsouth', 'brazilsoutheast', 'canadacentral', 'canadaeast', 'centralindia', 'centralus', 'eastasia', 'eastus',
  'eastus2', 'francecentral', 'francesouth', 'germanynorth', 'germanywestcentral', 'indonesiacentral', 'israelcentral',
  'italynorth', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth', 'mexicocentral', 'newzealandnorth',
  'northcentralus', 'northeurope', 'norwayeast', 'norwaywest', 'polandcentral', 'qatarcentral', 'southafricanorth',
  'southafricawest', 'southcentralus', 'southindia', 'southeastasia', 'spaincentral', 'swedencentral', 'swedensouth',
  'switzerlandnorth', 'switzerlandwest', 'uaecentral', 'uaenorth', 'uksouth', 'ukwest', 'westcentralus', 'westeurope',
  'westindia', 'westus', 'westus2', 'westus3',
  // Azure Government
  'usgovarizona', 'usgovtexas', 'usgovvirginia', 'usdodcentral', 'usdodeast',
  // Azure operated by 21Vianet
  'chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3',
];

/** An AWS region name (`eu-west-1`), a frequent slip in a project that deploys to both clouds. */
const AWS_REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;

/**
 * Checks a location known at synthesis: an error when it cannot be an Azure region name (only
 * letters, digits and spaces; `West Europe` and `westeurope` are the same), the warning
 * `gms-edge-constructs:unknownAzureRegion` when it is not in {@link AZURE_REGIONS}. A token is
 * not checked.
 * @internal
 */
export function checkAzureLocation(scope: IConstruct, property: string, location: string | undefined): void {
  if (location === undefined || Token.isUnresolved(location)) {
    return;
  }
  const name = location.replace(/\s+/g, '').toLowerCase();
  if (AWS_REGION.test(location)) {
    fail(scope, property, `${JSON.stringify(location)} is an AWS region name; give an Azure region such as "westeurope" or "eastus2"`);
  }
  if (!/^[a-z][a-z0-9]*$/.test(name)) {
    fail(scope, property, `must be an Azure region name of letters and digits such as "westeurope" or "West Europe", got ${JSON.stringify(location)}`);
  }
  if (!AZURE_REGIONS.includes(name)) {
    warn(scope, 'unknownAzureRegion', property, `${JSON.stringify(location)} is not in Microsoft's list of Azure regions (${AZURE_REGIONS.length} names, see AZURE_REGIONS in lib/azure/private/azure-locations.ts): the apply fails unless it is a region opened since. Check the spelling (az account list-locations -o table)`);
  }
}
