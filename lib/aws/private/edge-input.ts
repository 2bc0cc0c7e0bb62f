/**
 * The input checks of a {@link GmsEdge}, as pure functions of the props: the runtime, the
 * domain names and certificates, the timeouts of the chain CloudFront → load balancer → GMS,
 * and the forwarded headers. Errors and warnings name the construct and the property.
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { isHttpToken } from '../../cookie';
import { COMETD_LONG_POLL_HOLD_SECONDS, isIpv4Address } from '../../gms';
import type { EdgeRuntime, GmsEdgeProps } from '../gms-edge';
import { checkHostName, fail, literalSecondsInRange, regionOfCertificate, secondsInRange, warn } from './validation';
import { checkOriginTimeouts } from './origin-timeouts';

/**
 * Regions whose S3 buckets CloudFront standard logging (legacy) does not deliver to: those listed
 * in the CloudFront Developer Guide ("Choose an Amazon S3 bucket for standard logs"), and every
 * other opt-in region aws-cdk-lib knows (delivery to opt-in regions is a standard logging v2
 * feature; the regions listed are exactly opt-in regions).
 */
export const CLOUDFRONT_LOG_UNSUPPORTED_REGIONS: readonly string[] = [...new Set([
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ca-west-1',
  'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1',
  ...RegionInfo.regions.filter((region) => region.isOptInRegion).map((region) => region.name),
])].sort();

/**
 * CloudFront standard logs are not delivered to buckets in some (opt-in) regions, and the
 * distribution then fails to create. The bucket this construct creates is in the stack's region:
 * a synth-time error where that region is known (documented for environment-agnostic stacks).
 */
export function checkLogBucketRegion(scope: IConstruct, existingLogBucket: s3.IBucket | undefined): void {
  const advice = 'pass existingLogBucket: a bucket with ACLs enabled (object ownership BucketOwnerPreferred) in a region CloudFront delivers standard logs to, for example us-east-1';
  if (existingLogBucket !== undefined) {
    const bucketRegion = existingLogBucket.env.region;
    if (!Token.isUnresolved(bucketRegion) && CLOUDFRONT_LOG_UNSUPPORTED_REGIONS.includes(bucketRegion)) {
      fail(scope, 'existingLogBucket', `is in ${bucketRegion}, where CloudFront does not deliver standard logs; ${advice.replace('pass existingLogBucket: ', 'use ')}`);
    }
    return;
  }
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region)) {
    if (CLOUDFRONT_LOG_UNSUPPORTED_REGIONS.includes(region)) {
      fail(scope, 'existingLogBucket', `is required in ${region}: CloudFront does not deliver standard logs to buckets in ${region}, where this construct would create its log bucket; ${advice}`);
    }
    return;
  }
  // Environment-agnostic: the region is only known at deployment, and nothing in the template
  // can refuse a region safely (CloudFormation documents Rules for parameters only). The
  // existingLogBucket TSDoc and the README name the regions.
}

/** Where the Set-Cookie rewrite runs, checked against the stack (Lambda@Edge needs a region). */
export function checkEdgeRuntime(scope: IConstruct, props: GmsEdgeProps): EdgeRuntime {
  const edgeRuntime = props.edgeRuntime ?? 'cloudfront-function';
  if (edgeRuntime !== 'cloudfront-function' && edgeRuntime !== 'lambda-edge') {
    fail(scope, 'edgeRuntime', `must be 'cloudfront-function' or 'lambda-edge'; got ${JSON.stringify(edgeRuntime)}`);
  }
  if (edgeRuntime === 'lambda-edge' && Token.isUnresolved(Stack.of(scope).region)) {
    fail(scope, 'edgeRuntime', '\'lambda-edge\' needs a stack with an explicit region, and this stack is environment-agnostic: set env: { region: ... } on the stack (Lambda@Edge functions are created in us-east-1 either way), or use \'cloudfront-function\'');
  }
  if (props.precedingViewerResponseCode !== undefined && props.existingViewerResponseFunction !== undefined) {
    fail(scope, 'precedingViewerResponseCode', 'conflicts with existingViewerResponseFunction: a behavior takes one viewer-response function; give your code (composed with ours) or your function, not both');
  }
  if (props.precedingViewerResponseCode !== undefined && edgeRuntime === 'lambda-edge') {
    fail(scope, 'precedingViewerResponseCode', 'composes with the partitioned-cookie CloudFront Function, which edgeRuntime \'lambda-edge\' does not create; pass your function as existingViewerResponseFunction instead (it then runs alongside Lambda@Edge)');
  }
  return edgeRuntime;
}

