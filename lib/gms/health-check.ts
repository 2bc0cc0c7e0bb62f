/**
 * How the balancer of either cloud checks a GMS node: one cloud-neutral choice, turned into an
 * ALB target-group health check on AWS and an Application Gateway probe on Azure.
 *
 * Sources (Genesys documentation):
 * - Get service: docs.genesys.com/Documentation/GMS/latest/Help/GetService — builtin service
 *   (`_type=builtin`, `_service=get`) answering `_online_code` (default 200) when the node is
 *   ONLINE and `_offline_code` (default 503) when it is OFFLINE, documented for load-balancer
 *   health checks; services live at `/genesys/1/service/<service-execution-name>`
 *   (Help/ConfiguredServices).
 * - Basic authentication (Deployment/BasicAuthentication): off by default; a `server/password`
 *   turns it on for every `service.*` section, the get service included.
 * - Node API (API/NodeAPI, GMS 8.5.1 and later): `GET /genesys/1/admin/node/status` needs an
 *   Authentication header; it answers HTTP 200 with body ONLINE or OFFLINE.
 */
import { GMS_NODE_STATUS_ONLINE, GMS_NODE_STATUS_PATH, GMS_SERVICE_PATH } from './facts';

/** Which kind of check a {@link GmsHealthCheck} is. */
export type GmsHealthCheckKind = 'getService' | 'nodeStatus' | 'custom';

/** Options of {@link GmsHealthCheck.getService}. */
export interface GmsGetServiceHealthCheckOptions {
  /**
   * The `_online_code` of the get service in GMS.
   *
   * @default 200
   */
  readonly onlineCode?: number;

  /**
   * The `_offline_code` of the get service in GMS: must differ from `onlineCode`, or the check
   * cannot see an OFFLINE node.
   *
   * @default 503
   */
  readonly offlineCode?: number;
}

/** Options of {@link GmsHealthCheck.custom}. */
export interface GmsCustomHealthCheckOptions {
  /** The path requested on every node, starting with `/`. */
  readonly path: string;

  /**
   * The port of the check.
   *
   * @default - the node group's traffic port
   */
  readonly port?: number;

  /**
   * HTTP status codes or ranges that mean healthy, such as `['200']` or `['200-299']`.
   *
   * @default ['200']
   */
  readonly statusCodes?: string[];

  /**
   * Text the response body must contain. Only Application Gateway probes match bodies: on AWS
   * a body is refused at synthesis.
   *
   * @default - no body match
   */
  readonly bodyContains?: string;

  /**
   * Whether this check fails for a node set OFFLINE (`changestatus/OFFLINE`). Without it the
   * constructs warn that the balancer may keep sending new chats to an OFFLINE node.
   *
   * @default false
   */
  readonly seesOffline?: boolean;
}

/** The service name {@link GmsHealthCheck.getService} uses when none is given. */
export const GMS_DEFAULT_HEALTH_SERVICE_NAME = 'health';

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const STATUS_CODE = /^[1-5]\d\d(?:-[1-5]\d\d)?$/;

/**
 * The health check of a GMS node group, the same choice on both clouds.
 *
 * The default, {@link GmsHealthCheck.getService}, needs the operator to create a get service in
 * GMS (see the README, "Operating GMS behind the edge").
 */
export class GmsHealthCheck {
  /**
   * The GMS builtin get service at `/genesys/1/service/<serviceName>`: its online code while
   * the node is ONLINE, its offline code (503) once an operator sets it OFFLINE. No
   * Authorization header unless Basic authentication is turned on for services in GMS.
   *
   * @param serviceName the service's execution name as created in GMS; default `health`
   */
  public static getService(serviceName: string = GMS_DEFAULT_HEALTH_SERVICE_NAME, options: GmsGetServiceHealthCheckOptions = {}): GmsHealthCheck {
    const online = options.onlineCode ?? 200;
    const offline = options.offlineCode ?? 503;
    return new GmsHealthCheck('getService', `${GMS_SERVICE_PATH}/${serviceName}`, [String(online)], undefined, undefined, online !== offline, {
      serviceName, onlineCode: online, offlineCode: offline,
    });
  }

