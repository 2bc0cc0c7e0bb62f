import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CookiePolicy, CookiePolicyProps, lambdaEdgeHandlerCode } from '../cookie';
import { acknowledgeNagFinding, cookiePolicyOf, fail, integerInRange, secondsInRange } from './private/validation';

/** Properties of a {@link PartitionedCookieEdgeFunction}. */
export interface PartitionedCookieEdgeFunctionProps {
  /**
   * Which cookies are rewritten and which attributes are ensured.
   *
   * @default - every cookie; `SameSite=None; HttpOnly; Secure; Path=/; Partitioned` ensured
   */
  readonly cookiePolicy?: CookiePolicy | CookiePolicyProps;

  /**
   * The Node.js runtime: one of {@link LAMBDA_EDGE_NODEJS_RUNTIMES}, the Node.js runtimes both
   * Lambda@Edge and Lambda support and have not deprecated. The handler is an async CommonJS
   * function (Node.js 24 has no callback handlers) and needs nothing else.
   *
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;

  /**
   * The CloudWatch Logs group every replica writes to, in each region where the function runs.
   * With a custom name Lambda@Edge keeps it as is in every region (the default
   * `/aws/lambda/<name>` becomes `/aws/lambda/us-east-1.<name>` there), so the group can be
   * created ahead, with a retention, by {@link EdgeFunctionLogGroups} in each region.
   *
   * @default `/gms-edge/lambda-edge/<unique id of this construct>`
   */
  readonly logGroupName?: string;

  /**
   * Memory of the function in MB (Lambda@Edge origin-response: 128–10240).
   *
   * @default 128
   */
  readonly memorySize?: number;

  /**
   * Timeout of the function (Lambda@Edge origin-response: 1–30 s). The rewrite takes well under a millisecond.
   *
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;

  /**
   * A name for the function.
   *
   * @default - generated from the construct path
   */
  readonly functionName?: string;
}

/**
 * The Description that marks the function in templates.
 * @internal
 */
export const PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION = 'gms-edge-constructs: partitioned cookies (Lambda@Edge origin-response)';

/**
 * Node.js runtimes the function accepts: those Lambda@Edge supports ("Restrictions on Lambda@Edge",
 * CloudFront Developer Guide; Node.js 24 announced for Lambda and Lambda@Edge in November 2025) that
 * Lambda has not deprecated (Lambda runtimes page: nodejs20.x deprecated on 2026-04-30). Newest first.
 */
export const LAMBDA_EDGE_NODEJS_RUNTIMES: readonly string[] = ['nodejs24.x', 'nodejs22.x'];

/** Runtimes Lambda has deprecated, with the date, for the error message. */
const DEPRECATED_RUNTIMES: Readonly<Record<string, string>> = {
  'nodejs20.x': '2026-04-30', 'nodejs18.x': '2025-09-01', 'nodejs16.x': '2024-06-12', 'nodejs14.x': '2023-12-04',
};

