/**
 * The checks that are not CometD sessions: TLS, CORS, the cookies seen, exposure of GMS's admin
 * paths, and the load balancer's refusal of requests that bypass CloudFront.
 */
import { GMS_BASE_PATH, GMS_NODE_STATUS_PATH } from '../gms';
import { CheckFailure, VerifyContext, failed, passed } from './context';
import { EdgeResponse, TimeoutError, describeError } from './http-client';
import { crossSiteProblems, parseSetCookie } from './set-cookie';
import type { CheckResult, ObservedCookie } from './types';

const HANDSHAKE_BODY = JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], id: '1' }]);
const JSON_CONTENT_TYPE = { 'Content-Type': 'application/json;charset=UTF-8' };
/** One year: what HSTS preload lists ask for (https://hstspreload.org/#deployment-recommendations). */
const HSTS_RECOMMENDED_SECONDS = 31_536_000;

const CERTIFICATE_PROBLEMS: Record<string, string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not cover this host name',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not signed by a trusted CA (or the chain is incomplete)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate\'s issuer is not trusted (or the chain is incomplete)',
};

/** TLS: a certificate valid for the host, TLS 1.2 or later, and HSTS. */
export async function checkTls(context: VerifyContext): Promise<CheckResult> {
  const host = context.edgeUrl.hostname;
  if (context.edgeUrl.protocol !== 'https:') {
    return failed('tls', `${context.edgeUrl.origin} is not HTTPS`, 'Secure and Partitioned cookies need HTTPS: give the https:// URL of the edge');
  }
  let response: EdgeResponse;
  try {
    response = await context.visitor().send('POST', '/genesys/cometd/handshake', { headers: JSON_CONTENT_TYPE, body: HANDSHAKE_BODY });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const problem = CERTIFICATE_PROBLEMS[code];
    if (problem !== undefined) {
      return failed('tls', `${problem} (${describeError(error)})`, `serve a certificate for ${host} with its full chain from a public CA (ACM in us-east-1 for CloudFront, Key Vault for App Gateway); for a private CA pass --ca-file`);
    }
    if (/SSL|TLS|PROTOCOL/i.test(code)) {
      return failed('tls', `no TLS 1.2 or later handshake: ${describeError(error)}`, 'use a modern TLS policy (CloudFront TLSv1.2_2021, App Gateway AppGwSslPolicy20220101S)');
    }
    return failed('tls', `${context.edgeUrl.host} is not reachable: ${describeError(error)}`, 'check the URL and DNS (or --resolve host:port:address)');
  }
  context.reachable = true;
  const protocol = response.tls?.protocol ?? 'unknown';
  if (!/^TLSv1\.[23]$/.test(protocol)) {
    return failed('tls', `negotiated ${protocol}`, 'allow only TLS 1.2 and 1.3 at the edge');
  }
  const expiresInDays = Math.floor((Date.parse(response.tls?.validTo ?? '') - Date.now()) / 86_400_000);
  const certificate = `certificate valid for ${host}${Number.isFinite(expiresInDays) ? ` (expires in ${expiresInDays} days)` : ''}, ${protocol}`;
  const hsts = String(response.headers['strict-transport-security'] ?? '');
  const maxAge = /(?:^|;)\s*max-age\s*=\s*"?([0-9]+)"?/i.exec(hsts);
  if (maxAge === null || Number(maxAge[1]) <= 0) {
    return failed('tls', `${certificate}, but no Strict-Transport-Security header`,
      'add HSTS at the edge (e.g. a CloudFront response headers policy with strictTransportSecurity, or an App Gateway rewrite that sets the response header)');
  }
  const short = Number(maxAge[1]) < HSTS_RECOMMENDED_SECONDS ? ' (under the recommended one year)' : '';
  return passed('tls', `${certificate}, HSTS max-age=${maxAge[1]}${short}`);
}

interface CorsProblem {
  readonly where: string;
  readonly problem: string;
}

