/**
 * What an escape-hatch edit of the body must not open: a rule that forwards to GMS nodes without
 * the partitioned-cookie rewrite rule set (its cookies would stay unpartitioned), or a plain-HTTP
 * listener that forwards to the nodes instead of redirecting to HTTPS.
 */
import { ArmApplicationGatewayBody, ArmSubResource } from '../application-gateway-arm';

/** The last segment of a sub-resource id: the element's name. */
function nameOf(reference: ArmSubResource | undefined): string | undefined {
  return reference?.id.split('/').pop();
}

/**
 * Routing rules and path rules that reach a pool with nodes, each with the rewrite rule set; no
 * plain-HTTP listener forwarding to nodes. Messages name the element.
 * @internal
 */
export function checkTrafficToNodes(body: ArmApplicationGatewayBody): string[] {
  const properties = body.properties;
  const poolsWithNodes = new Set((properties.backendAddressPools ?? [])
    .filter((pool) => (pool.properties.backendAddresses ?? []).length > 0)
    .map((pool) => pool.name));
  const reachesNodes = (pool: ArmSubResource | undefined): boolean => poolsWithNodes.has(nameOf(pool) ?? '');
  const plainListeners = new Set((properties.httpListeners ?? [])
    .filter((listener) => listener.properties.protocol === 'Http')
    .map((listener) => listener.name));
  const pathMaps = new Map((properties.urlPathMaps ?? []).map((map) => [map.name, map]));
  const errors: string[] = [];
  const rewriteMissing = 'forwards to GMS nodes without a rewriteRuleSet: their Set-Cookie headers would stay unpartitioned, and browsers that block third-party cookies drop them';

  (properties.requestRoutingRules ?? []).forEach((rule, index) => {
    const where = `properties.requestRoutingRules[${index}] (${rule.name})`;
    const map = pathMaps.get(nameOf(rule.properties.urlPathMap) ?? '');
    const forwards = reachesNodes(rule.properties.backendAddressPool)
      || (map !== undefined && (reachesNodes(map.properties.defaultBackendAddressPool) || map.properties.pathRules.some((pathRule) => reachesNodes(pathRule.properties.backendAddressPool))));
    if (rule.properties.ruleType === 'Basic' && reachesNodes(rule.properties.backendAddressPool) && rule.properties.rewriteRuleSet === undefined) {
      errors.push(`${where} ${rewriteMissing}`);
    }
    if (forwards && plainListeners.has(nameOf(rule.properties.httpListener) ?? '')) {
      errors.push(`${where} forwards plain HTTP from listener ${nameOf(rule.properties.httpListener)} to GMS nodes; the gateway's HTTP listener only redirects to HTTPS (the cookies are Secure, and chat would travel unencrypted)`);
    }
  });
  (properties.urlPathMaps ?? []).forEach((map, index) => {
    const where = `properties.urlPathMaps[${index}] (${map.name})`;
    if (reachesNodes(map.properties.defaultBackendAddressPool) && map.properties.defaultRewriteRuleSet === undefined) {
      errors.push(`${where} default ${rewriteMissing}`);
    }
    map.properties.pathRules.forEach((pathRule, ruleIndex) => {
      if (reachesNodes(pathRule.properties.backendAddressPool) && pathRule.properties.rewriteRuleSet === undefined) {
        errors.push(`${where}.pathRules[${ruleIndex}] (${pathRule.name}) ${rewriteMissing}`);
      }
    });
  });
  return errors;
}