/** A CloudWatch Logs group name (1–512 characters of letters, digits, `_ - / . #`). */
const LOG_GROUP_NAME = /^[A-Za-z0-9_\-/.#]{1,512}$/;

/**
 * A Lambda@Edge origin-response function that makes every targeted Set-Cookie a CHIPS
 * partitioned cookie, on every response status (CloudFront Functions skip status >= 400).
 * Its code is exactly `lambdaEdgeHandlerCode(cookiePolicy)`, inline in the template.
 *
 * Lambda@Edge functions live in us-east-1: in a us-east-1 stack the function is created in
 * place; in another region CDK creates a us-east-1 support stack. The stack needs an explicit
 * region either way.
 */
export class PartitionedCookieEdgeFunction extends Construct {
  /** The event type the function must be associated with. */
  public static readonly EVENT_TYPE = cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE;

  /** The Lambda@Edge function. */
  public readonly function: cloudfront.experimental.EdgeFunction;

  /** The cookie policy the code was generated from. */
  public readonly cookiePolicy: CookiePolicy;

  /** The exact handler source deployed (`index.js`, inline as `Code.ZipFile`). */
  public readonly code: string;

  /**
   * The log group name every replica writes to, the same in each region where the function runs
   * (CloudFront Developer Guide, "Edge function logs"). Give it to {@link EdgeFunctionLogGroups}
   * to bound retention there.
   */
  public readonly logGroupName: string;

  public constructor(scope: Construct, id: string, props: PartitionedCookieEdgeFunctionProps = {}) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      fail(this, 'env.region', 'of the stack must be set for Lambda@Edge: this stack is environment-agnostic. Give the stack an explicit region, for example env: { region: \'us-east-1\' } (CDK deploys the function to us-east-1 either way), or use the CloudFront Function runtime');
    }
    this.cookiePolicy = cookiePolicyOf(this, props.cookiePolicy);
    const runtime = props.runtime ?? lambda.Runtime.NODEJS_24_X;
    if (!LAMBDA_EDGE_NODEJS_RUNTIMES.includes(runtime.name)) {
      const deprecated = DEPRECATED_RUNTIMES[runtime.name];
      fail(this, 'runtime', `must be one of ${LAMBDA_EDGE_NODEJS_RUNTIMES.join(', ')} (Node.js runtimes Lambda@Edge supports and Lambda has not deprecated); got ${runtime.name}${deprecated === undefined ? '' : `, deprecated by Lambda on ${deprecated}`}`);
    }
    this.logGroupName = props.logGroupName ?? `/gms-edge/lambda-edge/${Names.uniqueId(this)}`;
    if (!Token.isUnresolved(this.logGroupName) && (!LOG_GROUP_NAME.test(this.logGroupName) || this.logGroupName.startsWith('/aws/lambda/'))) {
      fail(this, 'logGroupName', `must be 1–512 letters, digits, '_', '-', '/', '.' or '#', and not under /aws/lambda/ (Lambda@Edge would prefix it with us-east-1. in every region); got ${JSON.stringify(this.logGroupName)}`);
    }
    const memorySize = integerInRange(this, 'memorySize', props.memorySize ?? 128, 128, 10240);
    const timeout = props.timeout ?? Duration.seconds(5);
    secondsInRange(this, 'timeout', timeout, 1, 30);

    this.code = lambdaEdgeHandlerCode(this.cookiePolicy);
    this.function = new cloudfront.experimental.EdgeFunction(this, 'Function', {
      code: lambda.Code.fromInline(this.code),
      handler: 'index.handler',
      runtime,
      memorySize,
      timeout,
      functionName: props.functionName,
      description: PARTITIONED_COOKIE_EDGE_FUNCTION_DESCRIPTION,
      // Imported by name: the group lives in every region the function runs in, created there by
      // Lambda@Edge (no retention) or ahead by EdgeFunctionLogGroups (with one).
      logGroup: logs.LogGroup.fromLogGroupName(this, 'LogGroup', this.logGroupName),
    });
    // The findings belong to the real function: in place ('Fn') in a us-east-1 stack, in CDK's
    // us-east-1 support stack otherwise. EdgeFunction.lambda is that function wherever it lives, so
    // the acknowledgements follow its role and resource there.
    const edgeLambda = this.function.lambda;
    const role = edgeLambda.role;
    const cfnFunction = edgeLambda.node.defaultChild;
    if (role === undefined || cfnFunction === undefined) {
      throw new Error(`${this.node.path}: the Lambda@Edge function has no role or resource to acknowledge cdk-nag findings on`);
    }
    acknowledgeNagFinding(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'Lambda@Edge writes logs to CloudWatch Logs in every region it runs in (to logGroupName, created there on first use unless EdgeFunctionLogGroups created it ahead); the basic execution policy is the grant for exactly that, and the function calls no AWS API.');
    acknowledgeNagFinding(cfnFunction, 'AwsSolutions-L1',
      'Lambda@Edge supports a subset of the Lambda Node.js runtimes; the handler is pinned to one Lambda@Edge runs (nodejs24.x by default, see the runtime property) rather than whatever Lambda adds next.');
  }

  /** The association to put into a behavior's `edgeLambdas`. */
  public get edgeLambda(): cloudfront.EdgeLambda {
    return { functionVersion: this.function.currentVersion, eventType: PartitionedCookieEdgeFunction.EVENT_TYPE };
  }
}
