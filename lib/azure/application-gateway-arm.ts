/**
 * A typed model of the ARM request body of `Microsoft.Network/applicationGateways` (API version
 * {@link APPLICATION_GATEWAY_API_VERSION}), limited to what this library sets, in the wire shape
 * (`{ name, properties }` sub-resources, references as `{ id }`).
 *
 * The Azure SDK's published types (@azure/arm-network) are flattened (`ApplicationGatewayHttpListener`
 * has `frontendPort` at the top, not under `properties`), so they do not describe the wire body
 * azapi sends; these interfaces do. The rewrite rule set types come from lib/cookie, which
 * generates that part from the cookie policy.
 */
import type { AppGatewayRewriteRuleSet } from '../cookie/app-gateway-rewrite';

/**
 * The ARM API version of the gateway. 2023-11-01 is the first with `headerValueMatcher`; this is
 * a later stable (non-preview) version.
 */
export const APPLICATION_GATEWAY_API_VERSION = '2024-05-01';

/** The azapi resource type of the gateway. */
export const APPLICATION_GATEWAY_RESOURCE_TYPE = `Microsoft.Network/applicationGateways@${APPLICATION_GATEWAY_API_VERSION}`;

/** A reference to another resource or sub-resource. */
export interface ArmSubResource {
  id: string;
}

/** A named sub-resource of the gateway. */
export interface ArmNamed<P> {
  name: string;
  properties: P;
}

export type ArmProtocol = 'Http' | 'Https';

export interface ArmGatewayIpConfiguration {
  subnet: ArmSubResource;
}

export interface ArmSslCertificate {
  /** Versionless Key Vault secret id (the gateway follows rotation). */
  keyVaultSecretId?: string;
  /** Base64 PFX, when not from Key Vault. */
  data?: string;
  password?: string;
}

/**
 * The secret part of a gateway body, sent as azapi's write-only `sensitive_body` and merged into
 * the body by the provider: the PFX certificates' data and password, by certificate name.
 */
export interface ArmApplicationGatewaySensitiveBody {
  properties: {
    sslCertificates: Array<ArmNamed<{ data: string; password: string }>>;
  };
}

export interface ArmFrontendIpConfiguration {
  publicIPAddress?: ArmSubResource;
  privateIPAllocationMethod?: 'Dynamic' | 'Static';
}

export interface ArmFrontendPort {
  port: number;
}

export type ArmBackendAddress = { ipAddress: string } | { fqdn: string };

export interface ArmBackendAddressPool {
  backendAddresses: ArmBackendAddress[];
}

export interface ArmConnectionDraining {
  enabled: boolean;
  drainTimeoutInSec: number;
}

export interface ArmBackendHttpSettings {
  port: number;
  protocol: ArmProtocol;
  cookieBasedAffinity: 'Enabled' | 'Disabled';
  affinityCookieName?: string;
  /** Seconds, 1–86400. */
  requestTimeout: number;
  connectionDraining?: ArmConnectionDraining;
  pickHostNameFromBackendAddress?: boolean;
  hostName?: string;
  probe?: ArmSubResource;
}

export interface ArmProbeMatch {
  statusCodes: string[];
  body?: string;
}

export interface ArmProbe {
  protocol: ArmProtocol;
  path: string;
  port?: number;
  host?: string;
  pickHostNameFromBackendHttpSettings?: boolean;
  interval: number;
  timeout: number;
  unhealthyThreshold: number;
  match?: ArmProbeMatch;
}

export interface ArmHttpListener {
  frontendIPConfiguration: ArmSubResource;
  frontendPort: ArmSubResource;
  protocol: ArmProtocol;
  sslCertificate?: ArmSubResource;
  hostNames?: string[];
  requireServerNameIndication?: boolean;
}

export interface ArmRedirectConfiguration {
  redirectType: 'Permanent' | 'Found' | 'SeeOther' | 'Temporary';
  targetListener: ArmSubResource;
  includePath: boolean;
  includeQueryString: boolean;
}

export interface ArmPathRule {
  paths: string[];
  backendAddressPool: ArmSubResource;
  backendHttpSettings: ArmSubResource;
  rewriteRuleSet?: ArmSubResource;
}

export interface ArmUrlPathMap {
  defaultBackendAddressPool: ArmSubResource;
  defaultBackendHttpSettings: ArmSubResource;
  defaultRewriteRuleSet?: ArmSubResource;
  pathRules: Array<ArmNamed<ArmPathRule>>;
}

export interface ArmRequestRoutingRule {
  ruleType: 'Basic' | 'PathBasedRouting';
  /** 1–20000, unique per gateway; required on v2. */
  priority: number;
  httpListener: ArmSubResource;
  backendAddressPool?: ArmSubResource;
  backendHttpSettings?: ArmSubResource;
  rewriteRuleSet?: ArmSubResource;
  redirectConfiguration?: ArmSubResource;
  urlPathMap?: ArmSubResource;
}

export type ArmApplicationGatewaySkuName = 'Standard_v2' | 'WAF_v2';

export interface ArmApplicationGatewayProperties {
  sku: { name: ArmApplicationGatewaySkuName; tier: ArmApplicationGatewaySkuName };
  autoscaleConfiguration: { minCapacity: number; maxCapacity: number };
  enableHttp2: boolean;
  sslPolicy: { policyType: 'Predefined'; policyName: string };
  gatewayIPConfigurations: Array<ArmNamed<ArmGatewayIpConfiguration>>;
  sslCertificates: Array<ArmNamed<ArmSslCertificate>>;
  frontendIPConfigurations: Array<ArmNamed<ArmFrontendIpConfiguration>>;
  frontendPorts: Array<ArmNamed<ArmFrontendPort>>;
  backendAddressPools: Array<ArmNamed<ArmBackendAddressPool>>;
  backendHttpSettingsCollection: Array<ArmNamed<ArmBackendHttpSettings>>;
  probes: Array<ArmNamed<ArmProbe>>;
  httpListeners: Array<ArmNamed<ArmHttpListener>>;
  redirectConfigurations: Array<ArmNamed<ArmRedirectConfiguration>>;
  urlPathMaps: Array<ArmNamed<ArmUrlPathMap>>;
  requestRoutingRules: Array<ArmNamed<ArmRequestRoutingRule>>;
  rewriteRuleSets: AppGatewayRewriteRuleSet[];
  firewallPolicy?: ArmSubResource;
}

/** The `body` of the gateway's azapi resource (location, identity and tags are azapi arguments). */
export interface ArmApplicationGatewayBody {
  zones?: string[];
  properties: ArmApplicationGatewayProperties;
}

/**
 * The collections of the gateway whose elements other elements reference by id.
 * @internal
 */
export const APPLICATION_GATEWAY_SUB_RESOURCE_COLLECTIONS = [
  'gatewayIPConfigurations',
  'sslCertificates',
  'frontendIPConfigurations',
  'frontendPorts',
  'backendAddressPools',
  'backendHttpSettingsCollection',
  'probes',
  'httpListeners',
  'redirectConfigurations',
  'urlPathMaps',
  'requestRoutingRules',
  'rewriteRuleSets',
] as const;

/** @internal */
export type ApplicationGatewaySubResourceCollection = (typeof APPLICATION_GATEWAY_SUB_RESOURCE_COLLECTIONS)[number];
