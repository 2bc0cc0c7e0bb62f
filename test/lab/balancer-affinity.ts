/**
 * The balancers' session affinity, as each documents it, so the lab's cookies look and behave
 * like the real ones:
 * - ALB duration-based stickiness (`lb_cookie`): `AWSALB` plus its CORS twin `AWSALBCORS`
 *   (`SameSite=None; Secure`), the target encrypted in the value, set on every response
 *   (each response renews the expiry); a cookie naming an unhealthy target is ignored.
 * - Application Gateway cookie-based affinity: `ApplicationGatewayAffinity` (only `Path=/`) plus
 *   `ApplicationGatewayAffinityCORS` (`SameSite=None; Secure`), a one-way hash as value, set on
 *   the response to a request that carried no valid affinity cookie; a custom
 *   `affinityCookieName` gets a `<name>CORS` companion.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** A balancer's affinity cookies. */
export interface BalancerAffinity {
  /** The cookie names this balancer reads and sets. */
  readonly cookieNames: readonly string[];
  /** The node the request's affinity cookie names, if it names one of `nodeNames`. */
  stickyNode(requestCookies: ReadonlyMap<string, string>, nodeNames: readonly string[]): string | undefined;
  /** The Set-Cookie headers the balancer appends to a response served by `nodeName`. */
  responseCookies(nodeName: string, requestWasStuck: boolean): string[];
}

const ALB_STICKINESS_SECONDS = 86_400; // the target group's stickiness.lb_cookie.duration_seconds default

/** ALB duration-based stickiness (cookies `AWSALB` and `AWSALBCORS`). */
export class AlbStickiness implements BalancerAffinity {
  public readonly cookieNames = ['AWSALB', 'AWSALBCORS'] as const;
  private readonly key = randomBytes(32);

  constructor(private readonly durationSeconds = ALB_STICKINESS_SECONDS) {}

  public stickyNode(requestCookies: ReadonlyMap<string, string>, nodeNames: readonly string[]): string | undefined {
    for (const name of this.cookieNames) {
      const value = requestCookies.get(name);
      const node = value === undefined ? undefined : this.decrypt(value);
      if (node !== undefined && nodeNames.includes(node)) {
        return node;
      }
    }
    return undefined;
  }

  public responseCookies(nodeName: string, _requestWasStuck: boolean): string[] {
    const value = this.encrypt(nodeName);
    const expires = new Date(Date.now() + this.durationSeconds * 1000).toUTCString();
    return [
      `AWSALB=${value}; Expires=${expires}; Path=/`,
      `AWSALBCORS=${value}; Expires=${expires}; Path=/; SameSite=None; Secure`,
    ];
  }

  private encrypt(nodeName: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(nodeName, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed, randomBytes(48)]).toString('base64');
  }

  private decrypt(value: string): string | undefined {
    try {
      const raw = Buffer.from(value, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28, raw.length - 48)), decipher.final()]).toString('utf8');
    } catch {
      return undefined; // not ours, or tampered with: ALB routes as if there were no cookie
    }
  }
}

/** Application Gateway cookie-based affinity (`<affinityCookieName>` and `<affinityCookieName>CORS`). */
export class AppGatewayAffinity implements BalancerAffinity {
  public readonly cookieNames: readonly string[];
  private readonly key = randomBytes(32);

  constructor(private readonly affinityCookieName = 'ApplicationGatewayAffinity') {
    this.cookieNames = [affinityCookieName, `${affinityCookieName}CORS`];
  }

  public stickyNode(requestCookies: ReadonlyMap<string, string>, nodeNames: readonly string[]): string | undefined {
    for (const name of this.cookieNames) {
      const value = requestCookies.get(name);
      const node = nodeNames.find((candidate) => value !== undefined && this.hash(candidate) === value);
      if (node !== undefined) {
        return node;
      }
    }
    return undefined;
  }

  public responseCookies(nodeName: string, requestWasStuck: boolean): string[] {
    if (requestWasStuck) {
      return [];
    }
    const value = this.hash(nodeName);
    return [`${this.affinityCookieName}=${value}; Path=/`, `${this.affinityCookieName}CORS=${value}; Path=/; SameSite=None; Secure`];
  }

  private hash(nodeName: string): string {
    return createHmac('sha256', this.key).update(nodeName).digest('hex').slice(0, 32);
  }
}
