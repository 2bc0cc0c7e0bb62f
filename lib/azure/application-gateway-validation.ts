/**
 * Checks of a gateway body that Azure would otherwise only report at `terraform apply` (or not at
 * all): names that reference nothing, missing or duplicate priorities, limits. Returns messages
 * that name the property; the gateway construct runs them at synthesis.
 */
import { Token } from './internal/cdktf';
import {
  APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET,
  APP_GATEWAY_RULE_SEQUENCE_MAX,
} from '../cookie/app-gateway-rewrite';
import {
  APPLICATION_GATEWAY_SUB_RESOURCE_COLLECTIONS,
  ArmApplicationGatewayBody,
} from './application-gateway-arm';
import { applicationGatewayQuotaErrors } from './private/quota-validation';
import { checkTrafficToNodes } from './private/traffic-validation';


/**
 * An Application Gateway or sub-resource name: 1-80 letters, digits, '_', '.', '-'; starts with a letter or digit, ends with a letter, digit or '_'.
 * @internal
 */
export const ARM_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

/**
 * Application Gateway v2 limits used by the checks (Azure subscription and service limits).
 * @internal
 */
export const APPLICATION_GATEWAY_LIMITS = {
  routingRulePriority: { min: 1, max: 20000 },
  requestTimeoutSeconds: { min: 1, max: 86400 },
  drainTimeoutSeconds: { min: 1, max: 3600 },
  probeIntervalSeconds: { min: 1, max: 86400 },
  probeUnhealthyThreshold: { min: 1, max: 20 },
  autoscaleMinCapacity: { min: 0, max: 125 },
  autoscaleMaxCapacity: { min: 2, max: 125 },
  headerConfigurationsPerRewriteRuleSet: APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET,
  conditionsPerRewriteRuleSet: 40,
  ruleSequence: { min: 1, max: APP_GATEWAY_RULE_SEQUENCE_MAX },
  port: { min: 1, max: 65535 },
  /** Host names of one multi-site listener (Azure subscription limits, Application Gateway). */
  hostNamesPerListener: 5,
} as const;

/**
 * A reference from one element of the body to a sub-resource of the gateway.
 * @internal
 */
export interface SubResourceReference {
  /** Where the reference is, as a JSON path (`properties.requestRoutingRules[0].properties.httpListener`). */
  readonly at: string;
  readonly id: string;
  readonly collection: string;
  readonly name: string;
}

const SUB_RESOURCE_ID = /\/providers\/Microsoft\.Network\/applicationGateways\/([^/]+)\/([^/]+)\/([^/]+)$/i;

/**
 * Every `{ id }` in the body that points into an application gateway, with where it is.
 * @internal
 */
export function subResourceReferences(body: ArmApplicationGatewayBody): SubResourceReference[] {
  const found: SubResourceReference[] = [];
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((element, index) => visit(element, `${at}[${index}]`));
      return;
    }
    if (value === null || typeof value !== 'object') {
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string') {
      const match = SUB_RESOURCE_ID.exec(record.id);
      if (match !== null) {
        found.push({ at, id: record.id, collection: match[2], name: match[3] });
      }
    }
    for (const [key, child] of Object.entries(record)) {
      visit(child, at === '' ? key : `${at}.${key}`);
    }
  };
  visit(body, '');
  return found;
}

/** A Terraform token counts as in range: Terraform resolves it at plan (see the props' TSDoc). */
function inRange(value: unknown, range: { readonly min: number; readonly max: number }): boolean {
  return typeof value === 'number' && (Token.isUnresolved(value) || (Number.isInteger(value) && value >= range.min && value <= range.max));
}

function rangeText(range: { readonly min: number; readonly max: number }): string {
  return `an integer from ${range.min} to ${range.max}`;
}

/**
 * Problems in a gateway body, each naming the property; empty when it is consistent.
 *
 * @param gatewayName the gateway's name, which every sub-resource id must use
 * @internal
 */
export function validateApplicationGatewayBody(body: ArmApplicationGatewayBody, gatewayName: string): string[] {
  return [
    ...checkSubResourceNames(body),
    ...checkSubResourceReferences(body, gatewayName),
    ...BODY_CHECKS.flatMap((check) => check(body)),
  ];
}

