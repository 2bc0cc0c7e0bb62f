import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CookiePolicy, CookiePolicyProps } from '../cookie';
import { GmsEdgeMonitoring, GmsEdgeMonitoringOptions } from './gms-edge-monitoring';
import { GmsLoadBalancer, GmsLoadBalancerProps } from './gms-load-balancer';
import { GmsNodeGroupOptions } from './gms-node-group';
import { PartitionedCookieEdgeFunction } from './partitioned-cookie-edge-function';
import { PartitionedCookieFunction } from './partitioned-cookie-function';
import { EdgeCookieRewrite, renderCookieRewrite } from './private/cookie-rewrite';
import { createLogBucket } from './private/log-bucket';
import { originRequestHeaders, renderOriginRequestPolicy } from './private/origin-request-policy';
import { checkDomainNames, checkEdgeRuntime, checkLogBucketRegion, EdgeTimeouts, resolveEdgeTimeouts } from './private/edge-input';
import { cookiePolicyOf, fail, warn } from './private/validation';
import { OriginTimeoutQuotas } from './private/origin-timeouts';
import { responseHeadersPolicyFor, warnDefaultCertificate } from './private/viewer-security';
import { SecurityHeadersOptions } from '../headers/security-headers';

export type { OriginTimeoutQuotas } from './private/origin-timeouts';
export { CLOUDFRONT_DEFAULT_ORIGIN_TIMEOUT_QUOTAS } from './private/origin-timeouts';

/** Where the Set-Cookie rewrite runs. */
export type EdgeRuntime = 'cloudfront-function' | 'lambda-edge';

/** Request headers CometD and the Chat API need at the origin: CORS, the JSON body type, the WebSocket handshake. */
export const GMS_ORIGIN_REQUEST_HEADERS: readonly string[] = [
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
  'Content-Type',
  'Sec-WebSocket-Key',
  'Sec-WebSocket-Version',
  'Sec-WebSocket-Protocol',
  'Sec-WebSocket-Extensions',
];

export { CLOUDFRONT_LOG_UNSUPPORTED_REGIONS } from './private/edge-input';

/** Settings of the {@link GmsLoadBalancer} that {@link GmsEdge} creates. */
export type GmsEdgeLoadBalancerOverrides = Omit<GmsLoadBalancerProps, 'vpc' | 'certificate' | 'nodeGroups' | 'longPollHold' | 'additionalExposedPaths'>;

/** Properties of a {@link GmsEdge}. */
export interface GmsEdgeProps {
  /** The VPC of the load balancer and the node groups. */
  readonly vpc: ec2.IVpc;

  /** The GMS node groups: at least one, exactly one of them the default group. */
  readonly nodeGroups: GmsNodeGroupOptions[];

  /**
   * Paths published besides the chat API. By default only CometD (`/genesys/cometd`,
   * `/genesys/cometd/*`), Chat API v2 (`/genesys/2/chat/*`) and chat notifications
   * (`/genesys/2/chat-ntf`, `/genesys/2/chat-ntf/*`) reach a node; every other path is answered
   * 403 by the load balancer. Each entry is a literal path or a prefix ending in `/*`; `'/*'`
   * publishes everything (with a warning).
   *
   * @default - none: the chat API only
   */
  readonly additionalExposedPaths?: string[];

  /**
   * The host name CloudFront connects to, resolving to the load balancer (for example
   * `gms-origin.example.com`). The load balancer's certificate must cover it.
   */
  readonly originDomainName: string;

  /**
   * The regional ACM certificate of the load balancer, covering `originDomainName`.
   *
   * @default - a new certificate for `originDomainName`, validated through `originHostedZone` (required then)
   */
  readonly originCertificate?: acm.ICertificate;

  /**
   * The public hosted zone of `originDomainName`: an alias record to the load balancer is
   * created in it (and the origin certificate validated through it when none is given).
   *
   * @default - no record: point `originDomainName` at the load balancer's DNS name yourself (see the LoadBalancerDnsName output)
   */
  readonly originHostedZone?: route53.IHostedZone;

  /**
   * Custom domain names of the distribution, for example `['gms.example.com']`.
   *
   * @default - the distribution's own `*.cloudfront.net` name only
   */
  readonly domainNames?: string[];

