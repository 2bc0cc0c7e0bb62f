#!/usr/bin/env node
/**
 * Reference CDK app: the GMS chat edge twice, from cdk.json context (defaults below).
 *  - GmsEdge: environment-agnostic, cookies rewritten by a CloudFront Function;
 *  - GmsEdgeLambdaEdge: the same edge in us-east-1 (where Lambda@Edge functions live), rewritten by Lambda@Edge.
 * Both have two node groups: an Auto Scaling group of GMS instances (the default group) and a
 * group of IP targets (GMS nodes outside AWS, reached over VPN or Direct Connect).
 * cdk-nag's AwsSolutions checks run on the whole app; every acknowledged finding has a reason.
 *
 *   npx cdk synth -c gms:originDomainName=gms-origin.example.org -c gms:originCertificateArn=arn:aws:acm:…
 */
import { Annotations, App, CfnParameter, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsSolutionsChecks, NagReportFormat, NagReportLine, NagReportSchema } from 'cdk-nag';
import { Construct, IConstruct } from 'constructs';
import { EdgeRuntime, GmsEdge, GmsNodeTargets } from '../lib/aws';

/** The reference app's settings; each has a cdk.json context key `gms:<name>`. */
export interface GmsEdgeReferenceConfig {
  /** Host name CloudFront connects to; must resolve to the load balancer. */
  readonly originDomainName: string;
  /** Regional ACM certificate for originDomainName (in the stack's region). */
  readonly originCertificateArn?: string;
  /** Public hosted zone of originDomainName: alias record and certificate validation. */
  readonly originHostedZoneId?: string;
  readonly originHostedZoneName?: string;
  /** Custom domain names of the distribution, with certificateArn (us-east-1). */
  readonly domainNames: string[];
  readonly certificateArn?: string;
  /** com.amazonaws.global.cloudfront.origin-facing in the target region; else looked up at deploy time. */
  readonly cloudFrontPrefixListId?: string;
  /** WAFv2 web ACL (scope CLOUDFRONT). */
  readonly webAclArn?: string;
  readonly originReadTimeoutSeconds: number;
  readonly vpcCidr: string;
  readonly maxAzs: number;
  readonly natGateways: number;
  readonly nodePort: number;
  readonly nodeInstanceType: string;
  /** SSM parameter holding the AMI id of your GMS image. */
  readonly nodeMachineImageParameter: string;
  readonly nodeMinCapacity: number;
  readonly nodeMaxCapacity: number;
  /** Private IPv4 addresses of GMS nodes outside the VPC. */
  readonly ipNodeAddresses: string[];
  /** Paths the IP node group serves. */
  readonly ipNodePathPatterns: string[];
}

/**
 * Defaults of every context key, also written out in cdk.json's "context" (a test keeps the two
 * equal). The example.com origin and the stock AMI are examples: set your own.
 */
export const DEFAULT_REFERENCE_CONFIG: GmsEdgeReferenceConfig = {
  originDomainName: 'gms-origin.example.com',
  domainNames: [],
  originReadTimeoutSeconds: 60,
  vpcCidr: '10.40.0.0/16',
  maxAzs: 2,
  natGateways: 1,
  nodePort: 8080,
  nodeInstanceType: 'm6i.large',
  nodeMachineImageParameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  nodeMinCapacity: 2,
  nodeMaxCapacity: 4,
  ipNodeAddresses: ['192.168.10.11', '192.168.10.12'],
  ipNodePathPatterns: ['/genesys/2/chat/onprem', '/genesys/2/chat/onprem/*'],
};

/** Reads `gms:<key>` context values (JSON from cdk.json, strings from `-c`; "" or null means unset) over the defaults. */
export function referenceConfig(scope: Construct): GmsEdgeReferenceConfig {
  const config: Record<string, unknown> = { ...DEFAULT_REFERENCE_CONFIG };
  for (const key of Object.keys(REFERENCE_CONTEXT_KINDS)) {
    const raw: unknown = scope.node.tryGetContext(`gms:${key}`);
    if (raw === undefined || raw === null || raw === '') {
      continue;
    }
    config[key] = parseContext(key, raw, REFERENCE_CONTEXT_KINDS[key as keyof GmsEdgeReferenceConfig]);
  }
  return config as unknown as GmsEdgeReferenceConfig;
}

