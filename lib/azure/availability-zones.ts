/**
 * Availability zones of the gateway and its public IP, following the region: not every Azure region
 * has zones, and a zonal gateway in one without fails at apply.
 */
import { IConstruct } from 'constructs';
import { Annotations, Token } from './internal/cdktf';

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

/** The zones to use, and a note when they could not be checked against the region. */
export interface ZoneChoice {
  readonly zones: string[];
  /** Set when the location is unknown at synthesis and the default could not follow it. */
  readonly warning?: string;
}

/**
 * The gateway's zones: the given ones (checked), else all three in a region of
 * {@link AZURE_REGIONS_WITH_AVAILABILITY_ZONES}. A literal region outside the list fails, naming the
 * choice to make (`zones: []` for a gateway without zones, or the zones if the region has gained them).
 *
 * @param location the resource group's location; `undefined` when it is a token (unknown at synthesis)
 */
export function gatewayZones(location: string | undefined, zones: string[] | undefined, owner: string): ZoneChoice {
  if (zones !== undefined) {
    if (!Array.isArray(zones) || zones.some((zone) => !ZONE_NAMES.includes(zone)) || new Set(zones).size !== zones.length) {
      throw new Error(`${owner}: zones must be distinct values among "1", "2" and "3" (or [] for no zones), got ${JSON.stringify(zones)}`);
    }
    if (location !== undefined && zones.length > 0 && !AZURE_REGIONS_WITH_AVAILABILITY_ZONES.includes(normalizeAzureLocation(location))) {
      return { zones, warning: `zones ${JSON.stringify(zones)} are set for ${location}, which Microsoft's list of regions with availability zones (AZURE_REGIONS_WITH_AVAILABILITY_ZONES) does not name: the apply fails there unless the region has gained zones since` };
    }
    return { zones };
  }
  if (location === undefined) {
    return { zones: [...ZONE_NAMES], warning: 'zones default to "1", "2", "3" because the location is not known at synthesis; in a region without availability zones the apply fails: set zones ([] for none)' };
  }
  if (AZURE_REGIONS_WITH_AVAILABILITY_ZONES.includes(normalizeAzureLocation(location))) {
    return { zones: [...ZONE_NAMES] };
  }
  throw new Error(`${owner}: location ${JSON.stringify(location)} has no availability zones in Microsoft's list (AZURE_REGIONS_WITH_AVAILABILITY_ZONES), so a zone-redundant gateway fails there at apply. Set zones: [] for a gateway without zones, or the zones ("1", "2", "3") if the region has them now`);
}

/**
 * {@link gatewayZones} for a construct: a location token counts as unknown, and the note becomes a
 * synthesis warning on the construct.
 */
export function zonesFor(scope: IConstruct, location: string | undefined, zones: string[] | undefined, owner: string): string[] {
  const choice = gatewayZones(location === undefined || Token.isUnresolved(location) ? undefined : location, zones, owner);
  if (choice.warning !== undefined) {
    Annotations.of(scope).addWarning(`${owner}: ${choice.warning}`);
  }
  return choice.zones;
}
