/**
 * The reference app (bin/aws.ts) as `npm run synth:aws` builds it: cdk-nag clean, the edge code
 * in the templates byte-identical to the engine's and correct when run, and snapshots for review.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_REFERENCE_CONFIG, EXAMPLE_SETTINGS_CERTIFICATE_PARAMETER, REFERENCE_CONTEXT_KINDS, buildAwsReferenceApp, referenceConfig, writeNagReports } from '../../bin/aws';
import { PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION } from '../../lib/aws/partitioned-cookie-edge-function';
import { cloudFrontFunctionCode, lambdaEdgeHandlerCode } from '../../lib/cookie';
import { REAL_COOKIES } from '../cookie/cases';
import { loadCloudFrontFunction, loadLambdaEdgeHandler, runCloudFrontFunctionOnSetCookies, runLambdaEdgeOnSetCookies } from '../support/edge-runtime';

const HANDSHAKE = REAL_COOKIES.filter((c) => /^(BAYEUX_BROWSER|JSESSIONID|AWSALB|AWSALBCORS)=/.test(c.input));

/** Replaces what varies between machines and aws-cdk-lib releases: asset hashes. */
function normalized(template: Template): unknown {
  return JSON.parse(JSON.stringify(template.toJSON()).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset-hash>$1'));
}

describe('the AWS reference app', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-edge-aws-'));
  const built = buildAwsReferenceApp(new App({ outdir }));
  const assembly = built.app.synth();
  const cloudFrontFunctionTemplate = Template.fromJSON(assembly.getStackByName('GmsEdge').template);
  const lambdaEdgeTemplate = Template.fromJSON(assembly.getStackByName('GmsEdgeLambdaEdge').template);

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('has an environment-agnostic GmsEdge stack and a us-east-1 GmsEdgeLambdaEdge stack', () => {
    expect(assembly.getStackByName('GmsEdge').environment.region).toBe('unknown-region');
    expect(assembly.getStackByName('GmsEdgeLambdaEdge').environment.region).toBe('us-east-1');
  });

  it('passes cdk-nag AwsSolutions with no open finding, every acknowledgement carrying a reason', () => {
    for (const stack of [built.cloudFrontFunctionStack, built.lambdaEdgeStack]) {
      expect(built.nagPack.validateScope(stack).violations).toEqual([]);
    }
    const [jsonReport] = writeNagReports(built.nagPack, [built.cloudFrontFunctionStack], assembly.directory);
    const report = JSON.parse(fs.readFileSync(jsonReport, 'utf8')) as { lines: Array<{ ruleId: string; compliance: string; ruleInfo: string }> };
    expect(report.lines.length).toBeGreaterThan(0);
    for (const line of report.lines) {
      expect(line.compliance).toBe('Suppressed');
      expect(line.ruleInfo.length).toBeGreaterThan(40);
    }
    expect(report.lines.map((line) => line.ruleId).sort()).toEqual([
      'AwsSolutions-AS3', 'AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-S1', 'AwsSolutions-S1', 'AwsSolutions-SMG4',
    ]);
  });

  it('holds the engine\'s CloudFront Function byte for byte, and it partitions a real GMS handshake\'s cookies', () => {
    const functions = Object.values(cloudFrontFunctionTemplate.findResources('AWS::CloudFront::Function'));
    expect(functions).toHaveLength(1);
    const { FunctionCode, FunctionConfig } = functions[0].Properties as { FunctionCode: string; FunctionConfig: { Runtime: string } };
    expect(FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(FunctionCode).toBe(cloudFrontFunctionCode());
    expect(runCloudFrontFunctionOnSetCookies(loadCloudFrontFunction(FunctionCode), HANDSHAKE.map((c) => c.input))).toEqual(HANDSHAKE.map((c) => c.expected));
  });

  it('holds the engine\'s Lambda@Edge handler inline, found by its Description, and it partitions cookies on every status', async () => {
    const found = Object.values(lambdaEdgeTemplate.findResources('AWS::Lambda::Function', { Properties: { Description: PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION } }));
    expect(found).toHaveLength(1);
    const code = (found[0].Properties as { Code: { ZipFile: string } }).Code.ZipFile;
    expect(code).toBe(lambdaEdgeHandlerCode());
    const handler = loadLambdaEdgeHandler(code);
    await expect(runLambdaEdgeOnSetCookies(handler, HANDSHAKE.map((c) => c.input), 502)).resolves.toEqual(HANDSHAKE.map((c) => c.expected));
  });

  it('has the two node groups: the Auto Scaling group by default, the IP targets on their paths', () => {
    cloudFrontFunctionTemplate.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'instance', Port: 8080 });
    cloudFrontFunctionTemplate.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip', Targets: DEFAULT_REFERENCE_CONFIG.ipNodeAddresses.map((Id) => ({ Id, Port: 8080, AvailabilityZone: 'all' })),
    });
    cloudFrontFunctionTemplate.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [Match.objectLike({ Field: 'http-header' }), { Field: 'path-pattern', PathPatternConfig: { Values: DEFAULT_REFERENCE_CONFIG.ipNodePathPatterns } }],
    });
  });

  it('outputs the distribution domain name and the load balancer DNS name', () => {
    const outputs = Object.keys(cloudFrontFunctionTemplate.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining([expect.stringMatching(/DistributionDomainName/), expect.stringMatching(/LoadBalancerDnsName/)]));
  });

  it('cannot be deployed with its example settings: the origin certificate is a parameter without a default, and no certificate waits for DNS validation', () => {
    for (const template of [cloudFrontFunctionTemplate, lambdaEdgeTemplate]) {
      template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
      const parameter = template.toJSON().Parameters[EXAMPLE_SETTINGS_CERTIFICATE_PARAMETER] as { Type: string; Default?: string; AllowedPattern: string };
      expect(parameter).toEqual(expect.objectContaining({ Type: 'String' }));
      // No default: the CDK CLI stops with "The following CloudFormation Parameters are missing a value" before calling CloudFormation.
      expect(parameter.Default).toBeUndefined();
      expect(new RegExp(parameter.AllowedPattern).test('arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555')).toBe(true);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Certificates: [{ CertificateArn: { Ref: EXAMPLE_SETTINGS_CERTIFICATE_PARAMETER } }] });
    }
  });

  it('acknowledges the default-certificate TLS warning with a reason (it answers on *.cloudfront.net)', () => {
    const warnings = assembly.getStackByName('GmsEdge').messages.filter((message) => String(message.entry.data as string).includes('defaultCertificateAllowsTls1'));
    expect(warnings).toEqual([]);
  });

  it('matches the reviewed snapshot of both stacks', () => {
    expect(normalized(cloudFrontFunctionTemplate)).toMatchSnapshot('GmsEdge');
    expect(normalized(lambdaEdgeTemplate)).toMatchSnapshot('GmsEdgeLambdaEdge');
  });
});

