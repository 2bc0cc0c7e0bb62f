/**
 * The checks of `precedingViewerResponseCode`: your viewer-response handler, composed before the
 * partitioned-cookie rewrite. CloudFront answers 503 when a function throws and 502 when it returns
 * an invalid object, on every response; a viewer-response handler must return the response object
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html,
 * "Response object"; https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/writing-function-code.html).
 * The code is loaded in an empty vm context, as CloudFront would, and run once on a sample event.
 */
import * as vm from 'node:vm';
import { IConstruct } from 'constructs';
import { fail, warn } from './validation';

const PROPERTY = 'precedingViewerResponseCode';

/** A viewer-response event as CloudFront Functions (runtime 2.0) pass it, with one cookie set. */
const SAMPLE_EVENT = {
  version: '1.0',
  context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-response', requestId: 'gms-edge-constructs-synth-check' },
  viewer: { ip: '198.51.100.11' },
  request: { method: 'GET', uri: '/genesys/cometd/connect', querystring: {}, headers: { host: { value: 'gms.example.com' }, origin: { value: 'https://www.example.com' } }, cookies: {} },
  response: { statusCode: 200, statusDescription: 'OK', headers: { 'content-type': { value: 'application/json' } }, cookies: { BAYEUX_BROWSER: { value: 'synth-check', attributes: 'Path=/' } } },
};

type Outcome = { readonly value?: unknown; readonly error?: string } | undefined;

/** Rejects preceding code that would fail at the edge on every response (503 or 502). */
export function checkPrecedingViewerResponseCode(scope: IConstruct, code: string): void {
  if (typeof code !== 'string' || code.trim() === '') {
    fail(scope, PROPERTY, 'must be CloudFront Function source defining handler(event); got an empty value');
  }
  if (/^\s*import\s/m.test(code)) {
    fail(scope, PROPERTY, 'uses import, which only works at the top level of a function; embed cloudFrontFunctionCode() in your own function and pass that function as an existing viewer-response function instead');
  }
  // 'afterEvaluate': the promise of an async handler settles before runInContext returns.
  const context = vm.createContext(Object.create(null) as object, { microtaskMode: 'afterEvaluate' });
  let handlerType: string;
  try {
    vm.runInContext(code, context, { filename: 'preceding-viewer-response.js', timeout: 1000 });
    handlerType = vm.runInContext('typeof handler', context) as string;
  } catch (error) {
    fail(scope, PROPERTY, `does not load: ${(error as Error).message}`);
  }
  if (handlerType !== 'function') {
    fail(scope, PROPERTY, 'must define a top-level function named handler(event) that returns the response');
  }
  const outcome = runOnSampleEvent(context);
  if (outcome === undefined || outcome.error !== undefined) {
    warn(scope, 'precedingViewerResponseThrows', PROPERTY,
      `threw on a sample viewer-response event at synth (${outcome?.error ?? 'it did not finish'}): CloudFront answers 503 to every response where it throws. Check it with the CloudFront Functions test tool before deploying.`);
    return;
  }
  const result = outcome.value;
  const isResponse = typeof result === 'object' && result !== null && typeof (result as { statusCode?: unknown }).statusCode === 'number';
  if (!isResponse) {
    const got = result === undefined ? 'undefined (no return statement?)' : result === null ? 'null' : typeof result === 'object' ? 'an object without a numeric statusCode (the whole event instead of event.response?)' : typeof result;
    fail(scope, PROPERTY, `must return the response object (event.response, or a response with a numeric statusCode) from handler(event); on a sample viewer-response event it returned ${got}, which CloudFront would answer with an error on every response`);
  }
}

function runOnSampleEvent(context: vm.Context): Outcome {
  try {
    vm.runInContext([
      `var gmsSampleEvent = ${JSON.stringify(SAMPLE_EVENT)};`,
      'var gmsOutcome;',
      'Promise.resolve().then(function () { return handler(gmsSampleEvent); })',
      '  .then(function (value) { gmsOutcome = { value: value }; }, function (error) { gmsOutcome = { error: String(error) }; });',
    ].join('\n'), context, { filename: 'preceding-viewer-response-check.js', timeout: 1000 });
    return vm.runInContext('gmsOutcome', context) as Outcome;
  } catch (error) {
    return { error: (error as Error).message };
  }
}
