import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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
   * The Node.js runtime. Lambda@Edge runs Node.js 20 and 22 here; the handler needs nothing else.
   *
   * @default lambda.Runtime.NODEJS_22_X
   */
  readonly runtime?: lambda.Runtime;

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

const SUPPORTED_RUNTIMES = ['nodejs20.x', 'nodejs22.x'];

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

  public constructor(scope: Construct, id: string, props: PartitionedCookieEdgeFunctionProps = {}) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      fail(this, 'env.region', 'of the stack must be set for Lambda@Edge: this stack is environment-agnostic. Give the stack an explicit region, for example env: { region: \'us-east-1\' } (CDK deploys the function to us-east-1 either way), or use the CloudFront Function runtime');
    }
    this.cookiePolicy = cookiePolicyOf(this, props.cookiePolicy);
    const runtime = props.runtime ?? lambda.Runtime.NODEJS_22_X;
    if (!SUPPORTED_RUNTIMES.includes(runtime.name)) {
      fail(this, 'runtime', `must be one of ${SUPPORTED_RUNTIMES.join(', ')} (CommonJS Node.js handler for Lambda@Edge); got ${runtime.name}`);
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
      'Lambda@Edge writes logs to CloudWatch Logs in every region it runs in, to log groups named after the replica; the basic execution policy is the grant for exactly that, and the function calls no AWS API.');
    acknowledgeNagFinding(cfnFunction, 'AwsSolutions-L1',
      'Lambda@Edge supports a subset of the Lambda Node.js runtimes; the handler is pinned to a runtime Lambda@Edge runs (nodejs22.x by default, see the runtime property) rather than the newest Lambda runtime.');
  }

  /** The association to put into a behavior's `edgeLambdas`. */
  public get edgeLambda(): cloudfront.EdgeLambda {
    return { functionVersion: this.function.currentVersion, eventType: PartitionedCookieEdgeFunction.EVENT_TYPE };
  }
}