/** Every context key `gms:<name>` and how its value is read. cdk.json lists them all, optional ones as "" (unset). */
export const REFERENCE_CONTEXT_KINDS: Record<keyof GmsEdgeReferenceConfig, 'string' | 'number' | 'list'> = {
  originDomainName: 'string',
  originCertificateArn: 'string',
  originHostedZoneId: 'string',
  originHostedZoneName: 'string',
  domainNames: 'list',
  certificateArn: 'string',
  cloudFrontPrefixListId: 'string',
  webAclArn: 'string',
  originReadTimeoutSeconds: 'number',
  vpcCidr: 'string',
  maxAzs: 'number',
  natGateways: 'number',
  nodePort: 'number',
  nodeInstanceType: 'string',
  nodeMachineImageParameter: 'string',
  nodeMinCapacity: 'number',
  nodeMaxCapacity: 'number',
  ipNodeAddresses: 'list',
  ipNodePathPatterns: 'list',
};

function parseContext(key: string, raw: unknown, kind: 'string' | 'number' | 'list'): unknown {
  if (kind === 'number') {
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(value)) {
      throw new Error(`context gms:${key} must be a number; got ${JSON.stringify(raw)}`);
    }
    return value;
  }
  if (kind === 'list') {
    if (Array.isArray(raw)) {
      return raw.map(String);
    }
    const text = String(raw).trim();
    // -c gms:key='["a","b"]' or -c gms:key=a,b
    return text.startsWith('[') ? (JSON.parse(text) as unknown[]).map(String) : text.split(',').map((item) => item.trim()).filter(Boolean);
  }
  return String(raw);
}

/** Properties of a {@link GmsEdgeReferenceStack}. */
export interface GmsEdgeReferenceStackProps extends StackProps {
  readonly edgeRuntime: EdgeRuntime;
  readonly config: GmsEdgeReferenceConfig;
}