  /**
   * The ACM certificate of `domainNames`; it must be in us-east-1.
   *
   * @default - none (required with `domainNames`)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Where Set-Cookie headers are rewritten: a viewer-response CloudFront Function ($0.10 per
   * million) or a Lambda@Edge origin-response function ($0.60 per million plus duration) which
   * also rewrites responses with status 400 and above. Lambda@Edge needs a stack with an explicit region.
   *
   * @default 'cloudfront-function'
   */
  readonly edgeRuntime?: EdgeRuntime;

  /**
   * Which cookies are rewritten and which attributes are ensured.
   *
   * @default - every cookie; `SameSite=None; HttpOnly; Secure; Path=/; Partitioned` ensured
   */
  readonly cookiePolicy?: CookiePolicy | CookiePolicyProps;

  /**
   * Your viewer-response CloudFront Function source, composed into the partitioned-cookie
   * function so that both run (yours first). Only with `edgeRuntime: 'cloudfront-function'`.
   *
   * @default - none
   */
  readonly precedingViewerResponseCode?: string;

  /**
   * Your existing viewer-response CloudFront Function, associated with the behavior as it is.
   * With `edgeRuntime: 'lambda-edge'` it runs alongside the origin-response cookie rewrite. With
   * `'cloudfront-function'` it takes the one viewer-response slot, so it must rewrite the
   * cookies itself (build it from `cloudFrontFunctionCode()`); a warning says so.
   *
   * @default - none
   */
  readonly existingViewerResponseFunction?: cloudfront.IFunction;

  /**
   * How long CloudFront waits for the origin's response: from 1 s up to the account's quota
   * "Response timeout per origin" (120 s by default, adjustable; see `originTimeoutQuotas`).
   * Keep it above CometD's long-poll hold.
   *
   * @default Duration.seconds(60)
   */
  readonly originReadTimeout?: Duration;

  /**
   * How long CloudFront keeps an idle connection to the origin open: from 1 s up to the
   * account's quota "Keep-alive timeout per origin" (300 s by default, adjustable). Shorter than
   * the load balancer's idle timeout.
   *
   * @default Duration.seconds(30)
   */
  readonly originKeepaliveTimeout?: Duration;

  /**
   * The account's CloudFront origin timeout quotas, when raised through Service Quotas: the
   * timeouts are checked against them at synth.
   *
   * @default - CloudFront's defaults: 120 s response timeout, 300 s keep-alive timeout
   */
  readonly originTimeoutQuotas?: OriginTimeoutQuotas;

  /**
   * The security headers CloudFront adds to every response (a response headers policy): HSTS,
   * `X-Content-Type-Options: nosniff`, a Referrer-Policy and, when `frameAncestors` lists the
   * embedding sites, a CSP `frame-ancestors`. Never `X-Frame-Options` (it breaks a widget
   * embedded cross-site).
   *
   * @default - HSTS for a year (no includeSubDomains), nosniff, strict-origin-when-cross-origin, no CSP
   */
  readonly securityHeaders?: SecurityHeadersOptions;

  /**
   * Your own response headers policy instead of the one made from `securityHeaders`.
   *
   * @default - a policy from `securityHeaders`
   */
  readonly existingResponseHeadersPolicy?: cloudfront.IResponseHeadersPolicy;

  /**
   * CometD's long-poll hold (`/meta/connect` timeout on the GMS nodes).
   *
   * @default Duration.seconds(30)
   */
  readonly longPollHold?: Duration;

  /**
   * Request headers to forward to GMS besides {@link GMS_ORIGIN_REQUEST_HEADERS}. All cookies and
   * query strings are always forwarded.
   *
   * @default - none
   */
  readonly additionalOriginRequestHeaders?: string[];

  /**
   * The ARN of a WAFv2 web ACL with scope CLOUDFRONT (created in us-east-1).
   *
   * @default - no web ACL
   */
  readonly webAclId?: string;

  /**
   * The price class.
   *
   * @default cloudfront.PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * A geographic restriction.
   *
   * @default - none
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;

  /**
   * A bucket of your own for CloudFront standard access logs (ACLs enabled).
   *
   * Required when the stack deploys to a region CloudFront does not deliver standard logs to
   * (`CLOUDFRONT_LOG_UNSUPPORTED_REGIONS`, e.g. af-south-1, ap-east-1, eu-south-1, me-south-1):
   * a synth error says so when the stack's region is known; an environment-agnostic stack cannot
   * be checked before deployment.
   *
   * @default - a new bucket in the stack's region: SSE-S3, TLS only, no public access, objects expire after `logRetention`
   */
  readonly existingLogBucket?: s3.IBucket;

  /**
   * How long CloudFront access logs are kept in the bucket this construct creates.
   *
   * @default Duration.days(90)
   */
  readonly logRetention?: Duration;

