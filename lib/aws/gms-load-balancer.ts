import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { GmsNodeGroup, GmsNodeGroupOptions } from './gms-node-group';
import { resolveCloudFrontPrefixList } from './private/cloudfront-prefix-list';
import { createLogBucket, enableAccessLogs } from './private/log-bucket';
import { COMETD_LONG_POLL_HOLD_SECONDS, EXPOSE_EVERYTHING_WARNING, GmsExposure, isPathExposed, resolveExposure } from '../gms';
import { checkConditionValues, checkNodeGroups, renderListenerRules } from './private/listener-rules';
import { checkOriginHeaderName, renderOriginVerifySecret } from './private/origin-verify';
import { fail, regionOfCertificate, secondsInRange, warn } from './private/validation';

/** Properties of a {@link GmsLoadBalancer}. */
export interface GmsLoadBalancerProps {
  /** The VPC of the load balancer and the node groups. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets of the internet-facing load balancer.
   *
   * @default - the VPC's public subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The regional ACM certificate of the HTTPS listener. It must cover the host name CloudFront
   * connects to (the origin domain name), or CloudFront answers 502.
   */
  readonly certificate: acm.ICertificate;

  /** The GMS node groups: at least one, exactly one of them the default group. */
  readonly nodeGroups: GmsNodeGroupOptions[];

  /**
   * The id of the managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in this
   * region (it differs between regions), the only source the listener admits.
   *
   * @default - looked up at synth time when the stack's account and region are concrete; looked up at deploy time (a custom resource calling ec2:DescribeManagedPrefixLists) in an environment-agnostic stack
   */
  readonly cloudFrontPrefixListId?: string;

  /**
   * The header CloudFront adds to every origin request, carrying the secret. Requests without it get 403.
   *
   * @default 'X-Origin-Verify'
   */
  readonly originVerifyHeaderName?: string;

  /**
   * Your own secret for the origin header: a plain SecretString of 1–128 characters without `*` or `?`.
   *
   * @default - a generated 48-character secret
   */
  readonly existingOriginVerifySecret?: secretsmanager.ISecret;

  /**
   * The version (`VersionId`) of the origin secret that CloudFront sends. CloudFormation reads a
   * Secrets Manager dynamic reference only when its text changes, so a new secret value reaches
   * CloudFront and the listener only through a new version id here (see "Rotating the origin
   * secret" in the README).
   *
   * @default - the version labelled AWSCURRENT, read when the reference first deploys and not again
   */
  readonly originVerifySecretVersionId?: string;

  /**
   * Further versions of the origin secret the listener accepts besides `originVerifySecretVersionId`:
   * during a rotation the version being replaced, so requests from CloudFront edge locations that
   * still send it are not refused while the distribution propagates. Each takes one of the five
   * condition values of every listener rule.
   *
   * @default - none
   */
  readonly acceptedOriginVerifySecretVersionIds?: string[];

  /**
   * The idle timeout: at least CloudFront's origin read timeout, so the load balancer never
   * cuts a held long poll; 1–4000 s.
   *
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;

  /**
   * CometD's long-poll hold: `/meta/connect` is answered after this long when there is nothing to send.
   *
   * @default Duration.seconds(30)
   */
  readonly longPollHold?: Duration;

  /**
   * The TLS policy of the HTTPS listener: one of {@link CLOUDFRONT_ORIGIN_SSL_POLICIES}, the
   * policies that accept TLS 1.2 (CloudFront connects to origins with at most TLS 1.2, so a TLS
   * 1.3-only policy answers every request with 502) and refuse TLS 1.0 and 1.1.
   *
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (ELBSecurityPolicy-TLS13-1-2-2021-06)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * HTTP desync mitigation.
   *
   * @default elbv2.DesyncMitigationMode.DEFENSIVE
   */
  readonly desyncMitigationMode?: elbv2.DesyncMitigationMode;

  /**
   * Deletion protection of the load balancer.
   *
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * A bucket of your own for the access logs (same region, SSE-S3 encryption). Its policy is
   * extended to let Elastic Load Balancing write.
   *
   * @default - a new bucket: SSE-S3, TLS only, no public access, objects expire after `accessLogsRetention`
   */
  readonly existingAccessLogsBucket?: s3.IBucket;

  /**
   * Key prefix of the access logs.
   *
   * @default 'alb'
   */
  readonly accessLogsPrefix?: string;

  /**
   * How long access logs are kept in the bucket this construct creates.
   *
   * @default Duration.days(90)
   */
  readonly accessLogsRetention?: Duration;