/** The checks of one part of the body each. */
const BODY_CHECKS: ReadonlyArray<(body: ArmApplicationGatewayBody) => string[]> = [
  checkListeners,
  checkRoutingRules,
  checkFrontendPorts,
  checkBackendSettings,
  checkProbes,
  checkAutoscale,
  checkRewriteRuleSets,
  checkRewriteRuleSetsAttached,
  applicationGatewayQuotaErrors,
  checkTrafficToNodes,
];

/** Names are valid ARM names, unique within their collection. */
function checkSubResourceNames(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  for (const collection of APPLICATION_GATEWAY_SUB_RESOURCE_COLLECTIONS) {
    const seen = new Set<string>();
    elementsOf(body, collection).forEach((element, index) => {
      if (typeof element.name !== 'string' || !ARM_NAME.test(element.name)) {
        errors.push(`properties.${collection}[${index}].name ${JSON.stringify(element.name)} must be 1-80 letters, digits, '_', '.' or '-', starting with a letter or digit and ending with a letter, digit or '_'`);
      }
      if (seen.has(element.name)) {
        errors.push(`properties.${collection} has two elements named ${JSON.stringify(element.name)}`);
      }
      seen.add(element.name);
    });
  }
  return errors;
}

function elementsOf(body: ArmApplicationGatewayBody, collection: typeof APPLICATION_GATEWAY_SUB_RESOURCE_COLLECTIONS[number]): Array<{ name: string }> {
  return body.properties[collection] ?? [];
}

/** Every sub-resource id points at this gateway and at an element that exists. */
function checkSubResourceReferences(body: ArmApplicationGatewayBody, gatewayName: string): string[] {
  const errors: string[] = [];
  const names = new Map(APPLICATION_GATEWAY_SUB_RESOURCE_COLLECTIONS.map((collection) => [collection.toLowerCase(), new Set(elementsOf(body, collection).map((element) => element.name))]));
  for (const reference of subResourceReferences(body)) {
    const match = SUB_RESOURCE_ID.exec(reference.id);
    if (match !== null && match[1] !== gatewayName) {
      errors.push(`${reference.at} references gateway ${JSON.stringify(match[1])}, not this gateway ${JSON.stringify(gatewayName)}`);
      continue;
    }
    const collection = names.get(reference.collection.toLowerCase());
    if (collection === undefined) {
      errors.push(`${reference.at} references unknown collection ${JSON.stringify(reference.collection)}`);
    } else if (!collection.has(reference.name)) {
      errors.push(`${reference.at} references ${reference.collection} ${JSON.stringify(reference.name)}, which does not exist`);
    }
  }
  return errors;
}

/** Host names per listener stay within the limit. */
function checkListeners(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  (properties.httpListeners ?? []).forEach((listener, index) => {
    const hostNames = listener.properties.hostNames ?? [];
    if (hostNames.length > APPLICATION_GATEWAY_LIMITS.hostNamesPerListener) {
      errors.push(`properties.httpListeners[${index}] (${listener.name}).hostNames lists ${hostNames.length} host names; Application Gateway allows at most ${APPLICATION_GATEWAY_LIMITS.hostNamesPerListener} per listener (use a wildcard such as *.example.com, or more listeners), got ${JSON.stringify(hostNames)}`);
    }
  });
  return errors;
}

/** Routing rules have unique priorities in range, and a target. */
function checkRoutingRules(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  const priorities = new Map<number, string>();
  properties.requestRoutingRules.forEach((rule, index) => {
    const priority = rule.properties.priority;
    if (!inRange(priority, APPLICATION_GATEWAY_LIMITS.routingRulePriority)) {
      errors.push(`properties.requestRoutingRules[${index}] (${rule.name}).priority must be ${rangeText(APPLICATION_GATEWAY_LIMITS.routingRulePriority)} (required on v2), got ${JSON.stringify(priority)}`);
    } else if (priorities.has(priority)) {
      errors.push(`properties.requestRoutingRules[${index}] (${rule.name}).priority ${priority} is also the priority of ${priorities.get(priority)}; priorities must be unique`);
    } else {
      priorities.set(priority, rule.name);
    }
    const target = rule.properties.ruleType === 'PathBasedRouting'
      ? rule.properties.urlPathMap !== undefined
      : rule.properties.redirectConfiguration !== undefined || (rule.properties.backendAddressPool !== undefined && rule.properties.backendHttpSettings !== undefined);
    if (!target) {
      errors.push(`properties.requestRoutingRules[${index}] (${rule.name}) of type ${rule.properties.ruleType} needs ${rule.properties.ruleType === 'PathBasedRouting' ? 'a urlPathMap' : 'a backendAddressPool and backendHttpSettings, or a redirectConfiguration'}`);
    }
  });
  return errors;
}

