import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { GMS_ALARM_DEFAULTS, GMS_ALARMS } from '../../lib/gms';
import { GMS_EDGE_ALARMS, GMS_EDGE_AWS_ALARM_DEFAULTS, GmsEdge, GmsEdgeMonitoring, GmsEdgeProps, GmsLoadBalancer, GmsNodeTargets } from '../../lib/aws';
import { Fixture, ORIGIN_DOMAIN, PREFIX_LIST_ID, fixture, twoNodeGroups, warningsMatching } from './support';

type Props = Record<string, unknown>;
type Resource = { Properties: Props; Condition?: string };

function edge(f: Fixture, props: Partial<GmsEdgeProps> = {}) {
  const construct = new GmsEdge(f.stack, 'Edge', {
    vpc: f.vpc,
    nodeGroups: twoNodeGroups(f),
    originDomainName: ORIGIN_DOMAIN,
    originCertificate: f.originCertificate,
    loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID },
    ...props,
  });
  return { construct, template: Template.fromStack(f.stack) };
}

/** The alarms of a template, by the catalogue id at the end of their description (and node group). */
function alarmsOf(template: Template): Map<string, Resource> {
  const found = new Map<string, Resource>();
  for (const resource of Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]) {
    const description = resource.Properties.AlarmDescription as string;
    const id = /\[gms-edge-constructs:(\w+)\]$/.exec(description)![1];
    const group = /^Node group ([\w-]+):/.exec(description)?.[1];
    found.set(group === undefined ? id : `${id}/${group}`, resource);
  }
  return found;
}

