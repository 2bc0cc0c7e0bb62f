import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { lambdaEdgeHandlerCode } from '../../lib/cookie';
import { EdgeFunctionLogGroups, edgeFunctionLogGroupStacks, PartitionedCookieEdgeFunction } from '../../lib/aws';
import { PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION } from '../../lib/aws/partitioned-cookie-edge-function';
import { REAL_COOKIES } from '../cookie/cases';
import { loadLambdaEdgeHandler, runLambdaEdgeOnSetCookies } from '../support/edge-runtime';

describe('PartitionedCookieEdgeFunction', () => {
  describe('in a us-east-1 stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Edge', { env: { region: 'us-east-1' } });
    const construct = new PartitionedCookieEdgeFunction(stack, 'Cookies');
    const template = Template.fromStack(stack);

    function edgeFunctionProperties(): { Code: { ZipFile: string }; Runtime: string; Handler: string; MemorySize: number; Timeout: number; Environment?: unknown } {
      const found = template.findResources('AWS::Lambda::Function', { Properties: { Description: PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION } });
      expect(Object.keys(found)).toHaveLength(1);
      return Object.values(found)[0].Properties;
    }

    it('holds exactly the engine\'s handler inline (Code.ZipFile), found by its Description', () => {
      const properties = edgeFunctionProperties();
      expect(properties.Code.ZipFile).toBe(lambdaEdgeHandlerCode());
      expect(construct.code).toBe(properties.Code.ZipFile);
      expect(properties.Handler).toBe('index.handler');
    });

    it('runs on Node.js 24 (the newest runtime Lambda@Edge and aws-cdk-lib support) with 128 MB, a 5 s timeout and no environment variables (Lambda@Edge has none)', () => {
      const properties = edgeFunctionProperties();
      expect(properties.Runtime).toBe('nodejs24.x');
      expect(lambda.Runtime.NODEJS_24_X.name).toBe('nodejs24.x');
      expect(properties.MemorySize).toBe(128);
      expect(properties.Timeout).toBe(5);
      expect(properties.Environment).toBeUndefined();
    });

    it('logs to one fixed custom log group, which Lambda@Edge keeps unprefixed in every region', () => {
      const properties = edgeFunctionProperties() as unknown as { LoggingConfig?: { LogGroup?: string } };
      expect(construct.logGroupName).toMatch(/^\/gms-edge\/lambda-edge\/EdgeCookies[A-F0-9]{8}$/);
      expect(properties.LoggingConfig?.LogGroup).toBe(construct.logGroupName);
      // Nothing in this us-east-1 stack pretends to hold the replicas' logs.
      template.resourceCountIs('AWS::Logs::LogGroup', 0);
    });

    it('lets edgelambda.amazonaws.com assume its role and publishes a numbered version', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'edgelambda.amazonaws.com' } })]),
        },
      });
      template.resourceCountIs('AWS::Lambda::Version', 1);
      expect(construct.edgeLambda.eventType).toBe(cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE);
    });

    it('partitions the cookies of a real GMS handshake, also on status 403 and 500, when the template\'s code runs', async () => {
      const handler = loadLambdaEdgeHandler(edgeFunctionProperties().Code.ZipFile);
      const cases = REAL_COOKIES.filter((c) => /^(BAYEUX_BROWSER|JSESSIONID|AWSALB|AWSALBCORS)=/.test(c.input));
      for (const status of [200, 403, 500]) {
        await expect(runLambdaEdgeOnSetCookies(handler, cases.map((c) => c.input), status)).resolves.toEqual(cases.map((c) => c.expected));
      }
    });
  });

  it('creates the function in a us-east-1 support stack when the stack is in another region', () => {
    const app = new App();
    const stack = new Stack(app, 'Edge', { env: { region: 'eu-west-1', account: '123456789012' } });
    new PartitionedCookieEdgeFunction(stack, 'Cookies');
    const support = app.node.children.find((child) => child instanceof Stack && child !== stack) as Stack | undefined;
    expect(support?.region).toBe('us-east-1');
    Template.fromStack(support!).hasResourceProperties('AWS::Lambda::Function', {
      Description: PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION,
      Code: { ZipFile: lambdaEdgeHandlerCode() },
    });
  });

  it('acknowledges its cdk-nag findings on the real function in the us-east-1 support stack: AwsSolutions leaves no open finding and synth succeeds', () => {
    const app = new App();
    const stack = new Stack(app, 'Edge', { env: { region: 'eu-west-1', account: '123456789012' } });
    const construct = new PartitionedCookieEdgeFunction(stack, 'Cookies');
    // Registered as bin/aws.ts does: a policy validation plugin that fails the synthesis on open errors.
    const nagPack = new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
    Validations.of(app).addPlugins(nagPack);
    const stacks = app.node.children.filter((child): child is Stack => child instanceof Stack);
    expect(stacks.map((s) => s.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const s of stacks) {
      expect(nagPack.validateScope(s).violations).toEqual([]);
    }
    expect(() => app.synth()).not.toThrow();
    const support = stacks.find((s) => s.region === 'us-east-1')!;
    const roleId = support.getLogicalId(construct.function.lambda.role!.node.defaultChild as never);
    const acknowledged = (Template.fromStack(support).toJSON().Resources[roleId].Metadata?.cdk_nag?.rules_to_suppress ?? []) as Array<{ id: string }>;
    expect(acknowledged.map((rule) => rule.id)).toContain('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]');
  });

  describe('EdgeFunctionLogGroups', () => {
    it('creates the replicas\' log group with a retention in every listed region, before the distribution\'s stack deploys', () => {
      const app = new App();
      const stack = new Stack(app, 'Edge', { env: { region: 'us-east-1' } });
      const construct = new PartitionedCookieEdgeFunction(stack, 'Cookies');
      const stacks = edgeFunctionLogGroupStacks(app, 'EdgeLogs', {
        logGroupNames: [construct.logGroupName], regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'], retention: logs.RetentionDays.ONE_MONTH, dependents: [stack],
      });
      expect(stacks.map((s) => s.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-northeast-1']);
      for (const regional of stacks) {
        Template.fromStack(regional).hasResource('AWS::Logs::LogGroup', {
          Properties: { LogGroupName: construct.logGroupName, RetentionInDays: 30 }, DeletionPolicy: 'Retain',
        });
        expect(stack.dependencies).toContain(regional);
      }
    });
    it('refuses an empty list of regions or names', () => {
      const app = new App();
      expect(() => edgeFunctionLogGroupStacks(app, 'L', { logGroupNames: ['/x'], regions: [] })).toThrow(/regions must list distinct region names/);
      expect(() => new EdgeFunctionLogGroups(new Stack(app, 'S'), 'G', { logGroupNames: [] })).toThrow(/S\/G: logGroupNames must list at least one/);
    });
  });

  it('fails in an environment-agnostic stack with a message asking for an explicit region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => new PartitionedCookieEdgeFunction(stack, 'Cookies')).toThrow(/Agnostic\/Cookies: env\.region of the stack must be set for Lambda@Edge.*env: \{ region: 'us-east-1' \}/);
  });

  describe('rejects', () => {
    const make = (props: ConstructorParameters<typeof PartitionedCookieEdgeFunction>[2]) =>
      () => new PartitionedCookieEdgeFunction(new Stack(new App(), 'S', { env: { region: 'us-east-1' } }), 'Cookies', props);

    it('a runtime Lambda@Edge cannot run the handler on', () => {
      expect(make({ runtime: lambda.Runtime.PYTHON_3_12 })).toThrow(/S\/Cookies: runtime must be one of nodejs24\.x, nodejs22\.x .*got python3\.12$/);
    });
    it('a deprecated Node.js runtime, naming its deprecation date', () => {
      expect(make({ runtime: lambda.Runtime.NODEJS_20_X })).toThrow(/runtime must be one of nodejs24\.x, nodejs22\.x .*got nodejs20\.x, deprecated by Lambda on 2026-04-30/);
    });
    it('accepts nodejs22.x', () => {
      expect(make({ runtime: lambda.Runtime.NODEJS_22_X })).not.toThrow();
    });
    it('a log group under /aws/lambda/ (Lambda@Edge would prefix it per region)', () => {
      expect(make({ logGroupName: '/aws/lambda/gms' })).toThrow(/logGroupName must be .*not under \/aws\/lambda\/.*got "\/aws\/lambda\/gms"/);
    });
    it('a timeout above the 30 s origin-response limit', () => {
      expect(make({ timeout: Duration.seconds(31) })).toThrow(/timeout must be between 1 and 30 seconds; got 31 s/);
    });
    it('a memory size outside 128–10240 MB', () => {
      expect(make({ memorySize: 64 })).toThrow(/memorySize must be an integer between 128 and 10240; got 64/);
    });
    it('an invalid cookie policy', () => {
      expect(make({ cookiePolicy: { cookieNames: [] } })).toThrow(/cookiePolicy is invalid/);
    });
  });
});
