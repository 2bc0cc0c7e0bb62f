/**
 * The props of a {@link GmsApplicationGateway}, validated and with every default filled in:
 * the input of {@link applicationGatewayBody}.
 */
import { IConstruct } from 'constructs';
import {
  affinityCookiesExcludedByPolicy,
  APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET,
  AppGatewayRewriteRuleSet,
  appGatewayRewriteRuleSet,
  partitionedCookieMatchers,
} from '../../cookie/app-gateway-rewrite';
import { GmsExposure, isHostName, resolveExposure } from '../../gms';
import { ResponseHeader, securityResponseHeaders } from '../../headers/security-headers';
import { zonesFor } from '../availability-zones';
import { Token } from '../internal/cdktf';
import { APPLICATION_GATEWAY_LIMITS, ARM_NAME } from '../application-gateway-validation';
import type { GatewaySslPolicyName, GmsApplicationGatewayProps } from '../gms-application-gateway';
import { GatewayCertificate } from '../types';
import { checkGatewayInput } from './gateway-validation';
import { ResolvedNodeGroups, resolveNodeGroups } from './node-groups';
import { checkGatewayCertificate, checkInteger, fail, literal } from './validation';

/** A gateway with its defaults. */
export interface ResolvedGateway {
  readonly name: string;
  /** `/subscriptions/…/applicationGateways/<name>`, the prefix of every sub-resource id. */
  readonly id: string;
  readonly resourceGroupId: string;
  readonly gatewaySubnetId: string;
  readonly publicIpAddressId: string;
  readonly certificate: GatewayCertificate;
  readonly nodeGroups: ResolvedNodeGroups;
  /** The paths routed to the nodes; the rest goes to the empty pool (502). */
  readonly exposure: GmsExposure;
  readonly hostNames: string[];
  readonly httpToHttpsRedirect: boolean;
  readonly autoscale: { minCapacity: number; maxCapacity: number };
  readonly zones: string[];
  readonly sslPolicyName: GatewaySslPolicyName;
  readonly enableHttp2: boolean;
  readonly firewallPolicyId?: string;
  readonly routingRulePriority: number;
  readonly rewriteRuleSet: AppGatewayRewriteRuleSet;
  /** The cookie names (and `PREFIX*`) the rewrite rule set makes partitioned, in rule order. */
  readonly partitionedCookieNames: string[];
  /** Affinity cookies the policy's `excludeCookieNames` leaves out (a warning). */
  readonly excludedAffinityCookies: string[];
}

const SSL_POLICIES: readonly GatewaySslPolicyName[] = ['AppGwSslPolicy20220101S', 'AppGwSslPolicy20220101'];