/** Frontend ports are unique, outside the range the gateway reserves. */
function checkFrontendPorts(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  const ports = new Map<number, string>();
  properties.frontendPorts.forEach((port, index) => {
    if (!inRange(port.properties.port, APPLICATION_GATEWAY_LIMITS.port) || (port.properties.port >= 65200 && port.properties.port <= 65535)) {
      errors.push(`properties.frontendPorts[${index}] (${port.name}).port must be from 1 to 65199 (65200-65535 are reserved for the gateway's infrastructure), got ${JSON.stringify(port.properties.port)}`);
    } else if (ports.has(port.properties.port)) {
      errors.push(`properties.frontendPorts[${index}] (${port.name}).port ${port.properties.port} is also used by ${ports.get(port.properties.port)}`);
    }
    ports.set(port.properties.port, port.name);
  });
  return errors;
}

/** Backend settings: port, request timeout and drain timeout in range. */
function checkBackendSettings(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  properties.backendHttpSettingsCollection.forEach((settings, index) => {
    const where = `properties.backendHttpSettingsCollection[${index}] (${settings.name})`;
    if (!inRange(settings.properties.port, APPLICATION_GATEWAY_LIMITS.port)) {
      errors.push(`${where}.port must be ${rangeText(APPLICATION_GATEWAY_LIMITS.port)}, got ${JSON.stringify(settings.properties.port)}`);
    }
    if (!inRange(settings.properties.requestTimeout, APPLICATION_GATEWAY_LIMITS.requestTimeoutSeconds)) {
      errors.push(`${where}.requestTimeout must be ${rangeText(APPLICATION_GATEWAY_LIMITS.requestTimeoutSeconds)} seconds, got ${JSON.stringify(settings.properties.requestTimeout)}`);
    }
    const draining = settings.properties.connectionDraining;
    if (draining !== undefined && draining.enabled && !inRange(draining.drainTimeoutInSec, APPLICATION_GATEWAY_LIMITS.drainTimeoutSeconds)) {
      errors.push(`${where}.connectionDraining.drainTimeoutInSec must be ${rangeText(APPLICATION_GATEWAY_LIMITS.drainTimeoutSeconds)}, got ${JSON.stringify(draining.drainTimeoutInSec)}`);
    }
  });
  return errors;
}

/** Probes: path, interval, timeout, threshold and host. */
function checkProbes(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  properties.probes.forEach((probe, index) => {
    const where = `properties.probes[${index}] (${probe.name})`;
    if (!probe.properties.path.startsWith('/')) {
      errors.push(`${where}.path must start with '/', got ${JSON.stringify(probe.properties.path)}`);
    }
    if (!inRange(probe.properties.interval, APPLICATION_GATEWAY_LIMITS.probeIntervalSeconds) || !inRange(probe.properties.timeout, APPLICATION_GATEWAY_LIMITS.probeIntervalSeconds)) {
      errors.push(`${where}.interval and .timeout must be ${rangeText(APPLICATION_GATEWAY_LIMITS.probeIntervalSeconds)} seconds`);
    }
    if (!inRange(probe.properties.unhealthyThreshold, APPLICATION_GATEWAY_LIMITS.probeUnhealthyThreshold)) {
      errors.push(`${where}.unhealthyThreshold must be ${rangeText(APPLICATION_GATEWAY_LIMITS.probeUnhealthyThreshold)}`);
    }
    if (probe.properties.host === undefined && !probe.properties.pickHostNameFromBackendHttpSettings) {
      errors.push(`${where} needs a host, or pickHostNameFromBackendHttpSettings`);
    }
  });
  return errors;
}