  /**
   * Settings of the load balancer.
   *
   * @default - see {@link GmsLoadBalancerProps}; the idle timeout defaults to the larger of 60 s and the origin read timeout
   */
  readonly loadBalancerProps?: GmsEdgeLoadBalancerOverrides;

  /**
   * A comment for the distribution.
   *
   * @default 'GMS chat edge (gms-edge-constructs)'
   */
  readonly comment?: string;

  /**
   * Alarms and a dashboard ({@link GmsEdgeMonitoring}): settings, or `false` for none.
   *
   * @default - every alarm with its default threshold, notifying a new encrypted SNS topic, and a dashboard
   */
  readonly monitoring?: GmsEdgeMonitoringOptions | false;
}

/**
 * The GMS chat edge: CloudFront → internet-facing ALB (HTTPS, TLS 1.3 policy, secret origin
 * header, CloudFront prefix list only) → sticky HTTP target groups of GMS nodes, with every
 * Set-Cookie made a CHIPS partitioned cookie at the edge.
 */
export class GmsEdge extends Construct {
  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;

  /** The load balancer with the node groups. */
  public readonly loadBalancer: GmsLoadBalancer;

  /** The origin (the load balancer through `originDomainName`). */
  public readonly origin: origins.HttpOrigin;

  /** The origin request policy: all cookies, all query strings, the headers GMS needs. */
  public readonly originRequestPolicy: cloudfront.OriginRequestPolicy;

  /** Where cookies are rewritten. */
  public readonly edgeRuntime: EdgeRuntime;

  /** The cookie policy enforced. */
  public readonly cookiePolicy: CookiePolicy;

  /** The partitioned-cookie CloudFront Function, with `edgeRuntime: 'cloudfront-function'` (unless an existing function replaces it). */
  public readonly partitionedCookieFunction?: PartitionedCookieFunction;

  /** The partitioned-cookie Lambda@Edge function, with `edgeRuntime: 'lambda-edge'`. */
  public readonly partitionedCookieEdgeFunction?: PartitionedCookieEdgeFunction;

  /** The load balancer's certificate. */
  public readonly originCertificate: acm.ICertificate;

  /** The alias record of `originDomainName`, when `originHostedZone` was given. */
  public readonly originAliasRecord?: route53.ARecord;

  /** The bucket of CloudFront's standard access logs. */
  public readonly logBucket: s3.IBucket;

  /** The origin read timeout. */
  public readonly originReadTimeout: Duration;

  /** The response headers policy of the behavior (security headers). */
  public readonly responseHeadersPolicy: cloudfront.IResponseHeadersPolicy;

  /** The alarms and dashboard, unless `monitoring: false`. */
  public readonly monitoring?: GmsEdgeMonitoring;

  public constructor(scope: Construct, id: string, props: GmsEdgeProps) {
    super(scope, id);
    this.edgeRuntime = checkEdgeRuntime(this, props);
    this.cookiePolicy = cookiePolicyOf(this, props.cookiePolicy);
    const domainNames = checkDomainNames(this, props);
    const timeouts = resolveEdgeTimeouts(this, props);
    this.originReadTimeout = timeouts.originReadTimeout;
    const headers = originRequestHeaders(this, GMS_ORIGIN_REQUEST_HEADERS, props.additionalOriginRequestHeaders);

    // The origin: the load balancer behind originDomainName.
    this.originCertificate = props.originCertificate ?? new acm.Certificate(this, 'OriginCertificate', {
      domainName: props.originDomainName,
      validation: acm.CertificateValidation.fromDns(props.originHostedZone),
    });
    this.loadBalancer = new GmsLoadBalancer(this, 'LoadBalancer', {
      ...props.loadBalancerProps,
      vpc: props.vpc,
      certificate: this.originCertificate,
      nodeGroups: props.nodeGroups,
      additionalExposedPaths: props.additionalExposedPaths,
      idleTimeout: timeouts.idleTimeout,
      longPollHold: timeouts.longPollHold,
    });
    this.originAliasRecord = this.renderOriginAliasRecord(props);
    this.checkStickinessCookiesArePartitioned();
    this.origin = this.renderOrigin(props, timeouts);
    this.originRequestPolicy = renderOriginRequestPolicy(this, headers);

    // The cookie rewrite, the logs, the distribution.
    const rewrite = renderCookieRewrite(this, this.edgeRuntime, this.cookiePolicy, props);
    this.partitionedCookieFunction = rewrite.partitionedCookieFunction;
    this.partitionedCookieEdgeFunction = rewrite.partitionedCookieEdgeFunction;
    this.logBucket = this.renderLogBucket(props);
    this.responseHeadersPolicy = responseHeadersPolicyFor(this, props.securityHeaders, props.existingResponseHeadersPolicy);
    warnDefaultCertificate(this, domainNames);
    this.distribution = this.renderDistribution(props, domainNames, rewrite);
    // Rotations of the origin secret: the listener accepts a new value before CloudFront sends it.
    this.distribution.node.addDependency(...this.loadBalancer.listenerRules);
    this.renderOutputs(props);
    this.monitoring = props.monitoring === false ? undefined : new GmsEdgeMonitoring(this, 'Monitoring', { ...props.monitoring, edge: this });
  }

