/**
 * The ARM body of a gateway, as a pure function of its resolved props: one `render*` function
 * per part, in the order ARM lists the properties.
 */
import {
  ArmApplicationGatewayBody,
  ArmApplicationGatewaySensitiveBody,
  ArmBackendHttpSettings,
  ArmNamed,
  ArmPathRule,
  ArmProbe,
  ArmSubResource,
} from '../application-gateway-arm';
import { isKeyVaultCertificate } from '../types';
import { ResolvedNodeGroup } from './node-groups';
import { ResolvedGateway } from './resolve-gateway';

type Properties = ArmApplicationGatewayBody['properties'];

/** A reference to a sub-resource of the gateway. */
function reference(gateway: ResolvedGateway, collection: string, name: string): ArmSubResource {
  return { id: `${gateway.id}/${collection}/${name}` };
}

const pool = (gateway: ResolvedGateway, group: ResolvedNodeGroup): ArmSubResource => reference(gateway, 'backendAddressPools', `pool-${group.name}`);
const settings = (gateway: ResolvedGateway, group: ResolvedNodeGroup): ArmSubResource => reference(gateway, 'backendHttpSettingsCollection', `settings-${group.name}`);
/** The backend pool without backends that answers every unpublished path (502, from the gateway). */
export const REFUSED_POOL = 'pool-not-published';

const pathBased = (gateway: ResolvedGateway): boolean => gateway.nodeGroups.pathBased || !gateway.exposure.exposesEverything;
const rewriteRuleSet = (gateway: ResolvedGateway): ArmSubResource => reference(gateway, 'rewriteRuleSets', gateway.rewriteRuleSet.name);

/** The gateway's ARM body (`Microsoft.Network/applicationGateways`). */
export function applicationGatewayBody(gateway: ResolvedGateway): ArmApplicationGatewayBody {
  const redirect = gateway.httpToHttpsRedirect;
  return {
    zones: gateway.zones.length > 0 ? gateway.zones : undefined,
    properties: {
      sku: gateway.firewallPolicyId !== undefined ? { name: 'WAF_v2', tier: 'WAF_v2' } : { name: 'Standard_v2', tier: 'Standard_v2' },
      autoscaleConfiguration: gateway.autoscale,
      enableHttp2: gateway.enableHttp2,
      sslPolicy: { policyType: 'Predefined', policyName: gateway.sslPolicyName },
      gatewayIPConfigurations: [{ name: 'gateway-ip', properties: { subnet: { id: gateway.gatewaySubnetId } } }],
      // A PFX goes into the sensitive body instead (see applicationGatewaySensitiveBody).
      sslCertificates: [{ name: 'tls-certificate', properties: isKeyVaultCertificate(gateway.certificate) ? { keyVaultSecretId: gateway.certificate.keyVaultSecretId } : {} }],
      frontendIPConfigurations: [{ name: 'frontend-public', properties: { publicIPAddress: { id: gateway.publicIpAddressId } } }],
      frontendPorts: [
        { name: 'port-443', properties: { port: 443 } },
        ...(redirect ? [{ name: 'port-80', properties: { port: 80 } }] : []),
      ],
      backendAddressPools: [
        ...gateway.nodeGroups.groups.map((group) => ({
          name: `pool-${group.name}`,
          properties: {
            backendAddresses: [
              ...group.ipAddresses.map((ipAddress) => ({ ipAddress })),
              ...group.fqdns.map((fqdn) => ({ fqdn })),
            ],
          },
        })),
        // Paths that are not published end here: no backend, so the gateway answers 502 itself.
        ...(gateway.exposure.exposesEverything ? [] : [{ name: REFUSED_POOL, properties: { backendAddresses: [] } }]),
      ],
      backendHttpSettingsCollection: gateway.nodeGroups.groups.map((group) => renderBackendSettings(gateway, group)),
      probes: gateway.nodeGroups.groups.map(renderProbe),
      httpListeners: renderListeners(gateway),
      redirectConfigurations: redirect ? [{
        name: 'redirect-http-to-https',
        properties: {
          redirectType: 'Permanent',
          targetListener: reference(gateway, 'httpListeners', 'listener-https'),
          includePath: true,
          includeQueryString: true,
        },
      }] : [],
      urlPathMaps: renderUrlPathMaps(gateway),
      requestRoutingRules: renderRoutingRules(gateway),
      rewriteRuleSets: [gateway.rewriteRuleSet],
      firewallPolicy: gateway.firewallPolicyId !== undefined ? { id: gateway.firewallPolicyId } : undefined,
    },
  };
}

/**
 * The write-only `sensitive_body` of a PFX certificate, which azapi merges into the body element
 * of the same name: the PFX and its password stay out of the plan and the state. `undefined`
 * for a Key Vault certificate.
 */
export function applicationGatewaySensitiveBody(gateway: ResolvedGateway): ArmApplicationGatewaySensitiveBody | undefined {
  const certificate = gateway.certificate;
  return isKeyVaultCertificate(certificate) ? undefined : {
    properties: {
      sslCertificates: [{
        name: 'tls-certificate',
        properties: { data: certificate.pfxBase64, password: certificate.pfxPassword },
      }],
    },
  };
}

