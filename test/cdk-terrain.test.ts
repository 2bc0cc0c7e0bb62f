/**
 * CDK for Terraform (cdktf) and CDK Terrain (cdktn) synthesize the same reference deployment
 * (bin/azure.ts, `npm run synth:azure` and `npm run synth:azure-cdktn`). Runs once, in the cdktf
 * project: it starts both flavours itself.
 */
import { FLAVOUR_SYNTHESIS, normalised, synthesizeReferenceApp, TfJson } from './azure/support';

/** Every JSON path where two values differ, with both values. */
function differences(left: unknown, right: unknown, path = ''): Array<{ path: string; cdktf: unknown; cdktn: unknown }> {
  if (typeof left === 'object' && left !== null && typeof right === 'object' && right !== null && Array.isArray(left) === Array.isArray(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    return keys.flatMap((key) => differences((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`));
  }
  return JSON.stringify(left) === JSON.stringify(right) ? [] : [{ path, cdktf: left, cdktn: right }];
}

function resourceAddresses(json: TfJson): string[] {
  return Object.entries(json.resource).flatMap(([type, blocks]) => Object.keys(blocks).map((id) => `${type}.${id}`)).sort();
}

describe('the reference Azure app on cdktf and on cdktn', () => {
  const cdktf = synthesizeReferenceApp({}, 'cdktf').json;
  const cdktn = synthesizeReferenceApp({}, 'cdktn').json;

  it('holds the same resources, data sources, outputs and providers under the same addresses', () => {
    expect(resourceAddresses(cdktn)).toEqual(resourceAddresses(cdktf));
    expect(resourceAddresses(cdktf)).toContain('azapi_resource.GmsEdge_Gateway_C4E92733');
    expect(Object.keys(cdktn.data ?? {})).toEqual(Object.keys(cdktf.data ?? {}));
    expect(Object.keys(cdktn.output ?? {})).toEqual(Object.keys(cdktf.output ?? {}));
    expect(cdktn.provider).toEqual(cdktf.provider);
  });

  it('differs in exactly two values: the library version in the metadata, and the azurerm version the provider bindings pin', () => {
    expect(differences(cdktf, cdktn)).toEqual([
      { path: '//.metadata.version', cdktf: FLAVOUR_SYNTHESIS.cdktf.library, cdktn: FLAVOUR_SYNTHESIS.cdktn.library },
      { path: 'terraform.required_providers.azurerm.version', cdktf: FLAVOUR_SYNTHESIS.cdktf.azurermProvider, cdktn: FLAVOUR_SYNTHESIS.cdktn.azurermProvider },
    ]);
    expect(normalised(cdktn)).toEqual(normalised(cdktf));
  });
});
