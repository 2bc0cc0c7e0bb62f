/**
 * Runs generated edge code the way the edges do: the CloudFront Function source in a bare `vm`
 * context (no require, process, timers), the Lambda@Edge source as a CommonJS module with
 * nothing but `exports`. Shared by the unit tests and the browser lab.
 */
import * as vm from 'node:vm';

/** A CloudFront viewer-response cookie value, as documented by CloudFront. */
export interface CloudFrontCookieValue {
  value: string;
  attributes?: string;
  multiValue?: Array<{ value: string; attributes?: string }>;
}

/** The parts of a CloudFront Functions viewer-response event the function reads. */
export interface CloudFrontViewerResponseEvent {
  version: '1.0';
  context: { distributionDomainName: string; distributionId: string; eventType: 'viewer-response'; requestId: string };
  viewer: { ip: string };
  request: { method: string; uri: string; querystring: Record<string, unknown>; headers: Record<string, unknown>; cookies: Record<string, unknown> };
  response: {
    statusCode: number;
    statusDescription?: string;
    headers: Record<string, { value: string; multiValue?: Array<{ value: string }> }>;
    cookies: Record<string, CloudFrontCookieValue>;
  };
}

/** A compiled CloudFront Function: call it with an event, get the returned response. */
export type CloudFrontFunctionHandler = (event: CloudFrontViewerResponseEvent) => CloudFrontViewerResponseEvent['response'];

/**
 * Compiles CloudFront Function source in a fresh context with no Node globals. The source is
 * compiled as the body of a function (exactly the string given, plus a `return handler`), so
 * its top-level names are locals: a contextified global object would make every call to them
 * an interceptor lookup, which no edge runtime has.
 */
export function loadCloudFrontFunction(code: string): CloudFrontFunctionHandler {
  const context = vm.createContext(Object.create(null));
  const load = vm.compileFunction(`${code}\n;return typeof handler === 'function' ? handler : undefined;`, [], {
    parsingContext: context,
    filename: 'cloudfront-function.js',
  });
  const handler = load();
  if (typeof handler !== 'function') {
    throw new Error('CloudFront Function source defines no top-level `handler` function');
  }
  return handler as CloudFrontFunctionHandler;
}

/** Builds a viewer-response event with the response cookies CloudFront would present. */
export function viewerResponseEvent(cookies: Record<string, CloudFrontCookieValue>, statusCode = 200): CloudFrontViewerResponseEvent {
  return {
    version: '1.0',
    context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-response', requestId: 'EXAMPLEntjQpEXAMPLE_SgJ12345678==' },
    viewer: { ip: '198.51.100.11' },
    request: { method: 'POST', uri: '/genesys/cometd/handshake', querystring: {}, headers: { host: { value: 'gms.example.com' } }, cookies: {} },
    response: {
      statusCode,
      statusDescription: 'OK',
      headers: { 'content-type': { value: 'application/json;charset=UTF-8' } },
      cookies,
    },
  };
}

/**
 * Splits Set-Cookie header values into the `cookies` object CloudFront presents to a
 * viewer-response function: name → { value, attributes }, with `multiValue` when a name repeats.
 */
export function toCloudFrontCookies(setCookieHeaders: string[]): Record<string, CloudFrontCookieValue> {
  // No prototype: a cookie named `__proto__` or `constructor` is just a cookie.
  const cookies: Record<string, CloudFrontCookieValue> = Object.create(null);
  for (const header of setCookieHeaders) {
    const semicolon = header.indexOf(';');
    const pair = semicolon < 0 ? header : header.slice(0, semicolon);
    const attributes = semicolon < 0 ? '' : header.slice(semicolon + 1).replace(/^[ \t]+/, '');
    const eq = pair.indexOf('=');
    const name = eq < 0 ? '' : pair.slice(0, eq).replace(/^[ \t]+|[ \t]+$/g, '');
    const entry = { value: eq < 0 ? pair : pair.slice(eq + 1), attributes };
    const existing = cookies[name];
    if (existing === undefined) {
      cookies[name] = { ...entry };
    } else {
      existing.multiValue = existing.multiValue ?? [{ value: existing.value, attributes: existing.attributes }];
      existing.multiValue.push(entry);
    }
  }
  return cookies;
}