/** Validates the props of a gateway and fills in the defaults; errors name the construct and the property. */
export function resolveGateway(scope: IConstruct, props: GmsApplicationGatewayProps): ResolvedGateway {
  const name = props.name ?? 'gms-edge-agw';
  if (!literal(name) || !ARM_NAME.test(name)) {
    fail(scope, 'name', `must be a literal of 1-80 letters, digits, '_', '.' or '-' (sub-resource ids contain it), got ${JSON.stringify(name)}`);
  }
  checkGatewayCertificate(scope, props.certificate, props.identityId !== undefined);
  checkGatewayInput(scope, props);
  const nodeGroups = resolveNodeGroups(scope, props);
  const exposure = resolveExposure(props.additionalExposedPaths);
  if ('error' in exposure) {
    fail(scope, exposure.property, exposure.error);
  }

  const autoscale = { minCapacity: props.autoscale?.minCapacity ?? 2, maxCapacity: props.autoscale?.maxCapacity ?? 10 };
  checkInteger(scope, 'autoscale.minCapacity', autoscale.minCapacity, APPLICATION_GATEWAY_LIMITS.autoscaleMinCapacity);
  checkInteger(scope, 'autoscale.maxCapacity', autoscale.maxCapacity, APPLICATION_GATEWAY_LIMITS.autoscaleMaxCapacity);
  if (!Token.isUnresolved(autoscale.maxCapacity) && !Token.isUnresolved(autoscale.minCapacity) && autoscale.maxCapacity < autoscale.minCapacity) {
    fail(scope, 'autoscale.maxCapacity', `(${autoscale.maxCapacity}) must be at least autoscale.minCapacity (${autoscale.minCapacity})`);
  }
  // The HTTP redirect rule takes the next priority.
  const priority = checkInteger(scope, 'routingRulePriority', props.routingRulePriority ?? 100,
    { min: APPLICATION_GATEWAY_LIMITS.routingRulePriority.min, max: APPLICATION_GATEWAY_LIMITS.routingRulePriority.max - 1 }, '', 'the HTTP redirect rule takes the next priority');
  const zones = zonesFor(scope, props.resourceGroup.location, props.zones);
  const sslPolicyName = props.sslPolicyName ?? 'AppGwSslPolicy20220101S';
  if (!SSL_POLICIES.includes(sslPolicyName)) {
    fail(scope, 'sslPolicyName', `must be AppGwSslPolicy20220101S or AppGwSslPolicy20220101 (the older policies allow TLS 1.0/1.1, retired on 31 Aug 2025), got ${JSON.stringify(sslPolicyName)}`);
  }
  const hostNames = props.hostNames ?? [];
  if (hostNames.length > APPLICATION_GATEWAY_LIMITS.hostNamesPerListener) {
    fail(scope, 'hostNames', `lists ${hostNames.length} host names; an Application Gateway listener takes 1 to ${APPLICATION_GATEWAY_LIMITS.hostNamesPerListener} (use a wildcard such as *.example.com), got ${JSON.stringify(hostNames)}`);
  }
  hostNames.forEach((hostName, index) => {
    if (literal(hostName) && !isHostName(hostName, { allowWildcard: true })) {
      fail(scope, `hostNames[${index}]`, `${JSON.stringify(hostName)} is not a host name`);
    }
  });

  const rewrite = rewriteOf(scope, props, nodeGroups);
  return {
    name,
    id: `${props.resourceGroup.id}/providers/Microsoft.Network/applicationGateways/${name}`,
    resourceGroupId: props.resourceGroup.id,
    gatewaySubnetId: props.gatewaySubnetId,
    publicIpAddressId: props.publicIpAddressId,
    certificate: props.certificate,
    nodeGroups,
    exposure: exposure.exposure,
    hostNames,
    httpToHttpsRedirect: props.httpToHttpsRedirect ?? true,
    autoscale,
    zones,
    sslPolicyName,
    enableHttp2: props.enableHttp2 ?? true,
    firewallPolicyId: props.firewallPolicyId,
    routingRulePriority: priority,
    ...rewrite,
  };
}

function rewriteOf(scope: IConstruct, props: GmsApplicationGatewayProps, nodeGroups: ResolvedNodeGroups): Pick<ResolvedGateway, 'rewriteRuleSet' | 'partitionedCookieNames' | 'excludedAffinityCookies'> {
  const affinityCookieNames = nodeGroups.groups.flatMap((group) => group.affinityCookieName === undefined ? [] : [group.affinityCookieName]);
  let responseHeaders: ResponseHeader[];
  try {
    responseHeaders = props.securityHeaders === false ? [] : securityResponseHeaders(props.securityHeaders);
  } catch (error) {
    fail(scope, 'securityHeaders', `is invalid: ${(error as Error).message}`);
  }
  const options = { policy: props.cookiePolicy, affinityCookieNames, additionalCookieNames: props.additionalCookieNames, responseHeaders };
  const matchers = partitionedCookieMatchers(options);
  if (matchers.length + responseHeaders.length > APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET) {
    fail(scope, 'the partitioned-cookie rewrite rule set', `needs ${matchers.length + responseHeaders.length} header configurations (one per cookie name: ${matchers.map((matcher) => matcher.cookieName).join(', ')}; and ${responseHeaders.length} security headers), `
      + `of which ${2 * affinityCookieNames.length} for the affinity cookies and their CORS companions of ${affinityCookieNames.length} node group(s); Application Gateway allows at most ${APP_GATEWAY_MAX_HEADER_CONFIGURATIONS_PER_RULE_SET} per rewrite rule set. `
      + 'Use fewer node groups or additionalCookieNames, or PREFIX* entries in the policy\'s cookieNames (an affinity prefix such as "ApplicationGatewayAffinity*" covers every group\'s pair)');
  }
  return {
    rewriteRuleSet: appGatewayRewriteRuleSet(options),
    partitionedCookieNames: matchers.map((matcher) => matcher.cookieName),
    excludedAffinityCookies: affinityCookiesExcludedByPolicy(props.cookiePolicy, affinityCookieNames),
  };
}