  /**
   * The Node API status, `GET /genesys/1/admin/node/status`, healthy on 200 with body `ONLINE`.
   * GMS 8.5.1 and later want an Authorization header here, which no ALB health check or App
   * Gateway probe can send (a warning says so); ALB cannot match the body, so on AWS it cannot
   * see OFFLINE either (a second warning).
   */
  public static nodeStatus(): GmsHealthCheck {
    return new GmsHealthCheck('nodeStatus', GMS_NODE_STATUS_PATH, ['200'], GMS_NODE_STATUS_ONLINE, undefined, true, undefined);
  }

  /** Any path, port, codes and body of your own. */
  public static custom(options: GmsCustomHealthCheckOptions): GmsHealthCheck {
    return new GmsHealthCheck('custom', options.path, options.statusCodes ?? ['200'], options.bodyContains, options.port,
      options.seesOffline === true || (options.path === GMS_NODE_STATUS_PATH && options.bodyContains === GMS_NODE_STATUS_ONLINE), undefined);
  }

  private constructor(
    /** Which kind of check this is. */
    public readonly kind: GmsHealthCheckKind,
    /** The path requested on every node. */
    public readonly path: string,
    /** Status codes or ranges that mean healthy. */
    public readonly statusCodes: string[],
    /** Text the body must contain, if any. */
    public readonly bodyContains: string | undefined,
    /** The port of the check, if not the traffic port. */
    public readonly port: number | undefined,
    /** Whether the check fails for an OFFLINE node on a platform that matches what it asks for. */
    private readonly failsWhenOffline: boolean,
    /** The get service's settings, for a get service check. */
    public readonly getService: { readonly serviceName: string; readonly onlineCode: number; readonly offlineCode: number } | undefined,
  ) {}

  /**
   * Whether the balancer sees a node set OFFLINE: on a platform that matches only status
   * codes, a check relying on the body cannot.
   */
  public seesOffline(platformMatchesBody: boolean): boolean {
    if (!this.failsWhenOffline) {
      return false;
    }
    return this.kind === 'getService' || platformMatchesBody || this.bodyContains === undefined;
  }
}

/**
 * The values of a health check by field name, for each cloud to refuse its CDK's tokens: a
 * GmsHealthCheck is checked at synth and rendered as text, so a number token would be checked and
 * rendered as its encoding (-1.888e+289).
 * @internal
 */
export function healthCheckFields(check: GmsHealthCheck): Array<[string, unknown]> {
  return [
    ['path', check.path], ['port', check.port], ['onlineCode', check.getService?.onlineCode], ['offlineCode', check.getService?.offlineCode],
    ['serviceName', check.getService?.serviceName], ['bodyContains', check.bodyContains],
    ...(Array.isArray(check.statusCodes) ? check.statusCodes.map((code, index): [string, unknown] => [`statusCodes[${index}]`, code]) : []),
  ];
}

/** A warning about a health check: a stable id (without the library prefix) and a message. */
export interface HealthCheckWarning {
  readonly id: 'healthCheckBlindToOffline' | 'healthCheckNeedsAuthentication';
  readonly message: string;
}

/** What a platform's balancer can do, for {@link checkHealthCheck}. */
export interface HealthCheckPlatform {
  /** Whether the balancer can match the response body (App Gateway yes, ALB no). */
  readonly matchesBody: boolean;
  /** The lowest and highest status code the platform accepts as healthy. */
  readonly statusCodeRange: readonly [number, number];
  /** The platform's name, in messages. */
  readonly name: string;
}

/**
 * Checks a health check for a platform: an error message for bad input (first), the warnings
 * for legal but likely wrong input. Pure, so both clouds share it.
 */