  private renderOriginAliasRecord(props: GmsEdgeProps): route53.ARecord | undefined {
    if (props.originHostedZone === undefined) {
      return undefined;
    }
    return new route53.ARecord(this, 'OriginAliasRecord', {
      zone: props.originHostedZone,
      recordName: props.originDomainName,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer.loadBalancer)),
    });
  }

  private renderOrigin(props: GmsEdgeProps, timeouts: EdgeTimeouts): origins.HttpOrigin {
    return new origins.HttpOrigin(props.originDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      httpsPort: 443,
      readTimeout: timeouts.originReadTimeout,
      keepaliveTimeout: timeouts.originKeepaliveTimeout,
      customHeaders: { [this.loadBalancer.originVerifyHeaderName]: this.loadBalancer.originVerifyHeaderValue },
    });
  }

  private renderLogBucket(props: GmsEdgeProps): s3.IBucket {
    checkLogBucketRegion(this, props.existingLogBucket);
    const logBucket = props.existingLogBucket ?? createLogBucket(this, 'LogBucket', {
      expiration: props.logRetention ?? Duration.days(90),
      // CloudFront standard logging writes objects with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      contents: 'the CloudFront standard access logs',
    });
    if (props.existingLogBucket !== undefined && props.logRetention !== undefined) {
      fail(this, 'logRetention', 'applies only to the bucket this construct creates; it conflicts with existingLogBucket (set the lifecycle on your bucket)');
    }
    return logBucket;
  }

  private renderDistribution(props: GmsEdgeProps, domainNames: string[], rewrite: EdgeCookieRewrite): cloudfront.Distribution {
    return new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment ?? 'GMS chat edge (gms-edge-constructs)',
      defaultBehavior: {
        origin: this.origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: this.originRequestPolicy,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
        functionAssociations: rewrite.functionAssociations.length > 0 ? rewrite.functionAssociations : undefined,
        edgeLambdas: rewrite.edgeLambdas.length > 0 ? rewrite.edgeLambdas : undefined,
      },
      domainNames: domainNames.length > 0 ? domainNames : undefined,
      certificate: props.certificate,
      // Only meaningful with a custom certificate: the default *.cloudfront.net certificate has a fixed policy.
      minimumProtocolVersion: props.certificate === undefined ? undefined : cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: props.certificate === undefined ? undefined : cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_ALL,
      geoRestriction: props.geoRestriction,
      webAclId: props.webAclId,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
    });
  }

  private renderOutputs(props: GmsEdgeProps): void {
    new CfnOutput(this, 'DistributionDomainName', {
      description: 'The CloudFront domain name of the GMS edge (point your chat widget here, or CNAME your domainNames to it)',
      value: this.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'LoadBalancerDnsName', {
      description: `The load balancer's DNS name: ${props.originDomainName} must resolve to it (CNAME or alias)`,
      value: this.loadBalancer.loadBalancer.loadBalancerDnsName,
    });
  }

  /** Stickiness cookies the policy does not partition are dropped by browsers blocking third-party cookies. */
  private checkStickinessCookiesArePartitioned(): void {
    for (const group of this.loadBalancer.nodeGroups) {
      const missed = group.stickiness.cookieNames.filter((name) => !this.cookiePolicy.appliesTo(name));
      if (missed.length > 0) {
        warn(this, `stickinessCookieNotPartitioned-${group.groupName}`, 'cookiePolicy',
          `does not rewrite ${missed.join(', ')}, the stickiness cookie(s) of node group ${group.groupName}: browsers that block third-party cookies drop them and lose session affinity. Add them (or AWSALB*) to cookieNames.`);
      }
    }
  }
}