/** A VPC, an Auto Scaling group of GMS nodes, a group of IP-addressed GMS nodes, and the edge in front. */
export class GmsEdgeReferenceStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  public readonly edge: GmsEdge;

  public constructor(scope: Construct, id: string, props: GmsEdgeReferenceStackProps) {
    super(scope, id, props);
    const config = props.config;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(config.vpcCidr),
      maxAzs: config.maxAzs,
      natGateways: config.natGateways,
      subnetConfiguration: [
        { name: 'LoadBalancer', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'GmsNodes', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
    });
    this.vpc.addFlowLog('FlowLogs');

    if (config.nodeMachineImageParameter === DEFAULT_REFERENCE_CONFIG.nodeMachineImageParameter) {
      Annotations.of(this).addWarningV2('gms-edge-reference:stockImage',
        'gms:nodeMachineImageParameter is the stock Amazon Linux 2023 image, which has no GMS: set it to the SSM parameter of your GMS AMI, or the node group stays unhealthy.');
    }
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'GmsNodes', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceType: new ec2.InstanceType(config.nodeInstanceType),
      machineImage: ec2.MachineImage.fromSsmParameter(config.nodeMachineImageParameter),
      minCapacity: config.nodeMinCapacity,
      maxCapacity: config.nodeMaxCapacity,
      requireImdsv2: true,
      instanceMonitoring: autoscaling.Monitoring.DETAILED,
      blockDevices: [{ deviceName: '/dev/xvda', volume: autoscaling.BlockDeviceVolume.ebs(30, { encrypted: true, volumeType: autoscaling.EbsDeviceVolumeType.GP3 }) }],
      // EC2 status checks only: the load balancer's check fails by design for a node an
      // operator set OFFLINE (get service 503) and for one without the get service, and ELB
      // health would make the group terminate it (README, "Operating GMS behind the edge").
      healthChecks: autoscaling.HealthChecks.ec2({ gracePeriod: Duration.minutes(5) }),
    });

    if (config.originDomainName === DEFAULT_REFERENCE_CONFIG.originDomainName) {
      Annotations.of(this).addWarningV2('gms-edge-reference:exampleOrigin',
        `gms:originDomainName is the example ${config.originDomainName}: set it (and gms:originCertificateArn or gms:originHostedZoneId/Name) before deploying. Until then the origin certificate is the CloudFormation parameter ${EXAMPLE_SETTINGS_CERTIFICATE_PARAMETER}, without a default, so cdk deploy refuses to start.`);
    }
    const hostedZone = config.originHostedZoneId !== undefined && config.originHostedZoneName !== undefined
      ? route53.HostedZone.fromHostedZoneAttributes(this, 'OriginZone', { hostedZoneId: config.originHostedZoneId, zoneName: config.originHostedZoneName })
      : undefined;
    let originCertificate: acm.ICertificate | undefined;
    if (config.originCertificateArn !== undefined) {
      originCertificate = acm.Certificate.fromCertificateArn(this, 'OriginCertificate', config.originCertificateArn);
    } else if (hostedZone === undefined && config.originDomainName === DEFAULT_REFERENCE_CONFIG.originDomainName) {
      // Example settings: a DNS-validated certificate for the example name would never validate
      // and hold the stack in CREATE_IN_PROGRESS for hours. Instead the certificate is a parameter
      // without a default, so `cdk deploy` stops before CloudFormation is called ("The following
      // CloudFormation Parameters are missing a value") while `cdk synth` needs nothing.
      originCertificate = acm.Certificate.fromCertificateArn(this, 'OriginCertificate', exampleSettingsCertificateParameter(this).valueAsString);
    } else if (hostedZone === undefined) {
      // Validated by DNS records you add by hand: the deployment waits until ACM sees them.
      originCertificate = new acm.Certificate(this, 'OriginCertificate', {
        domainName: config.originDomainName,
        validation: acm.CertificateValidation.fromDns(),
      });
    }

    this.edge = new GmsEdge(this, 'Edge', {
      vpc: this.vpc,
      edgeRuntime: props.edgeRuntime,
      originDomainName: config.originDomainName,
      originCertificate,
      originHostedZone: hostedZone,
      domainNames: config.domainNames,
      certificate: config.certificateArn === undefined ? undefined : acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
      webAclId: config.webAclArn,
      originReadTimeout: Duration.seconds(config.originReadTimeoutSeconds),
      loadBalancerProps: { cloudFrontPrefixListId: config.cloudFrontPrefixListId },
      nodeGroups: [
        {
          name: 'aws',
          targets: GmsNodeTargets.fromAutoScalingGroup(this.autoScalingGroup),
          port: config.nodePort,
          isDefault: true,
        },
        {
          name: 'onprem',
          targets: GmsNodeTargets.fromIpAddresses(config.ipNodeAddresses, { availabilityZone: 'all' }),
          port: config.nodePort,
          pathPatterns: config.ipNodePathPatterns,
        },
      ],
    });

    // cdk-nag findings this reference deployment accepts, each with its reason. The library
    // acknowledges the findings inherent to its design (log buckets, origin secret, lookups).
    const distribution = this.edge.distribution.node.defaultChild as IConstruct;
    Validations.of(distribution).acknowledge({ id: 'AwsSolutions-CFR1',
      reason: 'A chat widget serves visitors wherever the company site does; restrict countries with GmsEdge geoRestriction where the business needs it.' });
    if (config.webAclArn === undefined) {
      Validations.of(distribution).acknowledge({ id: 'AwsSolutions-CFR2',
        reason: 'No web ACL by default (WAF rules and cost are site-specific); set gms:webAclArn to attach a WAFv2 web ACL with scope CLOUDFRONT.' });
    }
    if (config.certificateArn === undefined) {
      Annotations.of(this.edge).acknowledgeWarning('gms-edge-constructs:defaultCertificateAllowsTls1',
        'The reference deployment answers on *.cloudfront.net until gms:domainNames and gms:certificateArn are set (README, "Viewer TLS").');
      Validations.of(distribution).acknowledge({ id: 'AwsSolutions-CFR4',
        reason: 'Without gms:domainNames/gms:certificateArn the distribution answers on *.cloudfront.net with the default CloudFront certificate, whose TLS policy CloudFront fixes; with a custom certificate GmsEdge enforces TLSv1.2_2021.' });
    }
    Validations.of(this.autoScalingGroup.node.defaultChild as IConstruct).acknowledge({ id: 'AwsSolutions-AS3',
      reason: 'Scaling activity is recorded in the Auto Scaling activity history and CloudWatch; the reference app prescribes no notification topic.' });
  }
}

/** The parameter name of the origin certificate when the reference app runs with its example settings. */
export const EXAMPLE_SETTINGS_CERTIFICATE_PARAMETER = 'OriginCertificateArn';

function exampleSettingsCertificateParameter(stack: Stack): CfnParameter {
  return new CfnParameter(stack, EXAMPLE_SETTINGS_CERTIFICATE_PARAMETER, {
    type: 'String',
    description: `The regional ACM certificate of the origin host name. Only asked because gms:originDomainName is the example ${DEFAULT_REFERENCE_CONFIG.originDomainName}: set gms:originDomainName with gms:originCertificateArn (or gms:originHostedZoneId/Name) instead.`,
    allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$',
    constraintDescription: 'must be the ARN of an ACM certificate, arn:aws:acm:<region>:<account>:certificate/<id>',
  });
}