const loadBalancerDimension = { Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeLoadBalancer[0-9A-F]{8}$'), 'LoadBalancerFullName'] } };
const targetGroupDimension = (group: string) => ({ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^EdgeLoadBalancerNodeGroup${group}TargetGroup`), 'TargetGroupFullName'] } });

/** The dashboard body as JSON, each CloudFormation reference in it replaced by "<ref>". */
function dashboardBody(template: Template): { widgets: Array<{ properties: { title?: string; metrics?: unknown[][]; alarms?: unknown[] } }> } {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as Resource[];
  const body = dashboard.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  return JSON.parse(text) as ReturnType<typeof dashboardBody>;
}

describe('GmsEdgeMonitoring', () => {
  describe('created by GmsEdge by default, in an environment-agnostic stack', () => {
    const f = fixture();
    const { construct, template } = edge(f);
    const alarms = alarmsOf(template);

    it('creates the catalogue\'s alarms: per node group, per load balancer, CloudFront and the cookie function', () => {
      expect([...alarms.keys()].sort()).toEqual([
        'backend5xxRate/aws', 'backend5xxRate/onprem', 'balancer5xx', 'cookieFunctionComputeUtilization', 'cookieFunctionExecutionErrors',
        'cookieFunctionThrottles', 'cookieFunctionValidationErrors', 'noHealthyHost/aws', 'noHealthyHost/onprem', 'rejectedConnections',
        'restLatency/onprem', 'unhealthyHosts/aws', 'unhealthyHosts/onprem', 'viewer5xxRate',
      ]);
      expect(construct.monitoring?.alarms).toHaveLength(14);
    });

    it('alarms when a group has an unhealthy node for 5 minutes: UnHealthyHostCount, Maximum per minute, > 0, both dimensions', () => {
      expect(alarms.get('unhealthyHosts/aws')!.Properties).toEqual(expect.objectContaining({
        Namespace: 'AWS/ApplicationELB', MetricName: 'UnHealthyHostCount', Dimensions: [loadBalancerDimension, targetGroupDimension('aws')].map((d) => expect.objectContaining({ Name: d.Name })),
        Statistic: 'Maximum', Period: 60, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: GMS_ALARM_DEFAULTS.unhealthyHostMinutes,
        TreatMissingData: 'notBreaching',
      }));
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount', Dimensions: [loadBalancerDimension, targetGroupDimension('aws')] });
    });

    it('alarms when a group has no healthy node for 2 minutes, and treats a missing HealthyHostCount as breaching (it is reported whenever health checks run)', () => {
      expect(alarms.get('noHealthyHost/onprem')!.Properties).toEqual(expect.objectContaining({
        Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', Statistic: 'Maximum', Period: 60,
        Threshold: 1, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 2, TreatMissingData: 'breaching',
      }));
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HealthyHostCount', Dimensions: [loadBalancerDimension, targetGroupDimension('onprem')] });
    });

    it('alarms on the share of node 5xx per group (HTTPCode_Target_5XX_Count / RequestCount), not below 20 requests in 5 minutes', () => {
      const { Properties } = alarms.get('backend5xxRate/aws')!;
      expect(Properties).toEqual(expect.objectContaining({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 2, TreatMissingData: 'notBreaching' }));
      const queries = Properties.Metrics as Array<{ Id: string; Expression?: string; MetricStat?: { Metric: Props; Period: number; Stat: string } }>;
      expect(queries.find((q) => q.Expression !== undefined)!.Expression).toBe('IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)');
      const stat = (id: string) => queries.find((q) => q.Id === id)!.MetricStat!;
      expect(stat('requests')).toMatchObject({ Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }, Period: 300, Stat: 'Sum' });
      expect(stat('errors')).toMatchObject({ Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' }, Period: 300, Stat: 'Sum' });
      expect((stat('errors').Metric.Dimensions as Array<{ Name: string }>).map((d) => d.Name)).toEqual(['LoadBalancer', 'TargetGroup']);
    });

    it('watches REST latency (TargetResponseTime p90 > 2 s for 15 minutes) only on the group that serves no CometD path', () => {
      expect(alarms.get('restLatency/onprem')!.Properties).toEqual(expect.objectContaining({
        Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', ExtendedStatistic: 'p90', Period: 300,
        Threshold: 2, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, TreatMissingData: 'notBreaching',
      }));
      expect(alarms.get('restLatency/onprem')!.Properties.Statistic).toBeUndefined();
      // The default group gets /genesys/cometd, where /meta/connect is held up to the long-poll hold.
      expect(alarms.has('restLatency/aws')).toBe(false);
    });

    it('alarms on the load balancer\'s own 5xx (> 10 in 5 minutes) and on any refused connection', () => {
      expect(alarms.get('balancer5xx')!.Properties).toEqual(expect.objectContaining({
        Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_ELB_5XX_Count', Dimensions: [expect.objectContaining({ Name: 'LoadBalancer' })],
        Statistic: 'Sum', Period: 300, Threshold: 10, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching',
      }));
      expect(alarms.get('rejectedConnections')!.Properties).toEqual(expect.objectContaining({
        Namespace: 'AWS/ApplicationELB', MetricName: 'RejectedConnectionCount', Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold',
      }));
    });

    it('alarms on CloudFront\'s 5xxErrorRate (Average per minute > 5 % for 5 minutes) with DistributionId and Region=Global', () => {
      expect(alarms.get('viewer5xxRate')!.Properties).toEqual(expect.objectContaining({
        Namespace: 'AWS/CloudFront', MetricName: '5xxErrorRate',
        Dimensions: [{ Name: 'DistributionId', Value: { Ref: Match.stringLikeRegexp('^EdgeDistribution') } }, { Name: 'Region', Value: 'Global' }].map((d) => expect.objectContaining({ Name: d.Name, Value: d.Name === 'Region' ? 'Global' : expect.anything() })),
        Statistic: 'Average', Period: 60, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 5, TreatMissingData: 'notBreaching',
      }));
    });

    it.each([
      ['cookieFunctionExecutionErrors', 'FunctionExecutionErrors', 'Sum', 0, 1],
      ['cookieFunctionValidationErrors', 'FunctionValidationErrors', 'Sum', 0, 1],
      ['cookieFunctionThrottles', 'FunctionThrottles', 'Sum', 0, 1],
      ['cookieFunctionComputeUtilization', 'FunctionComputeUtilization', 'Average', 70, 3],
    ])('alarms on %s: %s (%s) of the deployed function, FunctionName and Region=Global', (id, metricName, statistic, threshold, periods) => {
      const functionName = construct.partitionedCookieFunction!.function.functionName;
      expect(alarms.get(id)!.Properties).toEqual(expect.objectContaining({
        Namespace: 'AWS/CloudFront', MetricName: metricName, Statistic: statistic, Period: 300,
        Dimensions: [{ Name: 'FunctionName', Value: f.stack.resolve(functionName) }, { Name: 'Region', Value: 'Global' }],
        Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: periods, TreatMissingData: 'notBreaching',
      }));
      template.hasResourceProperties('AWS::CloudFront::Function', { Name: f.stack.resolve(functionName) });
    });

    it('creates the CloudFront alarms only when the stack is deployed to us-east-1 (a condition), and says so', () => {
      for (const id of ['viewer5xxRate', 'cookieFunctionExecutionErrors', 'cookieFunctionComputeUtilization']) {
        expect(alarms.get(id)!.Condition).toBe(f.stack.resolve(construct.monitoring!.cloudFrontAlarmsCondition!.logicalId));
      }
      expect(alarms.get('balancer5xx')!.Condition).toBeUndefined();
      expect(Object.values(template.toJSON().Conditions)).toContainEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
      expect(warningsMatching(f.stack, 'exist only when the stack is deployed to us-east-1')).toHaveLength(1);
      Annotations.fromStack(f.stack).hasWarning('/Test/Edge/Monitoring', Match.stringLikeRegexp('cloudFrontAlarmsOnlyInUsEast1'));
    });

    it('notifies one new topic when an alarm fires and when it recovers', () => {
      const topic = f.stack.resolve((construct.monitoring!.alarmTopic as sns.Topic).topicArn);
      for (const { Properties } of alarms.values()) {
        expect(Properties.AlarmActions).toEqual([topic]);
        expect(Properties.OKActions).toEqual([topic]);
      }
      template.resourceCountIs('AWS::SNS::Topic', 1);
    });

    it('encrypts the topic with a rotated key that CloudWatch may use for this account, and refuses plain HTTP to it', () => {
      const key = f.stack.resolve(construct.monitoring!.alarmTopicKey!.keyArn);
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: key });
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        })]) },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]) } });
    });

    it('builds a dashboard: the alarms, requests, errors, nodes, REST latency and the cookie function, CloudFront\'s from us-east-1', () => {
      const body = dashboardBody(template);
      const titles = body.widgets.map((w) => w.properties.title);
      expect(titles).toEqual(['GMS edge alarms', 'Requests', 'Errors', 'Nodes: healthy and unhealthy', 'REST response time p90 (groups without CometD), seconds',
        'Cookie function (CloudFront Function)', 'Cookie function compute utilization (%)']);
      const metricsOf = (title: string) => body.widgets.find((w) => w.properties.title === title)!.properties.metrics!;
      expect(metricsOf('Requests')).toEqual(expect.arrayContaining([
        ['AWS/CloudFront', 'Requests', 'DistributionId', '<ref>', 'Region', 'Global', expect.objectContaining({ region: 'us-east-1', stat: 'Sum' })],
        ['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', '<ref>', expect.objectContaining({ stat: 'Sum' })],
      ]));
      expect(metricsOf('Errors')).toContainEqual(['AWS/CloudFront', '5xxErrorRate', 'DistributionId', '<ref>', 'Region', 'Global', expect.objectContaining({ region: 'us-east-1', yAxis: 'right' })]);
      expect(metricsOf('Errors')).toContainEqual(['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', '<ref>', expect.objectContaining({ stat: 'Sum' })]);
      expect(metricsOf('Nodes: healthy and unhealthy')).toHaveLength(4);
      expect(metricsOf('REST response time p90 (groups without CometD), seconds')).toEqual([
        ['AWS/ApplicationELB', 'TargetResponseTime', 'LoadBalancer', '<ref>', 'TargetGroup', '<ref>', expect.objectContaining({ stat: 'p90', label: 'onprem' })],
      ]);
      expect(metricsOf('Cookie function compute utilization (%)')).toEqual([
        // The name is the region (a reference here) and the construct path; Average is a graph's default stat.
        ['AWS/CloudFront', 'FunctionComputeUtilization', 'FunctionName', expect.stringMatching(/^<ref>TestEdgePartitionedCookieFunction/), 'Region', 'Global', { label: 'FunctionComputeUtilization', region: 'us-east-1' }],
      ]);
      // A conditional (CloudFront) alarm cannot be referenced by the dashboard: the status widget lists the 9 others.
      expect(body.widgets[0].properties.alarms).toHaveLength(9);
    });
  });

  it('creates no alarm, topic or dashboard with monitoring: false', () => {
    const { construct, template } = edge(fixture(), { monitoring: false });
    expect(construct.monitoring).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('takes thresholds from the monitoring prop', () => {
    const { template } = edge(fixture(), { monitoring: { thresholds: {
      unhealthyHostMinutes: 10, balancer5xxPerFiveMinutes: 50, backend5xxRatePercent: 2, backend5xxMinimumRequests: 100,
      restLatencySeconds: 0.5, viewer5xxRatePercent: 1, edgeCodeErrorsPerFiveMinutes: 3, functionComputeUtilizationPercent: 90,
    } } });
    const alarms = alarmsOf(template);
    expect(alarms.get('unhealthyHosts/aws')!.Properties.EvaluationPeriods).toBe(10);
    expect(alarms.get('balancer5xx')!.Properties.Threshold).toBe(50);
    expect(alarms.get('backend5xxRate/aws')!.Properties.Threshold).toBe(2);
    expect((alarms.get('backend5xxRate/aws')!.Properties.Metrics as Array<{ Expression?: string }>)[0].Expression).toBe('IF(requests >= 100, 100 * FILL(errors, 0) / requests, 0)');
    expect(alarms.get('restLatency/onprem')!.Properties.Threshold).toBe(0.5);
    expect(alarms.get('viewer5xxRate')!.Properties.Threshold).toBe(1);
    expect(alarms.get('cookieFunctionThrottles')!.Properties.Threshold).toBe(3);
    expect(alarms.get('cookieFunctionComputeUtilization')!.Properties.Threshold).toBe(90);
  });

  it.each([
    [{ unhealthyHostMinutes: 0 }, /Test\/Edge\/Monitoring: thresholds\.unhealthyHostMinutes must be an integer between 1 and 60; got 0/],
    [{ backend5xxRatePercent: 120 }, /thresholds\.backend5xxRatePercent must be a number between 0 and 100; got 120/],
    [{ restLatencySeconds: Number.NaN }, /thresholds\.restLatencySeconds must be a number between 0\.1 and 60; got null/],
    [{ functionComputeUtilizationPercent: 0 }, /thresholds\.functionComputeUtilizationPercent must be a number between 1 and 100; got 0/],
    [{ edgeCodeErrorsPerFiveMinutes: 1.5 }, /thresholds\.edgeCodeErrorsPerFiveMinutes must be an integer between 0 and 1000000; got 1\.5/],
  ])('rejects thresholds out of range: %j', (thresholds, message) => {
    expect(() => edge(fixture(), { monitoring: { thresholds } })).toThrow(message);
  });

  it('notifies a given topic and creates none', () => {
    const f = fixture();
    const topic = new sns.Topic(f.stack, 'OnCall');
    const { template } = edge(f, { monitoring: { alarmTopic: topic } });
    const topicRef = f.stack.resolve(topic.topicArn);
    for (const { Properties } of alarmsOf(template).values()) {
      expect(Properties.AlarmActions).toEqual([topicRef]);
    }
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  describe('where the CloudFront alarms go', () => {
    it('in a us-east-1 stack: created unconditionally, without the warning', () => {
      const f = fixture({ env: { region: 'us-east-1' } });
      const { construct, template } = edge(f);
      const alarms = alarmsOf(template);
      expect(alarms.get('viewer5xxRate')!.Condition).toBeUndefined();
      expect(construct.monitoring!.cloudFrontAlarmsCondition).toBeUndefined();
      expect(template.toJSON().Conditions).toBeUndefined();
      expect(warningsMatching(f.stack, 'cloudFrontAlarms')).toEqual([]);
      expect(dashboardBody(template).widgets[0].properties.alarms).toHaveLength(14);
    });

    it('in another region: not created, with a warning naming the answer, a GmsEdgeMonitoring in a us-east-1 stack', () => {
      const f = fixture({ env: { region: 'eu-west-1' } });
      const { template } = edge(f);
      const ids = [...alarmsOf(template).keys()];
      expect(ids.filter((id) => /viewer|cookieFunction/.test(id))).toEqual([]);
      expect(ids).toContain('balancer5xx');
      const [warning] = warningsMatching(f.stack, 'cloudFrontAlarmsNeedUsEast1Stack');
      expect(warning).toMatch(/edge is watched from eu-west-1, but CloudFront publishes its metrics in us-east-1 only .* Add a GmsEdgeMonitoring with this edge to a us-east-1 stack \(crossRegionReferences: true\)/);
    });

    it('and that us-east-1 GmsEdgeMonitoring creates the CloudFront alarms only, with its own topic and no dashboard', () => {
      const f = fixture({ env: { region: 'eu-west-1', account: '123456789012' } });
      const construct = new GmsEdge(f.stack, 'Edge', { vpc: f.vpc, nodeGroups: twoNodeGroups(f), originDomainName: ORIGIN_DOMAIN,
        originCertificate: f.originCertificate, loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID } });
      const usEast1 = new Stack(f.app, 'CloudFrontAlarms', { env: { region: 'us-east-1', account: '123456789012' }, crossRegionReferences: true });
      const cloudFront = new GmsEdgeMonitoring(usEast1, 'Monitoring', { edge: construct });
      const template = Template.fromStack(usEast1);
      expect([...alarmsOf(template).keys()].sort()).toEqual(['cookieFunctionComputeUtilization', 'cookieFunctionExecutionErrors',
        'cookieFunctionThrottles', 'cookieFunctionValidationErrors', 'viewer5xxRate']);
      expect(cloudFront.dashboard).toBeUndefined();
      template.resourceCountIs('AWS::SNS::Topic', 1);
      // The function's name is a literal (region + path); the distribution id crosses regions by reference.
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FunctionExecutionErrors', Dimensions: [{ Name: 'FunctionName', Value: Match.stringLikeRegexp('^eu-west-1') }, { Name: 'Region', Value: 'Global' }] });
    });
  });

  describe('with Lambda@Edge', () => {
    it('in a us-east-1 stack: Errors and Throttles of the replicas there (AWS/Lambda, FunctionName us-east-1.<name>), graphed per region', () => {
      const f = fixture({ env: { region: 'us-east-1' } });
      const { construct, template } = edge(f, { edgeRuntime: 'lambda-edge', monitoring: { lambdaEdgeRegions: ['eu-west-1', 'us-east-1'] } });
      const alarms = alarmsOf(template);
      const name = f.stack.resolve(construct.partitionedCookieEdgeFunction!.function.lambda.functionName);
      for (const [id, metricName] of [['lambdaEdgeErrors', 'Errors'], ['lambdaEdgeThrottles', 'Throttles']]) {
        expect(alarms.get(id)!.Properties).toEqual(expect.objectContaining({
          Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: [{ Name: 'FunctionName', Value: { 'Fn::Join': ['', ['us-east-1.', name]] } }],
          Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching',
        }));
      }
      expect([...alarms.keys()].filter((id) => id.startsWith('cookieFunction'))).toEqual([]);
      const graph = dashboardBody(template).widgets.find((w) => w.properties.title === 'Cookie function (Lambda@Edge replicas)')!;
      expect(graph.properties.metrics).toHaveLength(6);
      expect(graph.properties.metrics).toContainEqual(['AWS/Lambda', 'Errors', 'FunctionName', expect.stringMatching(/^us-east-1\./), expect.objectContaining({ region: 'eu-west-1' })]);
    });

    it('from a us-east-1 stack of the same account watching an edge elsewhere: alarms on the us-east-1 replicas, the name imported from CDK\'s support stack', () => {
      const f = fixture({ env: { region: 'eu-west-1', account: '123456789012' } });
      const construct = new GmsEdge(f.stack, 'Edge', { vpc: f.vpc, nodeGroups: twoNodeGroups(f), originDomainName: ORIGIN_DOMAIN, edgeRuntime: 'lambda-edge',
        originCertificate: f.originCertificate, loadBalancerProps: { cloudFrontPrefixListId: PREFIX_LIST_ID } });
      const usEast1 = new Stack(f.app, 'CloudFrontAlarms', { env: { region: 'us-east-1', account: '123456789012' }, crossRegionReferences: true });
      new GmsEdgeMonitoring(usEast1, 'Monitoring', { edge: construct });
      const alarms = alarmsOf(Template.fromStack(usEast1));
      expect([...alarms.keys()].sort()).toEqual(['lambdaEdgeErrors', 'lambdaEdgeThrottles', 'viewer5xxRate']);
      expect(alarms.get('lambdaEdgeErrors')!.Properties.Dimensions).toEqual([{ Name: 'FunctionName', Value: { 'Fn::Join': ['', ['us-east-1.', { 'Fn::ImportValue': expect.any(String) }]] } }]);
      expect(warningsMatching(f.stack, 'lambdaEdgeAlarmsNeedFunctionName')).toHaveLength(1);
    });

    it('outside us-east-1, where the function\'s generated name is in CDK\'s support stack: no Lambda@Edge alarm, and a warning', () => {
      const f = fixture({ env: { region: 'eu-west-1' } });
      const { template } = edge(f, { edgeRuntime: 'lambda-edge' });
      expect([...alarmsOf(template).keys()].filter((id) => id.startsWith('lambdaEdge'))).toEqual([]);
      expect(warningsMatching(f.stack, 'lambdaEdgeAlarmsNeedFunctionName')).toHaveLength(1);
    });
  });

  it('watches a GmsLoadBalancer used alone: node groups and load balancer, no CloudFront', () => {
    const f = fixture();
    const alb = new GmsLoadBalancer(f.stack, 'Alb', { vpc: f.vpc, certificate: f.originCertificate, cloudFrontPrefixListId: PREFIX_LIST_ID,
      nodeGroups: [{ name: 'rest', targets: GmsNodeTargets.fromAutoScalingGroup(f.autoScalingGroup), isDefault: true, pathPatterns: ['/genesys/2/chat/*'] }] });
    const monitoring = new GmsEdgeMonitoring(f.stack, 'Monitoring', { loadBalancer: alb });
    // A default group receives CometD too (every exposed path), so no latency alarm even with REST patterns.
    expect(monitoring.alarms.map((a) => a.id).sort()).toEqual(['backend5xxRate', 'balancer5xx', 'noHealthyHost', 'rejectedConnections', 'unhealthyHosts']);
    expect(warningsMatching(f.stack, 'cloudFrontAlarms')).toEqual([]);
  });

  it.each([
    ['neither edge nor loadBalancer', () => ({}), /Test\/Monitoring: edge or loadBalancer is required/],
    ['both', (e: GmsEdge) => ({ edge: e, loadBalancer: e.loadBalancer }), /Test\/Monitoring: loadBalancer conflicts with edge/],
    ['a bad region', (e: GmsEdge) => ({ edge: e, lambdaEdgeRegions: ['Europe'] }), /lambdaEdgeRegions must list distinct region names such as eu-west-1; got \["Europe"\]/],
  ])('rejects %s', (_, props, message) => {
    const f = fixture();
    const { construct } = edge(f, { monitoring: false });
    expect(() => new GmsEdgeMonitoring(f.stack, 'Monitoring', props(construct))).toThrow(message);
  });

  it('describes every alarm with the catalogue\'s signal and what to do, the cloud-neutral ones from lib/gms', () => {
    for (const id of Object.keys(GMS_ALARMS)) {
      expect(GMS_EDGE_ALARMS[id as keyof typeof GMS_ALARMS]).toBe(GMS_ALARMS[id as keyof typeof GMS_ALARMS]);
    }
    expect(GMS_EDGE_AWS_ALARM_DEFAULTS).toEqual({ viewer5xxRatePercent: 5, edgeCodeErrorsPerFiveMinutes: 0, functionComputeUtilizationPercent: 70 });
    const { template } = edge(fixture());
    const description = alarmsOf(template).get('noHealthyHost/aws')!.Properties.AlarmDescription;
    expect(description).toBe(`Node group aws: ${GMS_ALARMS.noHealthyHost.signal}. ${GMS_ALARMS.noHealthyHost.whenItFires} [gms-edge-constructs:noHealthyHost]`);
    // CloudWatch takes at most 1024 characters of AlarmDescription
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html).
    for (const [id, entry] of Object.entries(GMS_EDGE_ALARMS)) {
      const longest = `Node group ${'x'.repeat(32)}: ${entry.signal}. ${entry.whenItFires} [gms-edge-constructs:${id}]`;
      expect({ id, fits: longest.length <= 1024 }).toEqual({ id, fits: true });
    }
  });

  it('is documented: the README\'s AWS alarm table names every alarm id and states its default threshold', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Alarms and dashboard'), readme.indexOf('### More'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    for (const id of Object.keys(GMS_EDGE_ALARMS)) {
      expect({ id, documented: rows.some((row) => row.split(' | ')[0].includes(`\`${id}\``)) }).toEqual({ id, documented: true });
    }
    const row = (id: string) => rows.find((line) => line.startsWith(`| \`${id}\``))!;
    expect(row('unhealthyHosts')).toContain(`for ${GMS_ALARM_DEFAULTS.unhealthyHostMinutes} minutes`);
    expect(row('backend5xxRate')).toContain(`above ${GMS_ALARM_DEFAULTS.backend5xxRatePercent} %`);
    expect(row('backend5xxRate')).toContain(`below ${GMS_ALARM_DEFAULTS.backend5xxMinimumRequests} requests`);
    expect(row('restLatency')).toContain(`above ${GMS_ALARM_DEFAULTS.restLatencySeconds} s`);
    expect(row('balancer5xx')).toContain(`above ${GMS_ALARM_DEFAULTS.balancer5xxPerFiveMinutes} in 5 minutes`);
    expect(row('viewer5xxRate')).toContain(`above ${GMS_EDGE_AWS_ALARM_DEFAULTS.viewer5xxRatePercent} %`);
    expect(row('cookieFunctionComputeUtilization')).toContain(`above ${GMS_EDGE_AWS_ALARM_DEFAULTS.functionComputeUtilizationPercent} for 15 minutes`);
  });
});
