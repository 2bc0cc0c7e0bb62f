import { Duration, SecretValue, Stack, Token } from 'aws-cdk-lib';
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
import { isHttpToken } from '../cookie';
import { COMETD_LONG_POLL_HOLD_SECONDS, EXPOSE_EVERYTHING_WARNING, GmsExposure, isPathExposed, resolveExposure } from '../gms';
import { exposureRuleConditions } from './private/exposure';
import { acknowledgeNagFinding, fail, regionOfCertificate, secondsInRange, warn } from './private/validation';

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

/** The lowest-precedence listener rule: the default group, for requests carrying the secret header. */
const DEFAULT_GROUP_PRIORITY = 50000;
/** Rules per ALB listener, the default action not counted (Elastic Load Balancing quotas: 100). */
const ALB_RULES_PER_LISTENER = 100;
const FORBIDDEN_ORIGIN_HEADERS = new Set(['cache-control', 'connection', 'content-length', 'cookie', 'host', 'if-match', 'if-modified-since',
  'if-none-match', 'if-range', 'if-unmodified-since', 'max-forwards', 'pragma', 'proxy-authorization', 'proxy-connection', 'range',
  'request-range', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via', 'x-real-ip', 'x-forwarded-proto', 'x-forwarded-for']);

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
    this.idleTimeout = props.idleTimeout ?? Duration.seconds(60);
    const idleSeconds = secondsInRange(this, 'idleTimeout', this.idleTimeout, 1, 4000);
    if (idleSeconds <= holdSeconds) {
      fail(this, 'idleTimeout', `must be longer than the CometD long-poll hold (${holdSeconds} s), or the load balancer closes held /meta/connect requests; got ${idleSeconds} s`);
    }

    const sslPolicy = props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS;
    if (!Token.isUnresolved(sslPolicy) && !CLOUDFRONT_ORIGIN_SSL_POLICIES.includes(sslPolicy)) {
      fail(this, 'sslPolicy', `must accept TLS 1.2 (CloudFront's highest protocol towards an origin: a TLS 1.3-only policy fails every request with 502) and refuse TLS 1.0 and 1.1; got ${JSON.stringify(sslPolicy)}. Allowed: ${CLOUDFRONT_ORIGIN_SSL_POLICIES.join(', ')}`);
    }

    const exposure = resolveExposure(props.additionalExposedPaths);
    if ('error' in exposure) {
      fail(this, exposure.property, exposure.error);
    }
    this.exposure = exposure.exposure;
    if (this.exposure.exposesEverything) {
      warn(this, EXPOSE_EVERYTHING_WARNING.id, 'additionalExposedPaths', EXPOSE_EVERYTHING_WARNING.message);
    }

    this.originVerifyHeaderName = props.originVerifyHeaderName ?? 'X-Origin-Verify';
    checkOriginHeaderName(this, this.originVerifyHeaderName);
    const accessLogsPrefix = props.accessLogsPrefix ?? 'alb';
    if (typeof accessLogsPrefix !== 'string' || /(^\/|\/$)|AWSLogs/.test(accessLogsPrefix)) {
      fail(this, 'accessLogsPrefix', `must not start or end with / nor contain AWSLogs; got ${JSON.stringify(accessLogsPrefix)}`);
    }
    if (props.existingAccessLogsBucket !== undefined && props.accessLogsRetention !== undefined) {
      fail(this, 'accessLogsRetention', 'applies only to the bucket this construct creates; it conflicts with existingAccessLogsBucket (set the lifecycle on your bucket)');
    }
    if (props.loadBalancerName !== undefined && !Token.isUnresolved(props.loadBalancerName)
      && !/^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(props.loadBalancerName)) {
      fail(this, 'loadBalancerName', `must be 1–32 letters, digits or inner hyphens, not starting with internal-; got ${JSON.stringify(props.loadBalancerName)}`);
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'GMS load balancer: HTTPS from CloudFront origin-facing servers only, out to GMS node ports only',
    });
    const prefixList = resolveCloudFrontPrefixList(this, props.cloudFrontPrefixListId);
    this.cloudFrontPrefixListId = prefixList.prefixListId;
    this.cloudFrontPrefixListLookup = prefixList.lookup;
    this.securityGroup.addIngressRule(ec2.Peer.prefixList(this.cloudFrontPrefixListId), ec2.Port.tcp(443), 'HTTPS from CloudFront origin-facing servers');

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
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

    this.accessLogsBucket = props.existingAccessLogsBucket ?? createLogBucket(this, 'AccessLogs', {
      expiration: props.accessLogsRetention ?? Duration.days(90),
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      contents: 'the load balancer access logs',
    });
    if (props.accessLogsRetention !== undefined) {
      secondsInRange(this, 'accessLogsRetention', props.accessLogsRetention, 86400, 100 * 365 * 86400);
    }
    enableAccessLogs(this.loadBalancer, this.accessLogsBucket, accessLogsPrefix);

    this.originVerifySecret = props.existingOriginVerifySecret ?? new secretsmanager.Secret(this, 'OriginVerifySecret', {
      description: 'gms-edge-constructs: value of the secret header CloudFront sends to the GMS load balancer',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    if (props.existingOriginVerifySecret === undefined) {
      acknowledgeNagFinding(this.originVerifySecret.node.defaultChild ?? this.originVerifySecret, 'AwsSolutions-SMG4',
        'The value is used in the CloudFront origin header and in the listener rules, both resolved by CloudFormation only when the dynamic reference changes; an automatic rotation would change neither. Rotate with a new secret version and originVerifySecretVersionId / acceptedOriginVerifySecretVersionIds (two deployments, README).');
    }
    // Dynamic references: CloudFormation resolves them at deploy time; the template never holds a value.
    const versions = originVerifySecretVersions(this, props.originVerifySecretVersionId, props.acceptedOriginVerifySecretVersionIds);
    this.acceptedOriginVerifyHeaderValues = versions.map((versionId) => originVerifyReference(this.originVerifySecret, versionId));
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
    this.nodeGroups = props.nodeGroups.map((options) => {
      return new GmsNodeGroup(this, `NodeGroup-${options.name}`, {
        ...options,
        vpc: props.vpc,
        loadBalancerSecurityGroup: this.securityGroup,
        longPollHold,
      });
    });
    this.defaultNodeGroup = checkNodeGroups(this, this.nodeGroups);
    checkConditionValues(this, this.nodeGroups, this.acceptedOriginVerifyHeaderValues.length);
    this.warnAboutGroupPathsOutsideExposure();
    this.listenerRules = this.createListenerRules();
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

  private createListenerRules(): elbv2.ApplicationListenerRule[] {
    const secretHeader = elbv2.ListenerCondition.httpHeader(this.originVerifyHeaderName, this.acceptedOriginVerifyHeaderValues);
    const taken = new Set(this.nodeGroups.flatMap((group) => (group.priority === undefined ? [] : [group.priority])));
    let next = 10;
    const rules: elbv2.ApplicationListenerRule[] = [];
    for (const group of this.nodeGroups) {
      if (group.pathPatterns.length === 0) {
        continue;
      }
      let priority = group.priority;
      if (priority === undefined) {
        while (taken.has(next)) {
          next += 10;
        }
        priority = next;
        taken.add(next);
      }
      rules.push(new elbv2.ApplicationListenerRule(this, `Rule-${group.groupName}`, {
        listener: this.listener,
        priority,
        conditions: [secretHeader, elbv2.ListenerCondition.pathPatterns(group.pathPatterns)],
        action: elbv2.ListenerAction.forward([group.targetGroup]),
      }));
    }
    // The default group gets the exposed paths only, in the last priorities; the listener's
    // default action answers 403 to every other path.
    const exposed = exposureRuleConditions(this.exposure, this.acceptedOriginVerifyHeaderValues.length);
    exposed.forEach((paths, index) => {
      // Counted down from 50000, which keeps the id RuleDefault: an update never creates a rule
      // on a priority the old one still holds (CloudFormation creates before it updates).
      const offset = exposed.length - 1 - index;
      const priority = DEFAULT_GROUP_PRIORITY - offset;
      if (taken.has(priority)) {
        fail(this, 'nodeGroups', `takes listener-rule priority ${priority}, which the exposed paths of the default group need (${DEFAULT_GROUP_PRIORITY - exposed.length + 1}-${DEFAULT_GROUP_PRIORITY}); use a lower priority`);
      }
      rules.push(new elbv2.ApplicationListenerRule(this, offset === 0 ? 'RuleDefault' : `RuleDefault${offset + 1}`, {
        listener: this.listener,
        priority,
        conditions: paths === undefined ? [secretHeader] : [secretHeader, elbv2.ListenerCondition.pathPatterns(paths)],
        action: elbv2.ListenerAction.forward([this.defaultNodeGroup.targetGroup]),
      }));
    });
    if (rules.length > ALB_RULES_PER_LISTENER) {
      fail(this, 'additionalExposedPaths', `and the node groups need ${rules.length} listener rules (${this.exposure.pathPatterns.length} paths, 4 per rule); an ALB listener holds at most ${ALB_RULES_PER_LISTENER} (a quota): use fewer paths or wider /* prefixes`);
    }
    return rules.sort((a, b) => priorityOf(a) - priorityOf(b));
  }
}

function priorityOf(rule: elbv2.ApplicationListenerRule): number {
  return (rule.node.defaultChild as elbv2.CfnListenerRule).priority;
}

function checkOriginHeaderName(scope: Construct, name: string): void {
  if (!isHttpToken(name) || name.length > 40) {
    fail(scope, 'originVerifyHeaderName', `must be an HTTP header name of at most 40 token characters; got ${JSON.stringify(name)}`);
  }
  const lower = name.toLowerCase();
  if (FORBIDDEN_ORIGIN_HEADERS.has(lower) || lower.startsWith('x-amz-') || lower.startsWith('x-edge-') || lower.startsWith('cloudfront-')) {
    fail(scope, 'originVerifyHeaderName', `must be a header CloudFront can add to origin requests (not ${name}, and not X-Amz-*, X-Edge-* or CloudFront-*)`);
  }
}

function checkNodeGroups(scope: Construct, groups: GmsNodeGroup[]): GmsNodeGroup {
  const paths = new Map<string, string>();
  const priorities = new Map<number, string>();
  groups.forEach((group, index) => {
    for (const path of group.pathPatterns) {
      const owner = paths.get(path);
      if (owner !== undefined) {
        fail(scope, `nodeGroups[${index}].pathPatterns`, `repeats ${path}, already served by node group ${owner}; each path pattern belongs to one group`);
      }
      paths.set(path, group.groupName);
    }
    if (group.priority !== undefined) {
      const owner = priorities.get(group.priority);
      if (owner !== undefined) {
        fail(scope, `nodeGroups[${index}].priority`, `${group.priority} is already the priority of node group ${owner}; priorities must be unique`);
      }
      priorities.set(group.priority, group.groupName);
    }
  });
  const defaults = groups.filter((group) => group.isDefault);
  if (defaults.length === 0) {
    fail(scope, 'nodeGroups', 'must have exactly one default group (isDefault: true, or a group without pathPatterns); none is');
  }
  if (defaults.length > 1) {
    fail(scope, 'nodeGroups', `must have exactly one default group; ${defaults.map((group) => group.groupName).join(' and ')} both are (give all but one pathPatterns and isDefault: false)`);
  }
  return defaults[0];
}

/** A Secrets Manager version id: 32–64 characters (a UUID when Secrets Manager makes it). */
const SECRET_VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;
/** A listener rule takes five condition values in all (ALB quota "Condition values per rule"). */
const MAX_CONDITION_VALUES_PER_RULE = 5;

/** The version ids the listener accepts, the one CloudFront sends first (`undefined`: AWSCURRENT). */
function originVerifySecretVersions(scope: Construct, sent: string | undefined, accepted: string[] | undefined): Array<string | undefined> {
  const checkId = (property: string, versionId: string): void => {
    if (!Token.isUnresolved(versionId) && (typeof versionId !== 'string' || !SECRET_VERSION_ID.test(versionId))) {
      fail(scope, property, `must be a Secrets Manager VersionId (32–64 letters, digits or hyphens; aws secretsmanager list-secret-version-ids); got ${JSON.stringify(versionId)}`);
    }
  };
  if (sent !== undefined) {
    checkId('originVerifySecretVersionId', sent);
  }
  const others = accepted ?? [];
  if (!Array.isArray(others)) {
    fail(scope, 'acceptedOriginVerifySecretVersionIds', 'must be a list of Secrets Manager version ids');
  }
  if (others.length > 0 && sent === undefined) {
    fail(scope, 'acceptedOriginVerifySecretVersionIds', 'needs originVerifySecretVersionId: pin the version CloudFront sends, then list the versions the listener accepts besides it');
  }
  const seen = new Set<string>([sent ?? '']);
  others.forEach((versionId, index) => {
    checkId(`acceptedOriginVerifySecretVersionIds[${index}]`, versionId);
    if (seen.has(versionId)) {
      fail(scope, `acceptedOriginVerifySecretVersionIds[${index}]`, `repeats version ${versionId}, already accepted`);
    }
    seen.add(versionId);
  });
  return [sent, ...others];
}

function originVerifyReference(secret: secretsmanager.ISecret, versionId: string | undefined): string {
  return versionId === undefined
    ? secret.secretValue.unsafeUnwrap()
    : SecretValue.secretsManager(secret.secretArn, { versionId }).unsafeUnwrap();
}

/** Every rule with path patterns also carries the accepted secret values: five condition values in all. */
function checkConditionValues(scope: Construct, groups: GmsNodeGroup[], secretValues: number): void {
  groups.forEach((group, index) => {
    if (group.pathPatterns.length + secretValues > MAX_CONDITION_VALUES_PER_RULE) {
      fail(scope, `nodeGroups[${index}].pathPatterns`, `has ${group.pathPatterns.length} patterns, and the rule of node group ${group.groupName} also accepts ${secretValues} origin secret values: at most ${MAX_CONDITION_VALUES_PER_RULE} condition values per listener rule (an ALB quota), so at most ${MAX_CONDITION_VALUES_PER_RULE - secretValues} patterns during this rotation`);
    }
  });
}