function renderBackendSettings(gateway: ResolvedGateway, group: ResolvedNodeGroup): ArmNamed<ArmBackendHttpSettings> {
  const affinity = gateway.nodeGroups.cookieBasedAffinity;
  return {
    name: `settings-${group.name}`,
    properties: {
      port: group.port,
      protocol: 'Http',
      cookieBasedAffinity: affinity ? 'Enabled' : 'Disabled',
      // A single group without a custom name keeps the gateway's own default name.
      affinityCookieName: group.customAffinityCookieName ? group.affinityCookieName : undefined,
      requestTimeout: group.requestTimeoutSeconds,
      connectionDraining: { enabled: true, drainTimeoutInSec: group.deregistrationDelaySeconds },
      // IP backends keep the client's Host header; FQDN backends get their own name.
      pickHostNameFromBackendAddress: group.fqdns.length > 0,
      probe: reference(gateway, 'probes', `probe-${group.name}`),
    },
  };
}

function renderProbe(group: ResolvedNodeGroup): ArmNamed<ArmProbe> {
  const health = group.healthCheck;
  return {
    name: `probe-${group.name}`,
    properties: {
      protocol: 'Http',
      path: health.path,
      port: health.port,
      host: health.host,
      pickHostNameFromBackendHttpSettings: group.fqdns.length > 0,
      interval: health.intervalSeconds,
      timeout: health.timeoutSeconds,
      unhealthyThreshold: health.unhealthyThreshold,
      match: { statusCodes: health.statusCodes, body: health.bodyContains },
    },
  };
}

function renderListeners(gateway: ResolvedGateway): Properties['httpListeners'] {
  const hostNames = gateway.hostNames.length > 0 ? gateway.hostNames : undefined;
  return [
    {
      name: 'listener-https',
      properties: {
        frontendIPConfiguration: reference(gateway, 'frontendIPConfigurations', 'frontend-public'),
        frontendPort: reference(gateway, 'frontendPorts', 'port-443'),
        protocol: 'Https',
        sslCertificate: reference(gateway, 'sslCertificates', 'tls-certificate'),
        hostNames,
        requireServerNameIndication: hostNames !== undefined ? true : undefined,
      },
    },
    ...(gateway.httpToHttpsRedirect ? [{
      name: 'listener-http',
      properties: {
        frontendIPConfiguration: reference(gateway, 'frontendIPConfigurations', 'frontend-public'),
        frontendPort: reference(gateway, 'frontendPorts', 'port-80'),
        protocol: 'Http' as const,
        hostNames,
      },
    }] : []),
  ];
}

function renderUrlPathMaps(gateway: ResolvedGateway): Properties['urlPathMaps'] {
  const { groups, defaultGroup } = gateway.nodeGroups;
  const exposure = gateway.exposure;
  const groupRules = groups
    .filter((group) => group.pathPatterns.length > 0)
    .map((group): ArmNamed<ArmPathRule> => ({
      name: `path-${group.name}`,
      properties: {
        paths: group.pathPatterns,
        backendAddressPool: pool(gateway, group),
        backendHttpSettings: settings(gateway, group),
        rewriteRuleSet: rewriteRuleSet(gateway),
      },
    }));
  // The published paths the groups do not claim go to the default group; the path map's
  // default (every other path) to the refused pool.
  // A path listed by a group rule already is left out: one path, one rule in a path map.
  const claimed = new Set(groupRules.flatMap((rule) => rule.properties.paths.map((path) => path.toLowerCase())));
  const published = exposure.pathPatterns.filter((path) => !claimed.has(path.toLowerCase()));
  const exposedRule: Array<ArmNamed<ArmPathRule>> = exposure.exposesEverything || published.length === 0 ? [] : [{
    name: 'path-published',
    properties: {
      paths: published,
      backendAddressPool: pool(gateway, defaultGroup),
      backendHttpSettings: settings(gateway, defaultGroup),
      rewriteRuleSet: rewriteRuleSet(gateway),
    },
  }];
  return pathBased(gateway) ? [{
    name: 'paths-gms',
    properties: {
      defaultBackendAddressPool: exposure.exposesEverything ? pool(gateway, defaultGroup) : reference(gateway, 'backendAddressPools', REFUSED_POOL),
      defaultBackendHttpSettings: settings(gateway, defaultGroup),
      defaultRewriteRuleSet: rewriteRuleSet(gateway),
      pathRules: [...groupRules, ...exposedRule],
    },
  }] : [];
}

function renderRoutingRules(gateway: ResolvedGateway): Properties['requestRoutingRules'] {
  const priority = gateway.routingRulePriority;
  const httpsListener = reference(gateway, 'httpListeners', 'listener-https');
  return [
    pathBased(gateway) ? {
      name: 'rule-https',
      properties: {
        ruleType: 'PathBasedRouting',
        priority,
        httpListener: httpsListener,
        urlPathMap: reference(gateway, 'urlPathMaps', 'paths-gms'),
      },
    } : {
      name: 'rule-https',
      properties: {
        ruleType: 'Basic',
        priority,
        httpListener: httpsListener,
        backendAddressPool: pool(gateway, gateway.nodeGroups.defaultGroup),
        backendHttpSettings: settings(gateway, gateway.nodeGroups.defaultGroup),
        rewriteRuleSet: rewriteRuleSet(gateway),
      },
    },
    ...(gateway.httpToHttpsRedirect ? [{
      name: 'rule-http-redirect',
      properties: {
        ruleType: 'Basic' as const,
        priority: priority + 1,
        httpListener: reference(gateway, 'httpListeners', 'listener-http'),
        redirectConfiguration: reference(gateway, 'redirectConfigurations', 'redirect-http-to-https'),
      },
    }] : []),
  ];
}
