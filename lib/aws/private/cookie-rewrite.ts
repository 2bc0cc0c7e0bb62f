/**
 * The cookie rewrite of {@link GmsEdge}'s default behavior: the partitioned-cookie CloudFront
 * Function, the Lambda@Edge function, or the user's own viewer-response function.
 */
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { CookiePolicy } from '../../cookie';
import type { EdgeRuntime } from '../gms-edge';
import { PartitionedCookieEdgeFunction } from '../partitioned-cookie-edge-function';
import { PartitionedCookieFunction } from '../partitioned-cookie-function';
import { warn } from './validation';

/** The function associations of the behavior, and the functions created for them. */
export interface EdgeCookieRewrite {
  readonly functionAssociations: cloudfront.FunctionAssociation[];
  readonly edgeLambdas: cloudfront.EdgeLambda[];
  readonly partitionedCookieFunction?: PartitionedCookieFunction;
  readonly partitionedCookieEdgeFunction?: PartitionedCookieEdgeFunction;
}

export function renderCookieRewrite(scope: Construct, edgeRuntime: EdgeRuntime, cookiePolicy: CookiePolicy, props: {
  readonly existingViewerResponseFunction?: cloudfront.IFunction;
  readonly precedingViewerResponseCode?: string;
}): EdgeCookieRewrite {
  const functionAssociations: cloudfront.FunctionAssociation[] = [];
  if (props.existingViewerResponseFunction !== undefined) {
    functionAssociations.push({ function: props.existingViewerResponseFunction, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE });
    if (edgeRuntime === 'cloudfront-function') {
      warn(scope, 'existingViewerResponseFunction', 'existingViewerResponseFunction',
        'takes the behavior\'s only viewer-response slot, so no partitioned-cookie function is created: your function must rewrite the cookies itself (build it from cloudFrontFunctionCode(), or pass its source as precedingViewerResponseCode instead).');
    }
  }
  const partitionedCookieFunction = edgeRuntime === 'cloudfront-function' && props.existingViewerResponseFunction === undefined
    ? new PartitionedCookieFunction(scope, 'PartitionedCookieFunction', { cookiePolicy, precedingViewerResponseCode: props.precedingViewerResponseCode })
    : undefined;
  if (partitionedCookieFunction !== undefined) {
    functionAssociations.push(partitionedCookieFunction.functionAssociation);
  }
  const partitionedCookieEdgeFunction = edgeRuntime === 'lambda-edge'
    ? new PartitionedCookieEdgeFunction(scope, 'PartitionedCookieEdgeFunction', { cookiePolicy })
    : undefined;
  const edgeLambdas = partitionedCookieEdgeFunction === undefined ? [] : [partitionedCookieEdgeFunction.edgeLambda];
  return { functionAssociations, edgeLambdas, partitionedCookieFunction, partitionedCookieEdgeFunction };
}