/** Builds both reference stacks and registers cdk-nag's AwsSolutions checks on the app. */
export function buildAwsReferenceApp(app: App = new App()): { app: App; cloudFrontFunctionStack: GmsEdgeReferenceStack; lambdaEdgeStack: GmsEdgeReferenceStack; nagPack: AwsSolutionsChecks } {
  const config = referenceConfig(app);
  const cloudFrontFunctionStack = new GmsEdgeReferenceStack(app, 'GmsEdge', {
    description: 'GMS chat edge: CloudFront (partitioned-cookie CloudFront Function) -> ALB -> GMS node groups',
    edgeRuntime: 'cloudfront-function',
    config,
  });
  const lambdaEdgeStack = new GmsEdgeReferenceStack(app, 'GmsEdgeLambdaEdge', {
    description: 'GMS chat edge: CloudFront (partitioned-cookie Lambda@Edge) -> ALB -> GMS node groups',
    // Lambda@Edge functions must be created in us-east-1.
    env: { region: 'us-east-1' },
    edgeRuntime: 'lambda-edge',
    config,
  });
  // cdk-nag 3 is a policy validation plugin: unacknowledged errors fail the synthesis. The
  // acknowledgements (with reasons) are also written into the templates as cdk_nag metadata.
  const nagPack = new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
  Validations.of(app).addPlugins(nagPack);
  return { app, cloudFrontFunctionStack, lambdaEdgeStack, nagPack };
}

/**
 * Writes `AwsSolutions-<stack>-NagReport.csv|json` into the cloud assembly, in cdk-nag's
 * NagReportSchema: one line per open finding (Non-Compliant) and per acknowledged one (Suppressed,
 * with its reason). cdk-nag 3 no longer writes these itself.
 */
export function writeNagReports(nagPack: AwsSolutionsChecks, stacks: Stack[], outdir: string): string[] {
  const written: string[] = [];
  for (const stack of stacks) {
    const lines: NagReportLine[] = [];
    for (const violation of nagPack.validateScope(stack).violations) {
      for (const resource of violation.violatingResources) {
        lines.push({ ruleId: violation.ruleName, resourceId: resource.constructPath ?? resource.resourceLogicalId ?? stack.stackName, compliance: 'Non-Compliant', ruleLevel: violation.severity === 'error' ? 'Error' : 'Warning', ruleInfo: violation.description });
      }
    }
    const template = JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8')) as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const acknowledged = (resource.Metadata?.cdk_nag as { rules_to_suppress?: Array<{ id: string; reason: string }> } | undefined)?.rules_to_suppress ?? [];
      const cdkPath = resource.Metadata?.['aws:cdk:path'];
      const resourcePath = typeof cdkPath === 'string' ? cdkPath : logicalId;
      for (const rule of acknowledged.filter((item) => item.id.startsWith('AwsSolutions-'))) {
        lines.push({ ruleId: rule.id, resourceId: resourcePath, compliance: 'Suppressed', ruleLevel: 'Acknowledged', ruleInfo: rule.reason });
      }
    }
    const report: NagReportSchema = { lines };
    const base = path.join(outdir, `AwsSolutions-${stack.artifactId}-NagReport`);
    fs.writeFileSync(`${base}.${NagReportFormat.JSON}`, JSON.stringify(report, null, 2) + '\n');
    const csv = ['Rule ID,Resource ID,Compliance,Rule Level,Rule Info', ...lines.map((line) =>
      [line.ruleId, line.resourceId, line.compliance, line.ruleLevel, line.ruleInfo].map((field) => `"${field.replace(/"/g, '""')}"`).join(','))];
    fs.writeFileSync(`${base}.${NagReportFormat.CSV}`, csv.join('\n') + '\n');
    written.push(`${base}.${NagReportFormat.JSON}`, `${base}.${NagReportFormat.CSV}`);
  }
  return written;
}

if (require.main === module) {
  const { app, cloudFrontFunctionStack, lambdaEdgeStack, nagPack } = buildAwsReferenceApp();
  const assembly = app.synth();
  writeNagReports(nagPack, [cloudFrontFunctionStack, lambdaEdgeStack], assembly.directory);
}
