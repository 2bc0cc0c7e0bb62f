/**
 * Availability zones of the gateway and its public IP, following the region: not every Azure region
 * has zones, and a zonal gateway in one without fails at apply.
 */
import { IConstruct } from 'constructs';
import { Token } from './internal/cdktf';
import { AZURE_REGIONS } from './private/azure-locations';
import { fail } from './private/validation';
import { warn } from './warnings';

/**
 * Regions with availability zones, from Microsoft's "Azure regions with availability zone support"
 * (Azure reliability documentation, list of 2024-11, public cloud plus US Gov Virginia and China
 * North 3). Regions gain zones over time: where this list is behind, set `zones` explicitly.
 */
export const AZURE_REGIONS_WITH_AVAILABILITY_ZONES: readonly string[] = [
  // Americas
  'brazilsouth', 'canadacentral', 'centralus', 'eastus', 'eastus2', 'southcentralus', 'usgovvirginia', 'westus2', 'westus3', 'mexicocentral',
  // Europe
  'francecentral', 'italynorth', 'germanywestcentral', 'norwayeast', 'northeurope', 'uksouth', 'westeurope', 'swedencentral',
  'switzerlandnorth', 'polandcentral', 'spaincentral',
  // Middle East
  'qatarcentral', 'uaenorth', 'israelcentral',
  // Africa
  'southafricanorth',
  // Asia Pacific
  'australiaeast', 'centralindia', 'japaneast', 'japanwest', 'southeastasia', 'eastasia', 'chinanorth3', 'koreacentral', 'newzealandnorth',
];

/** The zones Application Gateway v2 takes. */
const ZONE_NAMES = ['1', '2', '3'];

/** `West Europe` and `westeurope` name the same region. */
export function normalizeAzureLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/** The zones to use, a note when they could not be checked against the region, or why they cannot be. */
export interface ZoneChoice {
  readonly zones: string[];
  /** Set when the zones may not exist in the region: a warning. */
  readonly warning?: string;
  /** Set when the default cannot follow the region: an error. */
  readonly error?: string;
}

/**
 * The gateway's zones: the given ones, else all three in a region of
 * {@link AZURE_REGIONS_WITH_AVAILABILITY_ZONES}. A literal region outside the list is an error
 * naming the choice to make (`zones: []` for a gateway without zones, or the zones if the region
 * has gained them).
 *
 * @param location the resource group's location; `undefined` when it is a token (unknown at synthesis)
 */
export function gatewayZones(location: string | undefined, zones: string[] | undefined): ZoneChoice {
  if (zones !== undefined) {
    if (!Array.isArray(zones) || zones.some((zone) => !ZONE_NAMES.includes(zone)) || new Set(zones).size !== zones.length) {
      return { zones: [], error: `must be distinct values among "1", "2" and "3" (or [] for no zones), got ${JSON.stringify(zones)}` };
    }
    if (location !== undefined && zones.length > 0 && !AZURE_REGIONS_WITH_AVAILABILITY_ZONES.includes(normalizeAzureLocation(location))) {
      return { zones, warning: `${JSON.stringify(zones)} are set for ${location}, which Microsoft's list of regions with availability zones (AZURE_REGIONS_WITH_AVAILABILITY_ZONES) does not name: the apply fails there unless the region has gained zones since` };
    }
    return { zones };
  }
  if (location === undefined) {
    return { zones: [...ZONE_NAMES], warning: 'default to "1", "2", "3" because the location is not known at synthesis; in a region without availability zones the apply fails: set zones ([] for none)' };
  }
  if (AZURE_REGIONS_WITH_AVAILABILITY_ZONES.includes(normalizeAzureLocation(location))) {
    return { zones: [...ZONE_NAMES] };
  }
  const unknown = AZURE_REGIONS.includes(normalizeAzureLocation(location)) ? '' : ` (${JSON.stringify(location)} is not an Azure region of Microsoft's list at all: check its spelling first)`;
  return { zones: [], error: `must be set for location ${JSON.stringify(location)}, which has no availability zones in Microsoft's list (AZURE_REGIONS_WITH_AVAILABILITY_ZONES): a zone-redundant gateway fails there at apply. Set zones: [] for a gateway without zones, or the zones ("1", "2", "3") if the region has them now${unknown}` };
}

/**
 * {@link gatewayZones} for a construct: a location token counts as unknown; an error names the
 * construct path and the property, a note becomes the warning `gms-edge-constructs:zonesNotChecked`.
 */
export function zonesFor(scope: IConstruct, location: string | undefined, zones: string[] | undefined, property = 'zones'): string[] {
  const choice = gatewayZones(location === undefined || Token.isUnresolved(location) ? undefined : location, zones);
  if (choice.error !== undefined) {
    fail(scope, property, choice.error);
  }
  if (choice.warning !== undefined) {
    warn(scope, 'zonesNotChecked', property, choice.warning);
  }
  return choice.zones;
}
