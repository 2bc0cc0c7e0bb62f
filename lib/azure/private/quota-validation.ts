/**
 * Application Gateway v2 quotas a body can cross: ARM refuses the whole gateway at apply, so the
 * gateway construct reports them at synthesis, naming the collection, the count and the limit.
 */
import { ArmApplicationGatewayBody } from '../application-gateway-arm';

/**
 * Per-gateway limits of Application Gateway v2 ("Azure subscription and service limits",
 * Application Gateway limits: learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#application-gateway-limits).
 * The counts marked there with footnote 1 drop to 40 on a WAF gateway running CRS 3.1 or older;
 * this library creates no such policy (see waf-validation.ts).
 * @internal
 */
export const APPLICATION_GATEWAY_QUOTAS = {
  frontendPorts: 100,
  backendAddressPools: 100,
  backendTargetsPerPool: 1200,
  httpListeners: 200,
  requestRoutingRules: 400,
  backendHttpSettingsCollection: 100,
  sslCertificates: 100,
  redirectConfigurations: 100,
  rewriteRuleSets: 400,
  pathRulesPerUrlPathMap: 100,
} as const;

type CountedCollection = 'frontendPorts' | 'backendAddressPools' | 'httpListeners' | 'requestRoutingRules'
  | 'backendHttpSettingsCollection' | 'sslCertificates' | 'redirectConfigurations' | 'rewriteRuleSets';

const COUNTED: readonly CountedCollection[] = [
  'frontendPorts', 'backendAddressPools', 'httpListeners', 'requestRoutingRules',
  'backendHttpSettingsCollection', 'sslCertificates', 'redirectConfigurations', 'rewriteRuleSets',
];

/**
 * The quotas a body crosses, one message each naming the collection; empty when none.
 * @internal
 */
export function applicationGatewayQuotaErrors(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  for (const collection of COUNTED) {
    const count = ((properties[collection] ?? []) as unknown[]).length;
    if (count > APPLICATION_GATEWAY_QUOTAS[collection]) {
      errors.push(`properties.${collection} has ${count} elements; Application Gateway v2 allows at most ${APPLICATION_GATEWAY_QUOTAS[collection]} per gateway`);
    }
  }
  (properties.backendAddressPools ?? []).forEach((pool, index) => {
    const targets = (pool.properties.backendAddresses ?? []).length;
    if (targets > APPLICATION_GATEWAY_QUOTAS.backendTargetsPerPool) {
      errors.push(`properties.backendAddressPools[${index}] (${pool.name}) has ${targets} backend addresses; Application Gateway allows at most ${APPLICATION_GATEWAY_QUOTAS.backendTargetsPerPool} per pool`);
    }
  });
  (properties.urlPathMaps ?? []).forEach((map, index) => {
    const rules = map.properties.pathRules.length;
    if (rules > APPLICATION_GATEWAY_QUOTAS.pathRulesPerUrlPathMap) {
      errors.push(`properties.urlPathMaps[${index}] (${map.name}) has ${rules} path rules; Application Gateway allows at most ${APPLICATION_GATEWAY_QUOTAS.pathRulesPerUrlPathMap} per URL path map`);
    }
  });
  return errors;
}
