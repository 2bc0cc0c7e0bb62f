/**
 * gms-edge-constructs: the cloud-neutral cookie policy and its enforcement points.
 * AWS constructs: `gms-edge-constructs/aws`; Azure constructs: `gms-edge-constructs/azure`.
 */
export * from './cookie';
export * from './headers/security-headers';
