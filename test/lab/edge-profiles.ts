/**
 * What the lab's edge does to a response, per deployment, built from the synthesized output:
 * the enforcement (CloudFront Function, Lambda@Edge handler, or the Application Gateway rewrite
 * rule set run through re2js) and the balancer's affinity cookies as the synthesized balancer
 * configures them.
 */
import type { ArmApplicationGatewayBody } from '../../lib/azure/application-gateway-arm';
import { rewriteSetCookies, routeRequest } from '../support/app-gateway-emulator';
import {
  CloudFrontFunctionHandler,
  LambdaEdgeHandler,
  loadCloudFrontFunction,
  loadLambdaEdgeHandler,
  runCloudFrontFunctionOnSetCookies,
  runLambdaEdgeOnSetCookies,
} from '../support/edge-runtime';
import { AlbStickiness, AppGatewayAffinity, BalancerAffinity } from './balancer-affinity';
import { LabBalancer, synthesizedAlbBalancer, synthesizedAppGatewayBalancer } from './synthesized-balancer';
import {
  PROJECT_ROOT,
  SYNTH_ARTIFACTS,
  synthesizedApplicationGatewayBody,
  synthesizedCloudFrontFunctionCode,
  synthesizedLambdaEdgeCode,
} from './synthesized-edge';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The three deployments the lab can stand in for. */
export const EDGE_KINDS = ['aws-cloudfront-function', 'aws-lambda-edge', 'azure-application-gateway'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** The response a Set-Cookie enforcement sees. */
export interface EdgeResponseContext {
  readonly statusCode: number;
  /** The request path (Application Gateway picks the rewrite rule set by path). */
  readonly path: string;
  /** True when the balancer itself produced the response (no backend answered). */
  readonly generatedByBalancer: boolean;
}

/** Rewrites the Set-Cookie headers of one response; one string per header, never combined. */
export type SetCookieEnforcement = (setCookies: string[], response: EdgeResponseContext) => Promise<string[]>;

/** How one deployment's edge treats a response. */
export interface EdgeProfile {
  readonly kind: EdgeKind;
  /** For people: what runs where. */
  readonly description: string;
  /** The balancer's affinity cookies, or undefined when the synthesized balancer has none. */
  readonly affinity: BalancerAffinity | undefined;
  /** The synthesized rewrite, or undefined when switched off (the control). */
  readonly enforcement: SetCookieEnforcement | undefined;
  /** The synthesized health check and exposure. */
  readonly balancer: LabBalancer;
  /** How the edge behaves beyond the rewrite; each default is the lab's usual behaviour. */
  readonly knobs?: EdgeKnobs;
}

/**
 * Edge behaviour the lab can switch, to show what `gms-edge verify` catches. Each default is what
 * the lab does without it.
 */
export interface EdgeKnobs {
  /**
   * Which GMS paths the edge publishes. 'synthesized' applies the synthesized exposure (ALB
   * listener rules and their 403; the App Gateway path map and its empty pool's 502);
   * 'every-path' publishes everything (what `additionalExposedPaths: ['/*']` would synthesize).
   * @default 'synthesized'
   */
  readonly publishedPaths?: 'synthesized' | 'every-path';
  /** How long the edge waits for a node before answering 504 (CloudFront's origin read timeout). @default 90_000 */
  readonly originReadTimeoutMs?: number;
  /** 'wildcard': the edge answers `Access-Control-Allow-Origin: *` (a misconfigured response headers policy). @default 'from-gms' */
  readonly cors?: 'from-gms' | 'wildcard';
  /**
   * A `Strict-Transport-Security` value the edge adds to every response. The synthesized edges
   * add none yet, so neither does the lab by default.
   * @default - none
   */
  readonly strictTransportSecurity?: string;
  /**
   * Whether the load balancer's own listener (started with the lab's `originListener`) refuses
   * requests without the secret origin header with 403, as the synthesized ALB listener rule does.
   * @default true
   */
  readonly originRequiresSecretHeader?: boolean;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/**
 * ALB stickiness as the synthesized target groups set it: duration-based (`lb_cookie`) with its
 * duration, or none. The lab's two nodes stand in for the targets of the first target group
 * with stickiness on.
 */
function albAffinity(projectRoot: string, templatePath: string): AlbStickiness | undefined {
  const template = JSON.parse(fs.readFileSync(path.join(projectRoot, templatePath), 'utf8')) as { Resources: Record<string, CfnResource> };
  const targetGroups = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup');
  if (targetGroups.length === 0) {
    throw new Error(`${templatePath} has no AWS::ElasticLoadBalancingV2::TargetGroup; the lab emulates the ALB the template defines`);
  }
  for (const targetGroup of targetGroups) {
    const attributes = new Map(((targetGroup.Properties?.TargetGroupAttributes ?? []) as Array<{ Key: string; Value: string }>).map((a) => [a.Key, a.Value]));
    if (attributes.get('stickiness.enabled') !== 'true') {
      continue;
    }
    const type = attributes.get('stickiness.type') ?? 'lb_cookie';
    if (type !== 'lb_cookie') {
      throw new Error(`the lab emulates ALB duration-based stickiness (lb_cookie); the template asks for ${type}`);
    }
    return new AlbStickiness(Number(attributes.get('stickiness.lb_cookie.duration_seconds') ?? 86_400));
  }
  return undefined;
}

function appGatewayAffinity(body: ArmApplicationGatewayBody): AppGatewayAffinity | undefined {
  const route = routeRequest(body, { path: '/genesys/cometd/handshake' });
  const rules = body.properties.requestRoutingRules;
  const rule = rules.find((candidate) => candidate.name === route.routingRuleName);
  const pathRule = route.pathRuleName === undefined
    ? undefined
    : body.properties.urlPathMaps.flatMap((map) => map.properties.pathRules).find((candidate) => candidate.name === route.pathRuleName);
  const pathMap = rule?.properties.urlPathMap === undefined
    ? undefined
    : body.properties.urlPathMaps.find((map) => rule.properties.urlPathMap?.id.endsWith(`/${map.name}`));
  const settingsReference = pathRule?.properties.backendHttpSettings ?? rule?.properties.backendHttpSettings ?? pathMap?.properties.defaultBackendHttpSettings;
  const settings = body.properties.backendHttpSettingsCollection.find((candidate) => settingsReference?.id.endsWith(`/${candidate.name}`));
  if (settings === undefined) {
    throw new Error('the synthesized gateway routes /genesys/cometd to no backend HTTP settings');
  }
  return settings.properties.cookieBasedAffinity === 'Enabled' ? new AppGatewayAffinity(settings.properties.affinityCookieName) : undefined;
}

function cloudFrontFunctionEnforcement(handler: CloudFrontFunctionHandler): SetCookieEnforcement {
  // CloudFront runs no viewer-response function on status >= 400; the runner skips those too.
  return (setCookies, response) => Promise.resolve(runCloudFrontFunctionOnSetCookies(handler, setCookies, response.statusCode));
}

function lambdaEdgeEnforcement(handler: LambdaEdgeHandler): SetCookieEnforcement {
  return (setCookies, response) => runLambdaEdgeOnSetCookies(handler, setCookies, response.statusCode);
}

function appGatewayEnforcement(body: ArmApplicationGatewayBody): SetCookieEnforcement {
  return (setCookies, response) => {
    const ruleSet = routeRequest(body, { path: response.path }).rewriteRuleSet;
    if (ruleSet === undefined) {
      return Promise.resolve(setCookies);
    }
    return Promise.resolve(rewriteSetCookies(ruleSet, setCookies, { statusCode: response.statusCode, generatedByGateway: response.generatedByBalancer }));
  };
}

/**
 * The edge profile of one deployment, read from the synthesized output under `projectRoot`.
 * With `rewrite: false` the enforcement is off and everything else stays (the control).
 */
export function synthesizedEdgeProfile(kind: EdgeKind, options: SynthesizedEdgeProfileOptions): EdgeProfile {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const synthesized = synthesizedProfile(kind, options.rewrite, projectRoot);
  const profile: EdgeProfile = {
    ...synthesized,
    description: options.stickiness === false ? `${synthesized.description}, stickiness OFF` : synthesized.description,
    affinity: options.stickiness === false ? undefined : synthesized.affinity,
    ...(options.knobs === undefined ? {} : { knobs: options.knobs }),
  };
  if (!options.dropPartitioned || profile.enforcement === undefined) {
    return profile;
  }
  const enforcement = profile.enforcement;
  return {
    ...profile,
    description: profile.description.replace(' + ', ' minus Partitioned (control) + '),
    enforcement: async (setCookies, response) => (await enforcement(setCookies, response)).map(withoutPartitioned),
  };
}

/** Options of {@link synthesizedEdgeProfile}. */
export interface SynthesizedEdgeProfileOptions {
  /** Whether the synthesized rewrite runs; false is the control that shows the problem. */
  readonly rewrite: boolean;
  /**
   * Strip `Partitioned` from what the synthesized rewrite produces, leaving `SameSite=None;
   * Secure`: the control that shows Partitioned is what survives third-party-cookie blocking.
   * @default false
   */
  readonly dropPartitioned?: boolean;
  /** @default the repository root */
  readonly projectRoot?: string;
  /** Whether the balancer's session affinity is on, as synthesized (false: round robin only). @default true */
  readonly stickiness?: boolean;
  /** Edge behaviour beyond the rewrite. @default - the lab's usual behaviour */
  readonly knobs?: EdgeKnobs;
}

/** A Set-Cookie header without its Partitioned attribute(s). */
export function withoutPartitioned(header: string): string {
  return header.split(';').filter((part, index) => index === 0 || part.trim().split('=')[0].toLowerCase() !== 'partitioned').join(';');
}

function synthesizedProfile(kind: EdgeKind, rewrite: boolean, projectRoot: string): EdgeProfile {
  switch (kind) {
    case 'aws-cloudfront-function': {
      const handler = loadCloudFrontFunction(synthesizedCloudFrontFunctionCode(projectRoot));
      return {
        kind,
        description: `CloudFront viewer-response Function ${rewrite ? 'from cdk.out' : 'OFF (control)'} + ALB stickiness`,
        affinity: albAffinity(projectRoot, SYNTH_ARTIFACTS.cloudFrontTemplate),
        enforcement: rewrite ? cloudFrontFunctionEnforcement(handler) : undefined,
        balancer: synthesizedAlbBalancer(projectRoot, SYNTH_ARTIFACTS.cloudFrontTemplate),
      };
    }
    case 'aws-lambda-edge': {
      const handler = loadLambdaEdgeHandler(synthesizedLambdaEdgeCode(projectRoot));
      return {
        kind,
        description: `Lambda@Edge origin-response handler ${rewrite ? 'from cdk.out' : 'OFF (control)'} + ALB stickiness`,
        affinity: albAffinity(projectRoot, SYNTH_ARTIFACTS.lambdaEdgeTemplate),
        enforcement: rewrite ? lambdaEdgeEnforcement(handler) : undefined,
        balancer: synthesizedAlbBalancer(projectRoot, SYNTH_ARTIFACTS.lambdaEdgeTemplate),
      };
    }
    case 'azure-application-gateway': {
      const body = synthesizedApplicationGatewayBody(projectRoot);
      return {
        kind,
        description: `Application Gateway v2 rewrite rules ${rewrite ? 'from cdktf.out (re2js)' : 'OFF (control)'} + cookie affinity`,
        affinity: appGatewayAffinity(body),
        enforcement: rewrite ? appGatewayEnforcement(body) : undefined,
        balancer: synthesizedAppGatewayBalancer(body),
      };
    }
  }
}