  /**
   * Paths published besides the chat API. By default the listener forwards only CometD
   * (`/genesys/cometd`, `/genesys/cometd/*`), Chat API v2 (`/genesys/2/chat/*`) and chat
   * notifications (`/genesys/2/chat-ntf`, `/genesys/2/chat-ntf/*`) to the default group, and
   * answers every other path 403 without reaching a node. Each entry is a literal path or a
   * prefix ending in `/*`; `'/*'` publishes everything (with a warning).
   *
   * @default - none: the chat API only
   */
  readonly additionalExposedPaths?: string[];

  /**
   * A name for the load balancer (at most 32 characters).
   *
   * @default - generated
   */
  readonly loadBalancerName?: string;
}

/**
 * The listener TLS policies GmsLoadBalancer accepts: those that negotiate TLS 1.2 (CloudFront's
 * highest protocol towards an origin) and refuse TLS 1.0 and 1.1 (the names carry the lowest
 * version: `TLS13-1-2`, `TLS-1-2`, `FS-1-2`). Left out: TLS 1.3-only policies (`TLS13-1-3*`, a
 * 502 for every request through CloudFront) and those accepting TLS 1.0/1.1 (`2016-08`,
 * `TLS-1-0`, `TLS-1-1`, `TLS13-1-0`, `TLS13-1-1`, `FS-2018-06`, `FS-1-1`).
 */
export const CLOUDFRONT_ORIGIN_SSL_POLICIES: readonly elbv2.SslPolicy[] = [
  elbv2.SslPolicy.RECOMMENDED_TLS,
  elbv2.SslPolicy.TLS13_RES,
  elbv2.SslPolicy.TLS13_EXT1,
  elbv2.SslPolicy.TLS13_EXT2,
  elbv2.SslPolicy.TLS13_12_PQ,
  elbv2.SslPolicy.TLS13_12_RES_PQ,
  elbv2.SslPolicy.TLS13_12_EXT1_PQ,
  elbv2.SslPolicy.TLS13_12_EXT2_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12,
  elbv2.SslPolicy.FIPS_TLS13_12_RES,
  elbv2.SslPolicy.FIPS_TLS13_12_EXT0,
  elbv2.SslPolicy.FIPS_TLS13_12_EXT1,
  elbv2.SslPolicy.FIPS_TLS13_12_EXT2,
  elbv2.SslPolicy.FIPS_TLS13_12_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12_RES_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12_EXT0_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12_EXT1_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12_EXT2_PQ,
  elbv2.SslPolicy.FORWARD_SECRECY_TLS12,
  elbv2.SslPolicy.FORWARD_SECRECY_TLS12_RES,
  elbv2.SslPolicy.FORWARD_SECRECY_TLS12_RES_GCM,
  elbv2.SslPolicy.TLS12,
  elbv2.SslPolicy.TLS12_EXT,
];

/**
 * An internet-facing Application Load Balancer in front of GMS node groups, for CloudFront only:
 * HTTPS with a TLS 1.3 policy, ingress from CloudFront's origin-facing prefix list only, a 403
 * for every request without the secret origin header, one sticky HTTP target group per node
 * group, access logs, invalid header fields dropped. There is no plain-HTTP listener.
 */
export class GmsLoadBalancer extends Construct {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  /** The load balancer's security group: HTTPS in from CloudFront, out to the node port only. */
  public readonly securityGroup: ec2.SecurityGroup;

  /** The HTTPS listener (default action: 403). */
  public readonly listener: elbv2.ApplicationListener;

  /** The node groups, in the order given. */
  public readonly nodeGroups: GmsNodeGroup[];

  /** The group serving requests no path pattern matched. */
  public readonly defaultNodeGroup: GmsNodeGroup;

  /** The listener rules forwarding requests that carry the secret header, by priority. */
  public readonly listenerRules: elbv2.ApplicationListenerRule[];

  /** The access-log bucket. */
  public readonly accessLogsBucket: s3.IBucket;

  /** The secret whose value CloudFront sends in {@link GmsLoadBalancer.originVerifyHeaderName}. */
  public readonly originVerifySecret: secretsmanager.ISecret;

  /** The name of the secret origin header. */
  public readonly originVerifyHeaderName: string;

  /** The secret value CloudFront sends, as a CloudFormation dynamic reference (resolved by CloudFormation at deploy time, never in the template). */
  public readonly originVerifyHeaderValue: string;

  /** Every secret value the listener rules accept (dynamic references): the one CloudFront sends first. */
  public readonly acceptedOriginVerifyHeaderValues: string[];

  /** The CloudFront origin-facing prefix list id (literal, a context lookup, or a deploy-time lookup). */
  public readonly cloudFrontPrefixListId: string;