function corsProblems(where: string, response: EdgeResponse, origin: string, preflight: boolean): CorsProblem[] {
  const problems: CorsProblem[] = [];
  const header = (name: string): string => String(response.headers[name] ?? '');
  if (preflight && (response.status < 200 || response.status > 299)) {
    problems.push({ where, problem: `answered HTTP ${response.status}` });
  }
  const allowOrigin = header('access-control-allow-origin');
  if (allowOrigin === '*') {
    problems.push({ where, problem: 'Access-Control-Allow-Origin is *, which browsers refuse for requests with credentials' });
  } else if (allowOrigin !== origin) {
    problems.push({ where, problem: allowOrigin === '' ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin is ${allowOrigin}, not ${origin}` });
  }
  if (header('access-control-allow-credentials') !== 'true') {
    problems.push({ where, problem: 'no Access-Control-Allow-Credentials: true' });
  }
  if (preflight) {
    // CometD posts JSON, which is not a CORS-safelisted content type; `*` is literal with credentials.
    const allowHeaders = header('access-control-allow-headers').toLowerCase().split(',').map((name) => name.trim());
    if (!allowHeaders.includes('content-type')) {
      problems.push({ where, problem: 'Access-Control-Allow-Headers does not list Content-Type' });
    }
    const allowMethods = header('access-control-allow-methods');
    if (allowMethods !== '' && !allowMethods.toUpperCase().split(',').map((method) => method.trim()).includes('POST')) {
      problems.push({ where, problem: `Access-Control-Allow-Methods (${allowMethods}) does not list POST` });
    }
  }
  return problems;
}

/** CORS: preflights and the real reply answer the exact origin, with credentials. */
export async function checkCors(context: VerifyContext): Promise<CheckResult> {
  const origin = context.options.embeddingOrigin;
  const service = context.options.chatService ?? 'gms-edge-verify';
  const visitor = context.visitor();
  const problems: CorsProblem[] = [];
  try {
    for (const path of ['/genesys/cometd/handshake', `/genesys/2/chat/${encodeURIComponent(service)}`]) {
      const response = await visitor.send('OPTIONS', path, { headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
      problems.push(...corsProblems(`preflight ${path}`, response, origin, true));
    }
    const reply = await visitor.send('POST', '/genesys/cometd/handshake', { headers: JSON_CONTENT_TYPE, body: HANDSHAKE_BODY });
    problems.push(...corsProblems('the handshake reply', reply, origin, false));
  } catch (error) {
    return failed('cors', `a CORS request failed: ${describeError(error)}`, 'the edge is not reachable: see the tls check');
  }
  if (problems.length > 0) {
    return failed('cors', problems.map((entry) => `${entry.where}: ${entry.problem}`).join('; '),
      `answer the exact origin ${origin} with Access-Control-Allow-Credentials: true and Allow-Headers Content-Type (GMS's CORS settings; no edge response-headers policy may replace it with *)`);
  }
  return passed('cors', `preflights to CometD and Chat API v2 and the handshake reply allow exactly ${origin} with credentials and Content-Type`);
}

/** The header with its cookie value replaced by its length: reports end up in pipeline logs. */
function redactValue(header: string, value: string): string {
  const semicolon = header.indexOf(';');
  const pair = semicolon < 0 ? header : header.slice(0, semicolon);
  const eq = pair.indexOf('=');
  const redacted = `${eq < 0 ? '' : `${pair.slice(0, eq + 1)}`}<${value.length} characters>`;
  return `${redacted}${semicolon < 0 ? '' : header.slice(semicolon)}`;
}

/** Cookies: every Set-Cookie seen would be kept by a browser blocking third-party cookies. */
export function checkCookies(context: VerifyContext): CheckResult {
  const host = context.edgeUrl.hostname;
  const byShape = new Map<string, ObservedCookie>();
  for (const seen of context.seenSetCookies) {
    const parsed = parseSetCookie(seen.header);
    const attributes = parsed.attributes.map((attribute) => (attribute.hasValue ? `${attribute.name}=${attribute.value}` : attribute.name));
    // One entry per shape: the same cookie renewed with a later Expires is not a new finding.
    const key = `${parsed.name}\u0000${attributes.map((attribute) => attribute.replace(/^(expires)=.*$/i, '$1')).join(';')}`;
    if (!byShape.has(key)) {
      byShape.set(key, {
        name: parsed.name, header: redactValue(seen.header, parsed.value), path: seen.requestPath, attributes,
        secure: parsed.secure, httpOnly: parsed.httpOnly, partitioned: parsed.partitioned, sameSite: parsed.sameSite,
        problems: crossSiteProblems(parsed, host),
      });
    }
  }
  const cookies = [...byShape.values()];
  if (cookies.length === 0) {
    return { ...failed('cookies', 'the edge sent no Set-Cookie at all (GMS sets BAYEUX_BROWSER on the handshake)', 'check that the edge passes Set-Cookie headers through'), cookies };
  }
  const bad = cookies.filter((cookie) => cookie.problems.length > 0);
  const names = [...new Set(cookies.map((cookie) => cookie.name))];
  if (bad.length > 0) {
    return {
      ...failed('cookies', bad.map((cookie) => `${cookie.name}: ${cookie.problems.join(', ')}`).join('; '),
        'the edge must rewrite every Set-Cookie to SameSite=None; Secure; Partitioned (deploy the CloudFront Function / Lambda@Edge / App Gateway rewrite set, and include the balancer\'s cookies in the policy)'),
      cookies,
    };
  }
  return { ...passed('cookies', `${names.length} cookie${names.length === 1 ? '' : 's'} seen, each Secure, Partitioned, SameSite=None: ${names.join(', ')}`), cookies };
}

/**
 * GMS serves its admin API and service management UI under /genesys too
 * (https://docs.genesys.com/Documentation/GMS/8.5.0/Help/ServiceManagementUserInterface,
 * Node API /genesys/1/admin/node/status); none of it should face the internet. Read-only GETs.
 */
export const ADMIN_PATHS = [GMS_NODE_STATUS_PATH, `${GMS_BASE_PATH}/`, `${GMS_BASE_PATH}/1/service/`] as const;

/**
 * The answers that mean "refused at the edge": 403 or 404, and 502, what Application Gateway v2
 * without WAF answers for a path routed to a pool without backends (how gms-edge-constructs/azure
 * refuses unpublished paths; it has no fixed-response action).
 */
const REFUSED_STATUSES: readonly number[] = [403, 404, 502];

/** Exposure: GMS admin paths are refused at the edge (403, 404, or Application Gateway's empty-pool 502). */
export async function checkExposure(context: VerifyContext): Promise<CheckResult> {
  const visitor = context.visitor({ chatFlow: false });
  const open: string[] = [];
  const answers: string[] = [];
  for (const path of ADMIN_PATHS) {
    try {
      const response = await visitor.send('GET', path);
      answers.push(`${path} ${response.status}`);
      if (!REFUSED_STATUSES.includes(response.status)) {
        open.push(`GET ${path} answered ${response.status}${response.body === '' ? '' : ` (${response.body.replace(/\s+/g, ' ').slice(0, 40)})`}`);
      }
    } catch (error) {
      open.push(`GET ${path} failed: ${describeError(error)}`);
    }
  }
  if (open.length > 0) {
    return failed('exposure', open.join('; '), 'publish only the chat paths (/genesys/cometd, /genesys/2/chat/*, /genesys/2/chat-ntf) at the edge and refuse the rest with 403 or 404 (Application Gateway: an empty backend pool, 502)');
  }
  return passed('exposure', `GMS admin paths refused at the edge: ${answers.join(', ')}`);
}

/** Origin: the load balancer refuses a request that did not come through CloudFront. */
export async function checkOrigin(context: VerifyContext, originUrl: string): Promise<CheckResult> {
  const url = new URL('/genesys/cometd/handshake', originUrl);
  try {
    const response = await context.client.request({ method: 'POST', url, headers: { ...JSON_CONTENT_TYPE, Origin: context.options.embeddingOrigin }, body: HANDSHAKE_BODY, timeoutMs: 8_000 });
    if (response.status === 403) {
      return passed('origin', `${url.origin} refused a request without the secret origin header (HTTP 403)`);
    }
    return failed('origin', `${url.origin} answered HTTP ${response.status} to a request that did not come through CloudFront`,
      'keep the load balancer private to CloudFront: the secret origin header listener rule (default action 403) and the CloudFront origin-facing prefix list on its security group');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (error instanceof TimeoutError || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ECONNRESET') {
      return passed('origin', `${url.origin} is not reachable from here (${describeError(error)}): only CloudFront may connect`);
    }
    if (CERTIFICATE_PROBLEMS[code] !== undefined) {
      return failed('origin', `could not check ${url.origin}: ${CERTIFICATE_PROBLEMS[code]} (${describeError(error)})`,
        'give --origin the host name the load balancer\'s certificate covers, with --resolve host:443:<balancer address>');
    }
    throw new CheckFailure(failed('origin', `could not check ${url.origin}: ${describeError(error)}`, 'check the --origin URL'));
  }
}