describe('the reference app\'s cdk.json context', () => {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const gmsContext = Object.fromEntries(Object.entries(cdkJson.context).filter(([key]) => key.startsWith('gms:')));

  it('lists every gms:* key, with exactly the defaults of bin/aws.ts (optional keys as "", unset)', () => {
    expect(Object.keys(gmsContext).sort()).toEqual(Object.keys(REFERENCE_CONTEXT_KINDS).map((key) => `gms:${key}`).sort());
    for (const [key, value] of Object.entries(gmsContext)) {
      const name = key.slice('gms:'.length) as keyof typeof DEFAULT_REFERENCE_CONFIG;
      expect([key, value]).toEqual([key, DEFAULT_REFERENCE_CONFIG[name] ?? '']);
    }
    expect(referenceConfig(new App({ context: cdkJson.context }))).toEqual(DEFAULT_REFERENCE_CONFIG);
  });

  it('reads gms:* keys over the documented defaults, from JSON or from -c strings', () => {
    const app = new App({ context: {
      'gms:originDomainName': 'origin.gms.example.org',
      'gms:domainNames': 'gms.example.org,chat.example.org',
      'gms:ipNodeAddresses': '["10.1.0.5"]',
      'gms:originReadTimeoutSeconds': '90',
      'gms:nodeMaxCapacity': 6,
    } });
    expect(referenceConfig(app)).toEqual({
      ...DEFAULT_REFERENCE_CONFIG,
      originDomainName: 'origin.gms.example.org',
      domainNames: ['gms.example.org', 'chat.example.org'],
      ipNodeAddresses: ['10.1.0.5'],
      originReadTimeoutSeconds: 90,
      nodeMaxCapacity: 6,
    });
  });

  it('with a real origin name and no certificate or zone, validates a new certificate by DNS records added by hand, and asks for no parameter', () => {
    const app = new App({ context: { 'gms:originDomainName': 'origin.gms.example.org' } });
    const { cloudFrontFunctionStack } = buildAwsReferenceApp(app);
    const template = Template.fromStack(cloudFrontFunctionStack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'origin.gms.example.org', ValidationMethod: 'DNS' });
    expect(template.toJSON().Parameters?.[EXAMPLE_SETTINGS_CERTIFICATE_PARAMETER]).toBeUndefined();
  });

  it('rejects a number key that is not a number', () => {
    expect(() => referenceConfig(new App({ context: { 'gms:maxAzs': 'two' } }))).toThrow(/context gms:maxAzs must be a number; got "two"/);
  });
});