  /** The deploy-time prefix list lookup, in environment-agnostic stacks without `cloudFrontPrefixListId`. */
  public readonly cloudFrontPrefixListLookup?: cr.AwsCustomResource;

  /** The idle timeout of the load balancer. */
  public readonly idleTimeout: Duration;

  /** The paths the listener forwards to the default group; everything else is answered 403. */
  public readonly exposure: GmsExposure;

  public constructor(scope: Construct, id: string, props: GmsLoadBalancerProps) {
    super(scope, id);
    const { longPollHold, sslPolicy, accessLogsPrefix } = this.checkProps(props);
    this.idleTimeout = props.idleTimeout ?? Duration.seconds(60);
    this.exposure = this.resolveExposure(props.additionalExposedPaths);
    this.originVerifyHeaderName = props.originVerifyHeaderName ?? 'X-Origin-Verify';
    checkOriginHeaderName(this, this.originVerifyHeaderName);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'GMS load balancer: HTTPS from CloudFront origin-facing servers only, out to GMS node ports only',
    });
    const prefixList = resolveCloudFrontPrefixList(this, props.cloudFrontPrefixListId);
    this.cloudFrontPrefixListId = prefixList.prefixListId;
    this.cloudFrontPrefixListLookup = prefixList.lookup;
    this.securityGroup.addIngressRule(ec2.Peer.prefixList(this.cloudFrontPrefixListId), ec2.Port.tcp(443), 'HTTPS from CloudFront origin-facing servers');

    this.loadBalancer = this.renderLoadBalancer(props);
    this.accessLogsBucket = props.existingAccessLogsBucket ?? createLogBucket(this, 'AccessLogs', {
      expiration: props.accessLogsRetention ?? Duration.days(90),
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      contents: 'the load balancer access logs',
    });
    enableAccessLogs(this.loadBalancer, this.accessLogsBucket, accessLogsPrefix);

    const originVerify = renderOriginVerifySecret(this, props);
    this.originVerifySecret = originVerify.secret;
    this.acceptedOriginVerifyHeaderValues = originVerify.acceptedValues;
    this.originVerifyHeaderValue = this.acceptedOriginVerifyHeaderValues[0];

    this.listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(props.certificate)],
      sslPolicy,
      // Ingress comes from the prefix list rule above, never 0.0.0.0/0.
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' }),
    });

    this.nodeGroups = this.renderNodeGroups(props, longPollHold);
    this.defaultNodeGroup = checkNodeGroups(this, this.nodeGroups);
    checkConditionValues(this, this.nodeGroups, this.acceptedOriginVerifyHeaderValues.length);
    this.warnAboutGroupPathsOutsideExposure();
    this.listenerRules = renderListenerRules(this, {
      listener: this.listener,
      nodeGroups: this.nodeGroups,
      defaultNodeGroup: this.defaultNodeGroup,
      exposure: this.exposure,
      originVerifyHeaderName: this.originVerifyHeaderName,
      acceptedOriginVerifyHeaderValues: this.acceptedOriginVerifyHeaderValues,
    });
  }

  /** Required props, timeouts, TLS policy and names, checked before anything is created. */
  private checkProps(props: GmsLoadBalancerProps): { longPollHold: Duration; sslPolicy: elbv2.SslPolicy; accessLogsPrefix: string } {
    if (props.vpc === undefined) {
      fail(this, 'vpc', 'is required');
    }
    if (props.certificate === undefined) {
      fail(this, 'certificate', 'is required: a regional ACM certificate covering the origin host name CloudFront connects to');
    }
    const stackRegion = Stack.of(this).region;
    const certRegion = regionOfCertificate(props.certificate);
    if (certRegion !== undefined && !Token.isUnresolved(stackRegion) && certRegion !== stackRegion) {
      fail(this, 'certificate', `must be an ACM certificate in the load balancer's region ${stackRegion}; got one in ${certRegion}`);
    }
    if (!Array.isArray(props.nodeGroups) || props.nodeGroups.length === 0) {
      fail(this, 'nodeGroups', 'must list at least one GMS node group');
    }
    const longPollHold = props.longPollHold ?? Duration.seconds(COMETD_LONG_POLL_HOLD_SECONDS);
    const holdSeconds = secondsInRange(this, 'longPollHold', longPollHold, 1, 3600);
    const idleSeconds = secondsInRange(this, 'idleTimeout', props.idleTimeout ?? Duration.seconds(60), 1, 4000);
    if (idleSeconds <= holdSeconds) {
      fail(this, 'idleTimeout', `must be longer than the CometD long-poll hold (${holdSeconds} s), or the load balancer closes held /meta/connect requests; got ${idleSeconds} s`);
    }
    const sslPolicy = props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS;
    if (!Token.isUnresolved(sslPolicy) && !CLOUDFRONT_ORIGIN_SSL_POLICIES.includes(sslPolicy)) {
      fail(this, 'sslPolicy', `must accept TLS 1.2 (CloudFront's highest protocol towards an origin: a TLS 1.3-only policy fails every request with 502) and refuse TLS 1.0 and 1.1; got ${JSON.stringify(sslPolicy)}. Allowed: ${CLOUDFRONT_ORIGIN_SSL_POLICIES.join(', ')}`);
    }
    const accessLogsPrefix = props.accessLogsPrefix ?? 'alb';
    if (typeof accessLogsPrefix !== 'string' || /(^\/|\/$)|AWSLogs/.test(accessLogsPrefix)) {
      fail(this, 'accessLogsPrefix', `must not start or end with / nor contain AWSLogs; got ${JSON.stringify(accessLogsPrefix)}`);
    }
    if (props.existingAccessLogsBucket !== undefined && props.accessLogsRetention !== undefined) {
      fail(this, 'accessLogsRetention', 'applies only to the bucket this construct creates; it conflicts with existingAccessLogsBucket (set the lifecycle on your bucket)');
    }
    if (props.accessLogsRetention !== undefined) {
      secondsInRange(this, 'accessLogsRetention', props.accessLogsRetention, 86400, 100 * 365 * 86400);
    }
    if (props.loadBalancerName !== undefined && !Token.isUnresolved(props.loadBalancerName)
      && !/^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(props.loadBalancerName)) {
      fail(this, 'loadBalancerName', `must be 1–32 letters, digits or inner hyphens, not starting with internal-; got ${JSON.stringify(props.loadBalancerName)}`);
    }
    return { longPollHold, sslPolicy, accessLogsPrefix };
  }

  /** The paths forwarded to the default group, with a warning when that is everything. */
  private resolveExposure(additionalExposedPaths: string[] | undefined): GmsExposure {
    const exposure = resolveExposure(additionalExposedPaths);
    if ('error' in exposure) {
      fail(this, exposure.property, exposure.error);
    }
    if (exposure.exposure.exposesEverything) {
      warn(this, EXPOSE_EVERYTHING_WARNING.id, 'additionalExposedPaths', EXPOSE_EVERYTHING_WARNING.message);
    }
    return exposure.exposure;
  }

  private renderLoadBalancer(props: GmsLoadBalancerProps): elbv2.ApplicationLoadBalancer {
    return new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PUBLIC },
      internetFacing: true,
      securityGroup: this.securityGroup,
      http2Enabled: true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: props.desyncMitigationMode ?? elbv2.DesyncMitigationMode.DEFENSIVE,
      idleTimeout: this.idleTimeout,
      deletionProtection: props.deletionProtection ?? false,
      loadBalancerName: props.loadBalancerName,
    });
  }

  /** One sticky target group per node group, names unique regardless of case. */
  private renderNodeGroups(props: GmsLoadBalancerProps, longPollHold: Duration): GmsNodeGroup[] {
    const names = new Map<string, number>();
    props.nodeGroups.forEach((options, index) => {
      if (options === null || typeof options !== 'object' || typeof options.name !== 'string') {
        fail(this, `nodeGroups[${index}]`, 'must be an object with a name and targets');
      }
      const key = options.name.toLowerCase();
      if (names.has(key)) {
        fail(this, `nodeGroups[${index}].name`, `${options.name} is already the name of nodeGroups[${names.get(key)}]; names must be unique`);
      }
      names.set(key, index);
    });
    return props.nodeGroups.map((options) => new GmsNodeGroup(this, `NodeGroup-${options.name}`, {
      ...options,
      vpc: props.vpc,
      loadBalancerSecurityGroup: this.securityGroup,
      longPollHold,
    }));
  }

  /** A group's own path patterns are forwarded as they are: say so when they reach beyond the exposed paths. */
  private warnAboutGroupPathsOutsideExposure(): void {
    this.nodeGroups.forEach((group, index) => {
      const outside = group.pathPatterns.filter((pattern) => !isPathExposed(this.exposure, pattern.replace(/[*?].*$/, '')));
      if (outside.length > 0) {
        warn(this, 'nodeGroupPathNotExposed', `nodeGroups[${index}].pathPatterns`, `${outside.join(', ')} reach beyond the exposed paths (${this.exposure.pathPatterns.join(', ')}): the listener forwards them to node group ${group.groupName} all the same. Add them to additionalExposedPaths if that is meant, or narrow them`);
      }
    });
  }
}
