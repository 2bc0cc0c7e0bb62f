/**
 * gms-edge-constructs: the cloud-neutral cookie policy and its enforcement points.
 * AWS constructs: `gms-edge-constructs/aws`; Azure constructs: `gms-edge-constructs/azure` (CDK for
 * Terraform) or `gms-edge-constructs/azure-cdktn` (CDK Terrain).
 */
export * from './cookie';