/** Turns a viewer-response `cookies` object back into Set-Cookie header values, as CloudFront does. */
export function fromCloudFrontCookies(cookies: Record<string, CloudFrontCookieValue>): string[] {
  const headers: string[] = [];
  for (const [name, cookie] of Object.entries(cookies)) {
    const entries = cookie.multiValue ?? [cookie];
    for (const entry of entries) {
      const pair = name === '' ? entry.value : `${name}=${entry.value}`;
      headers.push(entry.attributes ? `${pair}; ${entry.attributes}` : pair);
    }
  }
  return headers;
}

/** Runs Set-Cookie headers through a CloudFront Function the way CloudFront would (status >= 400 skipped). */
export function runCloudFrontFunctionOnSetCookies(handler: CloudFrontFunctionHandler, setCookieHeaders: string[], statusCode = 200): string[] {
  if (statusCode >= 400) {
    return setCookieHeaders; // CloudFront does not run viewer-response functions on these
  }
  const event = viewerResponseEvent(toCloudFrontCookies(setCookieHeaders), statusCode);
  const response = handler(event);
  return fromCloudFrontCookies(response.cookies);
}

/** A Lambda@Edge origin-response event, as documented (only the parts the handler reads filled in). */
export interface LambdaEdgeOriginResponseEvent {
  Records: Array<{
    cf: {
      config: { distributionDomainName: string; distributionId: string; eventType: 'origin-response'; requestId: string };
      request: { clientIp: string; headers: Record<string, Array<{ key: string; value: string }>>; method: string; querystring: string; uri: string };
      response: { headers: Record<string, Array<{ key?: string; value: string }>>; status: string; statusDescription: string };
    };
  }>;
}

/** The Lambda@Edge handler: event in, response out. */
export type LambdaEdgeHandler = (event: LambdaEdgeOriginResponseEvent) => Promise<LambdaEdgeOriginResponseEvent['Records'][0]['cf']['response']>;

/**
 * Loads Lambda@Edge handler source as Node loads a CommonJS module: the body of a function of
 * (exports, module), in a fresh context with no other globals (so no require, no process).
 */
export function loadLambdaEdgeHandler(code: string): LambdaEdgeHandler {
  const module = { exports: {} as Record<string, unknown> };
  const load = vm.compileFunction(code, ['exports', 'module'], {
    parsingContext: vm.createContext(Object.create(null)),
    filename: 'index.js',
  });
  load(module.exports, module);
  const handler = module.exports.handler;
  if (typeof handler !== 'function') {
    throw new Error('Lambda@Edge source exports no `handler` function');
  }
  return handler as LambdaEdgeHandler;
}

/** Builds an origin-response event carrying these Set-Cookie headers, one array entry each. */
export function originResponseEvent(setCookieHeaders: string[], status = 200): LambdaEdgeOriginResponseEvent {
  return {
    Records: [{
      cf: {
        config: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'origin-response', requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==' },
        request: { clientIp: '203.0.113.178', headers: { host: [{ key: 'Host', value: 'gms.example.com' }] }, method: 'POST', querystring: '', uri: '/genesys/cometd/handshake' },
        response: {
          headers: {
            'content-type': [{ key: 'Content-Type', value: 'application/json;charset=UTF-8' }],
            ...(setCookieHeaders.length > 0 ? { 'set-cookie': setCookieHeaders.map((value) => ({ key: 'Set-Cookie', value })) } : {}),
          },
          status: String(status),
          statusDescription: 'OK',
        },
      },
    }],
  };
}

/** Runs Set-Cookie headers through a Lambda@Edge origin-response handler. */
export async function runLambdaEdgeOnSetCookies(handler: LambdaEdgeHandler, setCookieHeaders: string[], status = 200): Promise<string[]> {
  const response = await handler(originResponseEvent(setCookieHeaders, status));
  return (response.headers['set-cookie'] ?? []).map((header) => header.value);
}
