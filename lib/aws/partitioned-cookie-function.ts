import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { CLOUDFRONT_FUNCTION_MAX_BYTES, CookiePolicy, CookiePolicyProps, cloudFrontFunctionCode } from '../cookie';
import { cookiePolicyOf, fail } from './private/validation';
import { checkPrecedingViewerResponseCode } from './private/viewer-response-code';

/** Properties of a {@link PartitionedCookieFunction}. */
export interface PartitionedCookieFunctionProps {
  /**
   * Which cookies are rewritten and which attributes are ensured.
   *
   * @default - every cookie; `SameSite=None; HttpOnly; Secure; Path=/; Partitioned` ensured
   */
  readonly cookiePolicy?: CookiePolicy | CookiePolicyProps;

  /**
   * The source of your own viewer-response CloudFront Function, to run in the same function
   * before the cookie rewrite. A cache behavior takes one function per event type, so this is
   * how an existing viewer-response function and the partitioned cookies live together.
   *
   * The source must define a top-level `handler(event)` (it may be `async`) that returns the
   * response, and must run on `cloudfront-js-2.0`. It cannot use `import` (the KeyValueStore
   * module), because it is wrapped in a function scope; put `cloudFrontFunctionCode()` into
   * your own function instead in that case. At synth it is run once on a sample viewer-response
   * event: returning nothing (or anything but a response with a numeric `statusCode`) fails the
   * synth, throwing there warns (`gms-edge-constructs:precedingViewerResponseThrows`).
   *
   * @default - the function only rewrites cookies
   */
  readonly precedingViewerResponseCode?: string;

  /**
   * A name for the function.
   *
   * @default - generated from the construct path
   */
  readonly functionName?: string;

  /**
   * A comment for the function.
   *
   * @default 'gms-edge-constructs: partitioned cookies (viewer-response)'
   */
  readonly comment?: string;

  /**
   * Publish the function to the LIVE stage when it is deployed.
   *
   * @default true
   */
  readonly autoPublish?: boolean;
}

/**
 * A viewer-response CloudFront Function (runtime `cloudfront-js-2.0`) that makes every targeted
 * Set-Cookie a CHIPS partitioned cookie. The function code is exactly
 * `cloudFrontFunctionCode(cookiePolicy)`, or that code composed after your own handler.
 *
 * CloudFront does not run viewer-response functions when the origin answers with status
 * 400 or above; use {@link PartitionedCookieEdgeFunction} where those responses set cookies.
 */
export class PartitionedCookieFunction extends Construct {
  /** The event type the function must be associated with. */
  public static readonly EVENT_TYPE = cloudfront.FunctionEventType.VIEWER_RESPONSE;

  /**
   * Wraps your viewer-response source and the partitioned-cookie source into one function
   * source: your handler runs first, then the cookie rewrite on the response it returned.
   */
  public static composeViewerResponseCode(precedingViewerResponseCode: string, cookieCode: string): string {
    return [
      '// gms-edge-constructs: your viewer-response handler, then partitioned cookies (generated)',
      'var gmsPrecedingViewerResponse = (function () {',
      precedingViewerResponseCode,
      'return handler;',
      '})();',
      'var gmsPartitionedCookies = (function () {',
      cookieCode,
      'return handler;',
      '})();',
      'async function handler(event) {',
      '  event.response = await gmsPrecedingViewerResponse(event);',
      '  return gmsPartitionedCookies(event);',
      '}',
      '',
    ].join('\n');
  }

  /** The CloudFront Function. */
  public readonly function: cloudfront.Function;

  /** The cookie policy the code was generated from. */
  public readonly cookiePolicy: CookiePolicy;

  /** The exact source deployed, as it appears in the template's `FunctionCode`. */
  public readonly code: string;

  public constructor(scope: Construct, id: string, props: PartitionedCookieFunctionProps = {}) {
    super(scope, id);
    this.cookiePolicy = cookiePolicyOf(this, props.cookiePolicy);

    const cookieCode = cloudFrontFunctionCode(this.cookiePolicy);
    if (props.precedingViewerResponseCode === undefined) {
      this.code = cookieCode;
    } else {
      checkPrecedingViewerResponseCode(this, props.precedingViewerResponseCode);
      this.code = PartitionedCookieFunction.composeViewerResponseCode(props.precedingViewerResponseCode, cookieCode);
    }

    const bytes = Buffer.byteLength(this.code, 'utf8');
    if (bytes > CLOUDFRONT_FUNCTION_MAX_BYTES) {
      fail(this, props.precedingViewerResponseCode === undefined ? 'cookiePolicy' : 'precedingViewerResponseCode',
        `makes the function ${bytes} bytes; CloudFront Functions accept at most ${CLOUDFRONT_FUNCTION_MAX_BYTES} bytes (the cookie rewrite alone is ${Buffer.byteLength(cookieCode, 'utf8')} bytes)`);
    }

    this.function = new cloudfront.Function(this, 'Function', {
      code: cloudfront.FunctionCode.fromInline(this.code),
      // Set explicitly: CDK defaults to runtime 1.0, which lacks String#startsWith and async.
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      functionName: props.functionName,
      comment: props.comment ?? 'gms-edge-constructs: partitioned cookies (viewer-response)',
      autoPublish: props.autoPublish ?? true,
    });
  }

  /** The association to put into a behavior's `functionAssociations`. */
  public get functionAssociation(): cloudfront.FunctionAssociation {
    return { function: this.function, eventType: PartitionedCookieFunction.EVENT_TYPE };
  }
}
