/**
 * The name of the secret origin header against the headers a viewer sends. CloudFront adds a
 * custom origin header to every origin request and, when the viewer's request already has a
 * header of that name, overwrites its value
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html):
 * a secret named like a header browsers send (`Origin`, `Referer`, `Sec-*`…) replaces what the
 * browser sent, so GMS sees the secret instead (CORS breaks on `Origin`) and logs it.
 */
import { IConstruct } from 'constructs';
import { fail } from './validation';

/** Request headers browsers (or the CORS and WebSocket machinery) send, lower case. */
const BROWSER_SENT_HEADERS = new Set(['origin', 'referer', 'user-agent', 'accept', 'accept-language', 'accept-encoding', 'authorization',
  'content-type', 'forwarded', 'dnt', 'upgrade-insecure-requests', 'x-requested-with', 'priority']);
/** Prefixes of headers browsers control (`Sec-*`) or that proxies and CORS preflights set. */
const BROWSER_SENT_PREFIXES = ['sec-', 'x-forwarded-', 'access-control-request-'];

/** Fails when the secret header is named like a header a browser (or a proxy before CloudFront) sends. */
export function checkOriginHeaderNotBrowserSent(scope: IConstruct, name: string): void {
  const lower = name.toLowerCase();
  if (BROWSER_SENT_HEADERS.has(lower) || BROWSER_SENT_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    fail(scope, 'originVerifyHeaderName', `must not be a header browsers send (Origin, Referer, User-Agent, Accept*, Authorization, Content-Type, Sec-*, X-Forwarded-*, Access-Control-Request-*…): CloudFront would overwrite the viewer's ${name} with the secret, so GMS never sees the viewer's value and logs the secret instead; got ${name}. Use a name of your own such as X-Origin-Verify`);
  }
}

/** Fails when a header forwarded from the viewer has the secret header's name. */
export function checkOriginHeaderNotForwarded(scope: IConstruct, secretHeaderName: string, forwarded: readonly string[], additional: readonly string[] | undefined): void {
  const secret = secretHeaderName.toLowerCase();
  const index = (additional ?? []).findIndex((name) => typeof name === 'string' && name.toLowerCase() === secret);
  if (index >= 0) {
    fail(scope, `additionalOriginRequestHeaders[${index}]`, `is ${secretHeaderName}, the secret origin header: CloudFront overwrites the viewer's value with the secret, so forwarding it does nothing but tell viewers the name. Remove it`);
  }
  if (forwarded.some((name) => name.toLowerCase() === secret)) {
    fail(scope, 'loadBalancerProps.originVerifyHeaderName', `is ${secretHeaderName}, a header the edge forwards from the viewer (${forwarded.join(', ')}): CloudFront would overwrite the viewer's value with the secret. Use a name of your own such as X-Origin-Verify`);
  }
}