/** Checks the origin and viewer domain names, their certificates and the web ACL; returns the viewer domain names. */
export function checkDomainNames(scope: IConstruct, props: GmsEdgeProps): string[] {
  checkHostName(scope, 'originDomainName', props.originDomainName);
  refuseIpLiteral(scope, 'originDomainName', props.originDomainName);
  if (props.originHostedZone !== undefined && !Token.isUnresolved(props.originHostedZone.zoneName)
    && !Token.isUnresolved(props.originDomainName)) {
    const zone = props.originHostedZone.zoneName.replace(/\.$/, '').toLowerCase();
    const name = props.originDomainName.toLowerCase();
    if (name !== zone && !name.endsWith(`.${zone}`)) {
      fail(scope, 'originHostedZone', `${zone} does not contain originDomainName ${props.originDomainName}`);
    }
  }
  if (props.originCertificate === undefined && props.originHostedZone === undefined) {
    fail(scope, 'originCertificate', 'is required: a regional ACM certificate covering originDomainName (or give originHostedZone to have one created and validated through DNS)');
  }
  const domainNames = props.domainNames ?? [];
  if (!Array.isArray(domainNames)) {
    fail(scope, 'domainNames', 'must be a list of host names');
  }
  domainNames.forEach((name, index) => {
    checkHostName(scope, `domainNames[${index}]`, name, true);
    refuseIpLiteral(scope, `domainNames[${index}]`, name);
  });
  if (domainNames.length > 0 && props.certificate === undefined) {
    fail(scope, 'certificate', 'is required with domainNames: an ACM certificate in us-east-1 covering them');
  }
  if (domainNames.length === 0 && props.certificate !== undefined) {
    fail(scope, 'domainNames', 'must list the names the certificate is for: a certificate without domainNames is never used');
  }
  if (props.certificate !== undefined) {
    const region = regionOfCertificate(props.certificate);
    if (region !== undefined && region !== 'us-east-1') {
      fail(scope, 'certificate', `must be an ACM certificate in us-east-1 (CloudFront only uses those); got one in ${region}`);
    }
  }
  if (props.webAclId !== undefined && !Token.isUnresolved(props.webAclId)
    && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[^/]+$/.test(props.webAclId)) {
    fail(scope, 'webAclId', `must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>); got ${JSON.stringify(props.webAclId)}`);
  }
  return domainNames;
}

/** The timeouts of the chain, longest last: long-poll hold < origin read timeout ≤ load balancer idle timeout. */
export interface EdgeTimeouts {
  readonly longPollHold: Duration;
  readonly originReadTimeout: Duration;
  readonly originKeepaliveTimeout: Duration;
  readonly idleTimeout: Duration;
}

/**
 * CloudFront waits longer than a long poll; the load balancer idles longer than both, and
 * longer than CloudFront keeps idle connections.
 */
