/**
 * What the lab's balancer emulation reads from the synthesized output, besides the cookie
 * enforcement: how each platform health-checks a node and which request paths reach a node.
 *
 * - ALB (cdk.out): the default group's target group (the one the lowest-precedence listener rule
 *   forwards to): HealthCheckPath, Matcher.HttpCode (status codes only, `200,202` / `200-299`),
 *   interval and thresholds; the listener rules' path-pattern conditions (`*` any run of
 *   characters, `?` one, case-sensitive) and the listener's fixed-response default action.
 * - Application Gateway (cdktf.out): the probe of the settings the CometD path is routed with:
 *   path, interval, unhealthy threshold, match.statusCodes (ranges allowed) and match.body (a
 *   substring); a path routed to a pool without backends is answered 502 by the gateway.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArmApplicationGatewayBody } from '../../lib/azure/application-gateway-arm';
import { routeRequest } from '../support/app-gateway-emulator';

/** The health check the balancer runs on every node. */
export interface LabHealthCheck {
  readonly path: string;
  readonly intervalSeconds: number;
  /** Consecutive successes before an unhealthy node gets requests again (App Gateway: 1). */
  readonly healthyThreshold: number;
  /** Consecutive failures before a node gets no more requests. */
  readonly unhealthyThreshold: number;
  /** Whether a probe answer means healthy. */
  matches(statusCode: number, body: string): boolean;
  /** For people. */
  readonly description: string;
}

/** What the balancer does with a request path: forward it, or answer itself. */
export type LabRoute = { readonly forward: true } | { readonly forward: false; readonly statusCode: number; readonly body: string };

/** The balancer's health check and exposure, as synthesized. */
export interface LabBalancer {
  readonly healthCheck: LabHealthCheck;
  route(requestPath: string): LabRoute;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** Whether a status code is in an ALB matcher (`200`, `200,202`, `200-299`) or App Gateway code list. */
export function statusCodeMatches(codes: readonly string[], statusCode: number): boolean {
  return codes.flatMap((code) => code.split(',')).some((code) => {
    const [from, to = from] = code.split('-').map(Number);
    return statusCode >= from && statusCode <= to;
  });
}

/** An ALB path pattern as a regular expression: `*` any run of characters, `?` exactly one. */
export function albPathPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The ALB health check and listener exposure in a synthesized CloudFormation template. */
export function synthesizedAlbBalancer(projectRoot: string, templatePath: string): LabBalancer {
  const template = JSON.parse(fs.readFileSync(path.join(projectRoot, templatePath), 'utf8')) as { Resources: Record<string, CfnResource> };
  const resources = Object.entries(template.Resources);
  const rules = resources.filter(([, resource]) => resource.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule')
    .map(([, resource]) => resource.Properties as { Priority: number; Conditions: Array<{ Field: string; PathPatternConfig?: { Values: string[] } }>; Actions: Array<{ TargetGroupArn?: { Ref?: string } }> })
    .sort((a, b) => a.Priority - b.Priority);
  const listeners = resources.filter(([, resource]) => resource.Type === 'AWS::ElasticLoadBalancingV2::Listener');
  if (rules.length === 0 || listeners.length !== 1) {
    throw new Error(`${templatePath}: the lab emulates one ALB listener with rules; found ${listeners.length} listener(s) and ${rules.length} rule(s)`);
  }
  const defaultAction = ((listeners[0][1].Properties?.DefaultActions ?? []) as Array<{ FixedResponseConfig?: { StatusCode: string; MessageBody?: string } }>)[0]?.FixedResponseConfig;
  if (defaultAction === undefined) {
    throw new Error(`${templatePath}: the lab emulates a listener whose default action is a fixed response`);
  }
  const defaultTargetGroupId = rules[rules.length - 1].Actions[0]?.TargetGroupArn?.Ref;
  const targetGroup = defaultTargetGroupId === undefined ? undefined : template.Resources[defaultTargetGroupId];
  if (targetGroup?.Type !== 'AWS::ElasticLoadBalancingV2::TargetGroup') {
    throw new Error(`${templatePath}: the last listener rule forwards to no target group of this template`);
  }
  const properties = targetGroup.Properties as { HealthCheckPath?: string; Matcher?: { HttpCode?: string }; HealthCheckIntervalSeconds?: number; HealthyThresholdCount?: number; UnhealthyThresholdCount?: number };
  const codes = [properties.Matcher?.HttpCode ?? '200'];
  const healthCheck: LabHealthCheck = {
    path: properties.HealthCheckPath ?? '/',
    intervalSeconds: properties.HealthCheckIntervalSeconds ?? 30,
    healthyThreshold: properties.HealthyThresholdCount ?? 5,
    unhealthyThreshold: properties.UnhealthyThresholdCount ?? 2,
    matches: (statusCode) => statusCodeMatches(codes, statusCode),
    description: `ALB GET ${properties.HealthCheckPath} expecting ${codes.join(',')}`,
  };
  const pathConditions = rules.map((rule) => rule.Conditions.find((condition) => condition.Field === 'path-pattern')?.PathPatternConfig?.Values.map(albPathPattern));
  return {
    healthCheck,
    route: (requestPath) => pathConditions.some((patterns) => patterns === undefined || patterns.some((pattern) => pattern.test(requestPath)))
      ? { forward: true }
      : { forward: false, statusCode: Number(defaultAction.StatusCode), body: defaultAction.MessageBody ?? '' },
  };
}

/** The probe and path routing of a synthesized Application Gateway body. */
export function synthesizedAppGatewayBalancer(body: ArmApplicationGatewayBody): LabBalancer {
  const pools = new Map(body.properties.backendAddressPools.map((pool) => [pool.name, pool.properties.backendAddresses.length]));
  const route = routeRequest(body, { path: '/genesys/cometd/handshake' });
  const rule = body.properties.requestRoutingRules.find((candidate) => candidate.name === route.routingRuleName);
  const pathRule = body.properties.urlPathMaps.flatMap((map) => map.properties.pathRules).find((candidate) => candidate.name === route.pathRuleName);
  const settingsReference = pathRule?.properties.backendHttpSettings ?? rule?.properties.backendHttpSettings;
  const settings = body.properties.backendHttpSettingsCollection.find((candidate) => settingsReference?.id.endsWith(`/${candidate.name}`));
  const probe = body.properties.probes.find((candidate) => settings?.properties.probe?.id.endsWith(`/${candidate.name}`));
  if (probe === undefined) {
    throw new Error('the synthesized gateway routes /genesys/cometd to backend settings without a probe');
  }
  const { path: probePath, interval, unhealthyThreshold, match } = probe.properties;
  const codes = match?.statusCodes ?? ['200-399'];
  return {
    healthCheck: {
      path: probePath,
      intervalSeconds: interval,
      healthyThreshold: 1,
      unhealthyThreshold,
      matches: (statusCode, responseBody) => statusCodeMatches(codes, statusCode) && (match?.body === undefined || responseBody.includes(match.body)),
      description: `App Gateway probe GET ${probePath} expecting ${codes.join(',')}${match?.body === undefined ? '' : ` and body ${JSON.stringify(match.body)}`}`,
    },
    route: (requestPath) => {
      const pool = routeRequest(body, { path: requestPath }).backendAddressPoolName;
      return pool !== undefined && (pools.get(pool) ?? 0) > 0 ? { forward: true } : { forward: false, statusCode: 502, body: '502 Bad Gateway' };
    },
  };
}