export function checkHealthCheck(check: GmsHealthCheck, platform: HealthCheckPlatform): { error?: string; warnings: HealthCheckWarning[] } {
  if (!(check instanceof GmsHealthCheck)) {
    return { error: 'must come from GmsHealthCheck.getService(), GmsHealthCheck.nodeStatus() or GmsHealthCheck.custom()', warnings: [] };
  }
  const service = check.getService;
  if (service !== undefined && !SERVICE_NAME.test(service.serviceName)) {
    return { error: `must name a GMS service of 1-100 letters, digits, '_', '.' or '-' (its execution name under /genesys/1/service/); got ${JSON.stringify(service.serviceName)}`, warnings: [] };
  }
  if (service !== undefined) {
    for (const [option, code] of [['onlineCode', service.onlineCode], ['offlineCode', service.offlineCode]] as const) {
      if (!Number.isInteger(code) || code < 100 || code > 599) {
        return { error: `${option} must be an HTTP status code from 100 to 599; got ${code}`, warnings: [] };
      }
    }
  }
  if (typeof check.path !== 'string' || !check.path.startsWith('/') || check.path.length > 1024 || /[\s?#]/.test(check.path)) {
    return { error: `path must be an absolute path (starting with /, at most 1024 characters, no spaces, ? or #); got ${JSON.stringify(check.path)}`, warnings: [] };
  }
  if (check.port !== undefined && (!Number.isInteger(check.port) || check.port < 1 || check.port > 65535)) {
    return { error: `port must be an integer from 1 to 65535; got ${check.port}`, warnings: [] };
  }
  const [low, high] = platform.statusCodeRange;
  const codesValid = Array.isArray(check.statusCodes) && check.statusCodes.length > 0 && check.statusCodes.every((code) => {
    if (typeof code !== 'string' || !STATUS_CODE.test(code)) {
      return false;
    }
    const [from, to = from] = code.split('-').map(Number);
    return from >= low && to <= high && from <= to;
  });
  if (!codesValid) {
    return { error: `statusCodes must be HTTP codes or ranges from ${low} to ${high} on ${platform.name}, such as ['200'] or ['200-299']; got ${JSON.stringify(check.statusCodes)}`, warnings: [] };
  }
  if (check.kind === 'custom' && check.bodyContains !== undefined && !platform.matchesBody) {
    return { error: `bodyContains cannot be used on ${platform.name}: its health checks match status codes only (use GmsHealthCheck.getService(), whose status code follows ONLINE/OFFLINE)`, warnings: [] };
  }
  if (check.bodyContains !== undefined && (typeof check.bodyContains !== 'string' || check.bodyContains.length === 0 || check.bodyContains.length > 4096)) {
    return { error: `bodyContains must be 1-4096 characters; got ${JSON.stringify(check.bodyContains)}`, warnings: [] };
  }

  const warnings: HealthCheckWarning[] = [];
  if (check.kind === 'nodeStatus' || (check.kind === 'custom' && check.path === GMS_NODE_STATUS_PATH)) {
    warnings.push({
      id: 'healthCheckNeedsAuthentication',
      message: `is ${GMS_NODE_STATUS_PATH}, which GMS 8.5.1 and later answer only with an Authorization header; ${platform.name} cannot send one, so every node would be unhealthy. Use GmsHealthCheck.getService() (the default) on a current GMS`,
    });
  }
  if (!check.seesOffline(platform.matchesBody)) {
    const why = service !== undefined
      ? `the get service's onlineCode and offlineCode are both ${service.onlineCode}`
      : check.kind === 'nodeStatus' ? `${platform.name} matches status codes only and the node status answers 200 to ONLINE and OFFLINE alike`
        : 'it is not known to fail for an OFFLINE node (pass seesOffline: true to custom() if it does)';
    warnings.push({
      id: 'healthCheckBlindToOffline',
      message: `cannot see a node set OFFLINE (${why}): the balancer keeps sending it new chats after POST /genesys/1/admin/node/changestatus/OFFLINE. Use GmsHealthCheck.getService()`,
    });
  }
  return { warnings };
}