export function resolveEdgeTimeouts(scope: IConstruct, props: GmsEdgeProps): EdgeTimeouts {
  const longPollHold = props.longPollHold ?? Duration.seconds(COMETD_LONG_POLL_HOLD_SECONDS);
  const holdSeconds = literalSecondsInRange(scope, 'longPollHold', longPollHold, 1, 3600);
  const originReadTimeout = props.originReadTimeout ?? Duration.seconds(60);
  const originKeepaliveTimeout = props.originKeepaliveTimeout ?? Duration.seconds(30);
  // Against CloudFront's quotas (default or raised), which aws-cdk-lib does not check.
  const { readSeconds, keepaliveSeconds } = checkOriginTimeouts(scope, originReadTimeout, originKeepaliveTimeout, props.originTimeoutQuotas);
  if (readSeconds <= holdSeconds) {
    warn(scope, 'readTimeoutNotAboveLongPoll', 'originReadTimeout',
      `is ${readSeconds} s, not above CometD's long-poll hold of ${holdSeconds} s: held /meta/connect requests will end in 504 and clients will re-handshake. Use at least ${holdSeconds + 15} s.`);
  }
  const idleTimeout = props.loadBalancerProps?.idleTimeout ?? Duration.seconds(Number.isNaN(readSeconds) ? 60 : Math.max(60, readSeconds));
  const idleSeconds = secondsInRange(scope, 'loadBalancerProps.idleTimeout', idleTimeout, 1, 4000);
  if (idleSeconds < readSeconds) {
    fail(scope, 'loadBalancerProps.idleTimeout', `must be at least originReadTimeout (${readSeconds} s), or the load balancer closes requests CloudFront still waits for; got ${idleSeconds} s`);
  }
  if (idleSeconds <= keepaliveSeconds) {
    fail(scope, 'originKeepaliveTimeout', `must be shorter than the load balancer idle timeout (${idleSeconds} s), or CloudFront reuses connections the load balancer has closed (502); got ${keepaliveSeconds} s`);
  }
  return { longPollHold, originReadTimeout, originKeepaliveTimeout, idleTimeout };
}

/** Checks the extra origin request headers against those already forwarded; returns them. */
export function checkAdditionalHeaders(scope: IConstruct, forwarded: readonly string[], headers: string[] | undefined): string[] {
  if (headers === undefined) {
    return [];
  }
  if (!Array.isArray(headers)) {
    fail(scope, 'additionalOriginRequestHeaders', 'must be a list of header names');
  }
  const seen = new Set(forwarded.map((name) => name.toLowerCase()));
  headers.forEach((name, index) => {
    if (!isHttpToken(name)) {
      fail(scope, `additionalOriginRequestHeaders[${index}]`, `must be an HTTP header name; got ${JSON.stringify(name)}`);
    }
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'accept-encoding') {
      fail(scope, `additionalOriginRequestHeaders[${index}]`, `cannot be ${name}: CloudFront only forwards it through a cache policy, and caching is disabled here`);
    }
    if (lower === 'host') {
      fail(scope, `additionalOriginRequestHeaders[${index}]`, 'cannot be Host: CloudFront would then connect with the viewer\'s host name, which the load balancer certificate (for originDomainName) does not cover (502)');
    }
    if (seen.has(lower)) {
      fail(scope, `additionalOriginRequestHeaders[${index}]`, `repeats ${name}, already forwarded`);
    }
    seen.add(lower);
  });
  return [...headers];
}

/**
 * An IPv4 literal passes the host-name syntax (four numeric labels), yet no certificate ACM issues
 * covers one: CloudFront needs a DNS name for a custom origin and for alternate domain names
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html,
 * "Origin domain"), and the HTTPS origin's certificate must match it.
 */
function refuseIpLiteral(scope: IConstruct, property: string, name: string): void {
  if (typeof name === 'string' && isIpv4Address(name)) {
    fail(scope, property, `must be a DNS name, not an IP address: CloudFront connects to origins and serves alternate domain names by DNS name, and the certificate must cover that name; got ${name}`);
  }
}

/** ISO 3166-1 codes people write for a country that ISO assigns another code. */
const NOT_COUNTRY_CODES: Readonly<Record<string, string>> = { UK: 'GB (the United Kingdom)', EU: 'the codes of the member countries (EU is not a country)', EL: 'GR (Greece)' };

/**
 * CloudFront geographic restrictions take ISO 3166-1 alpha-2 country codes
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/georestrictions.html);
 * aws-cdk-lib checks only the two-capital-letters shape, so the codes of reserved, not assigned
 * names pass it and fail the deployment.
 */
export function checkGeoRestriction(scope: IConstruct, geoRestriction: GmsEdgeProps['geoRestriction']): GmsEdgeProps['geoRestriction'] {
  (geoRestriction?.locations ?? []).forEach((location, index) => {
    const instead = NOT_COUNTRY_CODES[location];
    if (instead !== undefined) {
      fail(scope, `geoRestriction.locations[${index}]`, `must be an ISO 3166-1 alpha-2 country code; ${location} is not one (use ${instead})`);
    }
  });
  return geoRestriction;
}
