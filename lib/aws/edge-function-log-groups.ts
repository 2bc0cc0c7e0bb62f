import { App, RemovalPolicy, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fail } from './private/validation';

/** Properties of {@link EdgeFunctionLogGroups}. */
export interface EdgeFunctionLogGroupsProps {
  /**
   * The log group names of the Lambda@Edge functions (`PartitionedCookieEdgeFunction.logGroupName`),
   * created in this stack's region.
   */
  readonly logGroupNames: string[];

  /**
   * How long the replicas' log events are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly retention?: logs.RetentionDays;

  /**
   * What happens to the groups when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The log groups Lambda@Edge replicas write to in one region, created ahead with a retention.
 *
 * Lambda@Edge writes its logs in the region where each replica runs (CloudFront Developer Guide,
 * "Edge function logs"), and creates the group there on first use, without retention. Nothing in
 * the function's own us-east-1 stack can reach the other regions, and a custom resource could only
 * create groups in regions listed at deployment. So the groups are made here, in a small stack per
 * region (see {@link edgeFunctionLogGroupStacks}) or from one environment-agnostic stack deployed to
 * every region with CloudFormation StackSets. Deploy it before the distribution serves traffic
 * there: CloudFormation cannot create a group Lambda@Edge already created (set the retention of such
 * a group with `aws logs put-retention-policy`, or import it into the stack).
 */
export class EdgeFunctionLogGroups extends Construct {
  /** The log groups, in the order of `logGroupNames`. */
  public readonly logGroups: logs.LogGroup[];

  public constructor(scope: Construct, id: string, props: EdgeFunctionLogGroupsProps) {
    super(scope, id);
    if (!Array.isArray(props.logGroupNames) || props.logGroupNames.length === 0) {
      fail(this, 'logGroupNames', 'must list at least one log group name (PartitionedCookieEdgeFunction.logGroupName)');
    }
    const seen = new Set<string>();
    props.logGroupNames.forEach((name, index) => {
      if (!Token.isUnresolved(name) && seen.has(name)) {
        fail(this, `logGroupNames[${index}]`, `repeats ${name}`);
      }
      seen.add(name);
    });
    this.logGroups = props.logGroupNames.map((logGroupName, index) => new logs.LogGroup(this, `LogGroup${index}`, {
      logGroupName,
      retention: props.retention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    }));
  }
}

/** Options of {@link edgeFunctionLogGroupStacks}. */
export interface EdgeFunctionLogGroupStacksProps extends EdgeFunctionLogGroupsProps {
  /**
   * The regions where the functions' replicas run (the CloudFront console's Lambda@Edge metrics
   * show them per region). Every region you list gets a stack.
   */
  readonly regions: string[];

  /**
   * The account of the stacks.
   *
   * @default - the CLI's account at deployment
   */
  readonly account?: string;

  /**
   * Stacks that must deploy after the log groups exist (the stack of the distribution), so that
   * no replica creates a group first.
   *
   * @default - none
   */
  readonly dependents?: Stack[];

  /**
   * Stack properties besides the environment (tags, termination protection, synthesizer).
   *
   * @default - none
   */
  readonly stackProps?: Omit<StackProps, 'env'>;
}

/**
 * One {@link EdgeFunctionLogGroups} stack per region, named `<id>-<region>`, each deployed
 * before the `dependents`.
 */
export function edgeFunctionLogGroupStacks(app: App, id: string, props: EdgeFunctionLogGroupStacksProps): Stack[] {
  if (!Array.isArray(props.regions) || props.regions.length === 0 || new Set(props.regions).size !== props.regions.length
    || props.regions.some((region) => typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))) {
    throw new Error(`edgeFunctionLogGroupStacks ${id}: regions must list distinct region names such as us-east-1; got ${JSON.stringify(props.regions)}`);
  }
  return props.regions.map((region) => {
    const stack = new Stack(app, `${id}-${region}`, { ...props.stackProps, env: { account: props.account, region } });
    new EdgeFunctionLogGroups(stack, 'EdgeFunctionLogGroups', props);
    for (const dependent of props.dependents ?? []) {
      dependent.addStackDependency(stack, 'Lambda@Edge log groups exist before replicas write to them');
    }
    return stack;
  });
}
