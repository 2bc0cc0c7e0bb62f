import { Duration, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2Targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { Construct } from 'constructs';
import { isHttpToken } from '../cookie';
import { COMETD_LONG_POLL_HOLD_SECONDS, GMS_NODE_PORT, GmsHealthCheck, ipv4InCidr, isIpv4Address, isPrivateIpv4Address } from '../gms';
import { albHealthCheckOf } from './private/health-check';
import { fail, integerInRange, literalSecondsInRange, secondsInRange } from './private/validation';
import { vpcCidrBlocks } from './private/vpc-cidrs';
import { checkPathPatterns } from './private/path-patterns';

/** Options of {@link GmsNodeTargets.fromIpAddresses}. */
export interface IpNodeTargetsOptions {
  /**
   * The Availability Zone to register the addresses in. Addresses outside the load balancer's
   * VPC (on premises, over VPN or Direct Connect, or a peered VPC) need `'all'`: without it such
   * an address fails the synth when the VPC's CIDR blocks are known then (a new `ec2.Vpc`).
   *
   * @default - detected by the load balancer (addresses inside the VPC)
   */
  readonly availabilityZone?: string;

  /**
   * Security groups of the nodes behind these addresses, if they are in AWS. Each is opened to
   * the load balancer's security group on the node port, and only there.
   *
   * @default - none (open the nodes' own firewall to the load balancer subnets yourself)
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** What a node group forwards to: an Auto Scaling group, EC2 instances or IP addresses. */
export abstract class GmsNodeTargets {
  /** The GMS nodes of an Auto Scaling group; its security groups are opened to the load balancer. */
  public static fromAutoScalingGroup(autoScalingGroup: autoscaling.AutoScalingGroup): GmsNodeTargets {
    return new AutoScalingGroupTargets(autoScalingGroup);
  }

  /** GMS nodes on EC2 instances; their security groups are opened to the load balancer. */
  public static fromInstances(instances: ec2.Instance[]): GmsNodeTargets {
    return new InstanceTargets(instances);
  }

  /** GMS nodes by private IPv4 address (RFC 1918 or RFC 6598), for example on-premises nodes. */
  public static fromIpAddresses(ipAddresses: string[], options: IpNodeTargetsOptions = {}): GmsNodeTargets {
    return new IpTargets(ipAddresses, options);
  }

  /** The target type of the target group. */
  public abstract readonly targetType: elbv2.TargetType;

  /**
   * Registers the targets and opens the node port from the load balancer, and nothing more.
   * @internal
   */
  public abstract _bind(scope: Construct, targetGroup: elbv2.ApplicationTargetGroup, loadBalancerSecurityGroup: ec2.ISecurityGroup, port: number, vpc: ec2.IVpc): void;
}

class AutoScalingGroupTargets extends GmsNodeTargets {
  public readonly targetType = elbv2.TargetType.INSTANCE;
  public constructor(private readonly autoScalingGroup: autoscaling.AutoScalingGroup) {
    super();
  }
  public _bind(scope: Construct, targetGroup: elbv2.ApplicationTargetGroup, loadBalancerSecurityGroup: ec2.ISecurityGroup, port: number): void {
    if (!(this.autoScalingGroup instanceof autoscaling.AutoScalingGroup)) {
      fail(scope, 'targets', 'fromAutoScalingGroup needs an autoscaling.AutoScalingGroup');
    }
    targetGroup.addTarget(this.autoScalingGroup);
    this.autoScalingGroup.connections.allowFrom(loadBalancerSecurityGroup, ec2.Port.tcp(port), 'GMS node port from the load balancer only');
  }
}

class InstanceTargets extends GmsNodeTargets {
  public readonly targetType = elbv2.TargetType.INSTANCE;
  public constructor(private readonly instances: ec2.Instance[]) {
    super();
  }
  public _bind(scope: Construct, targetGroup: elbv2.ApplicationTargetGroup, loadBalancerSecurityGroup: ec2.ISecurityGroup, port: number): void {
    if (!Array.isArray(this.instances) || this.instances.length === 0) {
      fail(scope, 'targets', 'fromInstances needs at least one ec2.Instance');
    }
    this.instances.forEach((instance, index) => {
      const first = this.instances.indexOf(instance);
      if (first !== index) {
        // The target group would register the instance twice (refused at deployment).
        fail(scope, `targets.instances[${index}]`, `is ${instance.node.path} again (already targets.instances[${first}]); list each instance once`);
      }
    });
    for (const instance of this.instances) {
      targetGroup.addTarget(new elbv2Targets.InstanceTarget(instance, port));
      instance.connections.allowFrom(loadBalancerSecurityGroup, ec2.Port.tcp(port), 'GMS node port from the load balancer only');
    }
  }
}

class IpTargets extends GmsNodeTargets {
  public readonly targetType = elbv2.TargetType.IP;
  public constructor(private readonly ipAddresses: string[], private readonly options: IpNodeTargetsOptions) {
    super();
  }
  public _bind(scope: Construct, targetGroup: elbv2.ApplicationTargetGroup, loadBalancerSecurityGroup: ec2.ISecurityGroup, port: number, vpc: ec2.IVpc): void {
    const vpcCidrs = vpcCidrBlocks(vpc);
    if (!Array.isArray(this.ipAddresses) || this.ipAddresses.length === 0) {
      fail(scope, 'targets', 'fromIpAddresses needs at least one IPv4 address');
    }
    const seen = new Set<string>();
    this.ipAddresses.forEach((address, index) => {
      if (Token.isUnresolved(address)) {
        fail(scope, `targets.ipAddresses[${index}]`, 'must be a literal IPv4 address; the load balancer security group is opened to each address');
      }
      if (!isIpv4Address(address)) {
        fail(scope, `targets.ipAddresses[${index}]`, `must be an IPv4 address such as 10.0.1.20; got ${JSON.stringify(address)}`);
      }
      if (!isPrivateIpv4Address(address)) {
        fail(scope, `targets.ipAddresses[${index}]`, `must be a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10): load balancers cannot target publicly routable addresses; got ${address}`);
      }
      if (seen.has(address)) {
        fail(scope, 'targets.ipAddresses', `lists ${address} twice`);
      }
      // An address outside the target group's VPC registers only with an Availability Zone
      // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetDescription.html).
      if (this.options.availabilityZone === undefined && vpcCidrs !== undefined && !vpcCidrs.some((cidr) => ipv4InCidr(address, cidr) === true)) {
        fail(scope, `targets.ipAddresses[${index}]`, `${address} is outside the VPC (${vpcCidrs.join(', ')}): an address outside the load balancer's VPC registers only with availabilityZone: 'all' (on premises, VPN, Direct Connect, peered VPCs); pass it in fromIpAddresses' options`);
      }
      seen.add(address);
      targetGroup.addTarget(new elbv2Targets.IpTarget(address, port, this.options.availabilityZone));
      // The load balancer's security group admits no outbound traffic but to the nodes.
      loadBalancerSecurityGroup.addEgressRule(ec2.Peer.ipv4(`${address}/32`), ec2.Port.tcp(port), `GMS node ${address}`);
    });
    for (const securityGroup of this.options.securityGroups ?? []) {
      securityGroup.connections.allowFrom(loadBalancerSecurityGroup, ec2.Port.tcp(port), 'GMS node port from the load balancer only');
    }
  }
}

/** How a node group keeps a chat session on one node. */
export class GmsStickiness {
  /**
   * Duration-based stickiness: the load balancer sets `AWSALB` and `AWSALBCORS`.
   *
   * @param duration how long the cookie lasts, 1 second to 7 days; default 1 day
   */
  public static loadBalancerCookie(duration: Duration = Duration.days(1)): GmsStickiness {
    return new GmsStickiness(duration, undefined);
  }

  /**
   * Application-based stickiness: the load balancer follows an application cookie and sets
   * `AWSALBAPP-*` cookies alongside it.
   *
   * @param cookieName the application's cookie, for example `BAYEUX_BROWSER`; not `AWSALB*`
   * @param duration how long the stickiness lasts, 1 second to 7 days; default 1 day
   */
  public static applicationCookie(cookieName: string, duration: Duration = Duration.days(1)): GmsStickiness {
    return new GmsStickiness(duration, cookieName);
  }

  private constructor(
    /** How long the stickiness lasts. */
    public readonly duration: Duration,
    /** The application cookie followed, or undefined for duration-based stickiness. */
    public readonly applicationCookieName: string | undefined,
  ) {}

  /** Cookies this stickiness makes the browser keep: the ones the edge must partition. */
  public get cookieNames(): string[] {
    return this.applicationCookieName === undefined
      ? ['AWSALB', 'AWSALBCORS']
      : [this.applicationCookieName, 'AWSALBAPP-0'];
  }
}

/** One group of GMS nodes behind the load balancer. */
export interface GmsNodeGroupOptions {
  /** A name for the group, unique within the load balancer (letters, digits and hyphens). */
  readonly name: string;

  /** The nodes. */
  readonly targets: GmsNodeTargets;

  /**
   * The HTTP port of GMS on the nodes.
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * Request paths (load balancer path patterns, `*` and `?` wildcards, case-sensitive) this group
   * serves, for example `['/genesys/2/chat/sales*']`. At most 4: a listener rule holds 5
   * condition values and one is the secret origin header.
   *
   * @default - none: the group must then be the default group
   */
  readonly pathPatterns?: string[];

  /**
   * The listener rule priority of the path patterns (1–49999, lower is evaluated first).
   *
   * @default - 10, 20, 30… in the order of the groups, skipping priorities taken explicitly
   */
  readonly priority?: number;

  /**
   * Whether this group serves every request no path pattern matched. Exactly one group is
   * the default group.
   *
   * @default - true when the group has no path patterns
   */
  readonly isDefault?: boolean;

  /**
   * Session affinity. CometD needs every request of a session on the node that holds it.
   *
   * @default GmsStickiness.loadBalancerCookie(Duration.days(1))
   */
  readonly stickiness?: GmsStickiness;

  /**
   * How the load balancer checks a node. The default needs a get service named `health` in
   * GMS (README, "Operating GMS behind the edge"): it answers 200 while the node is ONLINE and
   * 503 once it is set OFFLINE, so an OFFLINE node gets no new chats. ALB matches status codes
   * only: a check that relies on the body (`GmsHealthCheck.nodeStatus()`) cannot see OFFLINE.
   *
   * @default GmsHealthCheck.getService('health')
   */
  readonly healthCheck?: GmsHealthCheck;

  /**
   * How often and how strictly the health check runs.
   *
   * @default - every 10 s, 5 s timeout, healthy after 2, unhealthy after 3
   */
  readonly healthCheckTiming?: GmsHealthCheckTiming;

  /**
   * How long a deregistering node keeps serving requests in flight. At least the long-poll
   * hold, so a held `/meta/connect` completes; at most 3600 s.
   *
   * @default - 60 s, or the long-poll hold if that is longer
   */
  readonly deregistrationDelay?: Duration;
}

/** The timing of an ALB health check. */
export interface GmsHealthCheckTiming {
  /**
   * Time between checks of one node, 5–300 s.
   *
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;

  /**
   * Time without an answer that fails a check, 2–120 s and less than the interval.
   *
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive successes before an unhealthy node gets requests again, 2–10.
   *
   * @default 2
   */
  readonly healthyThresholdCount?: number;

  /**
   * Consecutive failures before a node gets no new requests, 2–10. With the interval this is
   * how long an OFFLINE node still receives new chats.
   *
   * @default 3
   */
  readonly unhealthyThresholdCount?: number;
}

/** Properties of a {@link GmsNodeGroup}. */
export interface GmsNodeGroupProps extends GmsNodeGroupOptions {
  /** The VPC of the load balancer. */
  readonly vpc: ec2.IVpc;

  /** The load balancer's security group, opened to the nodes on the node port. */
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;

  /**
   * CometD's long-poll hold: `/meta/connect` is answered after this long when there is nothing to send.
   *
   * @default Duration.seconds(30)
   */
  readonly longPollHold?: Duration;
}

const GROUP_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

/**
 * A group of GMS nodes and its target group: HTTP to the nodes, sticky, health-checked at the
 * GMS get service (an OFFLINE node gets no new chats), drained for at least a long poll, and reachable from the load balancer only.
 */
export class GmsNodeGroup extends Construct {
  /** The target group of the nodes. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  /** The group's name. */
  public readonly groupName: string;

  /** The node port. */
  public readonly port: number;

  /** The path patterns the group serves (empty for a default group without patterns). */
  public readonly pathPatterns: string[];

  /** Whether the group serves requests no path pattern matched. */
  public readonly isDefault: boolean;

  /** The explicit listener-rule priority, if one was given. */
  public readonly priority?: number;

  /** The session affinity. */
  public readonly stickiness: GmsStickiness;

  /** The health check. */
  public readonly healthCheck: GmsHealthCheck;

  public constructor(scope: Construct, id: string, props: GmsNodeGroupProps) {
    super(scope, id);
    if (typeof props.name !== 'string' || !GROUP_NAME.test(props.name)) {
      fail(this, 'name', `must be 1–32 letters, digits or inner hyphens; got ${JSON.stringify(props.name)}`);
    }
    if (!(props.targets instanceof GmsNodeTargets)) {
      fail(this, 'targets', 'must come from GmsNodeTargets.fromAutoScalingGroup(), fromInstances() or fromIpAddresses()');
    }
    this.groupName = props.name;
    this.port = integerInRange(this, 'port', props.port ?? GMS_NODE_PORT, 1, 65535);
    this.pathPatterns = checkPathPatterns(this, props.pathPatterns);
    this.isDefault = props.isDefault ?? this.pathPatterns.length === 0;
    if (!this.isDefault && this.pathPatterns.length === 0) {
      fail(this, 'pathPatterns', 'must list at least one path for a group that is not the default group (isDefault: false)');
    }
    if (props.priority !== undefined) {
      if (this.isDefault && this.pathPatterns.length === 0) {
        fail(this, 'priority', 'has no effect on a default group without path patterns (it is evaluated last); remove it');
      }
      this.priority = integerInRange(this, 'priority', props.priority, 1, 49999);
    }

    const longPollHold = props.longPollHold ?? Duration.seconds(COMETD_LONG_POLL_HOLD_SECONDS);
    const holdSeconds = literalSecondsInRange(this, 'longPollHold', longPollHold, 1, 3600);
    const deregistrationDelay = props.deregistrationDelay ?? Duration.seconds(Math.max(60, Number.isNaN(holdSeconds) ? 60 : holdSeconds));
    const delaySeconds = secondsInRange(this, 'deregistrationDelay', deregistrationDelay, 0, 3600);
    if (delaySeconds < holdSeconds) {
      fail(this, 'deregistrationDelay', `must be at least the CometD long-poll hold (${holdSeconds} s) so held /meta/connect requests finish while a node drains; got ${delaySeconds} s`);
    }

    this.stickiness = props.stickiness ?? GmsStickiness.loadBalancerCookie();
    if (!(this.stickiness instanceof GmsStickiness)) {
      fail(this, 'stickiness', 'must come from GmsStickiness.loadBalancerCookie() or GmsStickiness.applicationCookie()');
    }
    secondsInRange(this, 'stickiness duration', this.stickiness.duration, 1, 7 * 24 * 3600);
    const cookieName = this.stickiness.applicationCookieName;
    if (cookieName !== undefined) {
      if (!isHttpToken(cookieName)) {
        fail(this, 'stickiness cookieName', `must be a cookie name (RFC 6265 token characters); got ${JSON.stringify(cookieName)}`);
      }
      if (/^AWSALB/i.test(cookieName)) {
        fail(this, 'stickiness cookieName', `must not start with AWSALB, AWSALBAPP or AWSALBTG (reserved by the load balancer); got ${cookieName}`);
      }
    }

    this.healthCheck = props.healthCheck ?? GmsHealthCheck.getService();
    const healthCheck = albHealthCheckOf(this, this.healthCheck, props.healthCheckTiming);

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      port: this.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: props.targets.targetType,
      healthCheck,
      deregistrationDelay,
      stickinessCookieDuration: this.stickiness.duration,
      stickinessCookieName: cookieName,
    });
    props.targets._bind(this, this.targetGroup, props.loadBalancerSecurityGroup, this.port, props.vpc);
  }
}