/** Autoscale capacities in range, maximum at least the minimum. */
function checkAutoscale(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  const autoscale = properties.autoscaleConfiguration;
  if (!inRange(autoscale.minCapacity, APPLICATION_GATEWAY_LIMITS.autoscaleMinCapacity)) {
    errors.push(`properties.autoscaleConfiguration.minCapacity must be ${rangeText(APPLICATION_GATEWAY_LIMITS.autoscaleMinCapacity)}, got ${JSON.stringify(autoscale.minCapacity)}`);
  }
  const bothKnown = !Token.isUnresolved(autoscale.maxCapacity) && !Token.isUnresolved(autoscale.minCapacity);
  if (!inRange(autoscale.maxCapacity, APPLICATION_GATEWAY_LIMITS.autoscaleMaxCapacity) || (bothKnown && autoscale.maxCapacity < autoscale.minCapacity)) {
    errors.push(`properties.autoscaleConfiguration.maxCapacity must be ${rangeText(APPLICATION_GATEWAY_LIMITS.autoscaleMaxCapacity)} and at least minCapacity (${autoscale.minCapacity}), got ${JSON.stringify(autoscale.maxCapacity)}`);
  }
  return errors;
}

/** Rewrite rule sets stay within the limits, use unique rule names and nothing Terraform would interpolate. */
function checkRewriteRuleSets(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  const rewriteRuleNames = new Set<string>();
  properties.rewriteRuleSets.forEach((ruleSet, index) => {
    const rules = ruleSet.properties.rewriteRules;
    const configurations = rules.reduce((sum, rule) => sum + rule.actionSet.requestHeaderConfigurations.length + rule.actionSet.responseHeaderConfigurations.length, 0);
    const conditions = rules.reduce((sum, rule) => sum + rule.conditions.length, 0);
    if (configurations > APPLICATION_GATEWAY_LIMITS.headerConfigurationsPerRewriteRuleSet) {
      errors.push(`properties.rewriteRuleSets[${index}] (${ruleSet.name}) has ${configurations} header configurations; Application Gateway allows at most ${APPLICATION_GATEWAY_LIMITS.headerConfigurationsPerRewriteRuleSet} per rewrite rule set`);
    }
    if (conditions > APPLICATION_GATEWAY_LIMITS.conditionsPerRewriteRuleSet) {
      errors.push(`properties.rewriteRuleSets[${index}] (${ruleSet.name}) has ${conditions} conditions; Application Gateway allows at most ${APPLICATION_GATEWAY_LIMITS.conditionsPerRewriteRuleSet} per rewrite rule set`);
    }
    rules.forEach((rule, ruleIndex) => {
      if (!inRange(rule.ruleSequence, APPLICATION_GATEWAY_LIMITS.ruleSequence)) {
        errors.push(`properties.rewriteRuleSets[${index}].properties.rewriteRules[${ruleIndex}] (${rule.name}).ruleSequence must be ${rangeText(APPLICATION_GATEWAY_LIMITS.ruleSequence)}`);
      }
      if (rewriteRuleNames.has(rule.name)) {
        errors.push(`rewrite rule name ${JSON.stringify(rule.name)} is used twice; rewrite rule names are unique within a gateway`);
      }
      rewriteRuleNames.add(rule.name);
      for (const configuration of rule.actionSet.responseHeaderConfigurations) {
        const text = `${configuration.headerValue ?? ''} ${configuration.headerValueMatcher?.pattern ?? ''}`;
        // Terraform would read these as template interpolation inside the body.
        if (!Token.isUnresolved(text) && /[$%]\{/.test(text)) {
          errors.push(`properties.rewriteRuleSets[${index}].properties.rewriteRules[${ruleIndex}] (${rule.name}) contains "\${" or "%{", which Terraform would interpolate`);
        }
        if (configuration.headerValueMatcher !== undefined && configuration.headerName.toLowerCase() !== 'set-cookie') {
          errors.push(`properties.rewriteRuleSets[${index}].properties.rewriteRules[${ruleIndex}] (${rule.name}): headerValueMatcher is only supported on the Set-Cookie response header`);
        }
      }
    });
  });
  return errors;
}

/** Every rewrite rule set is attached to a routing or path rule. */
function checkRewriteRuleSetsAttached(body: ArmApplicationGatewayBody): string[] {
  const errors: string[] = [];
  const properties = body.properties;
  const attached = new Set<string>(subResourceReferences(body)
    .filter((reference) => reference.collection.toLowerCase() === 'rewriterulesets')
    .map((reference) => reference.name));
  properties.rewriteRuleSets.forEach((ruleSet, index) => {
    if (!attached.has(ruleSet.name)) {
      errors.push(`properties.rewriteRuleSets[${index}] (${ruleSet.name}) is attached to no routing rule or path rule`);
    }
  });
  return errors;
}

