/**
 * The GMS Node API and the builtin get service, as Genesys documents them, for the lab nodes:
 * - `GET /genesys/1/admin/node/status`: `200` with body `ONLINE` or `OFFLINE`; needs an
 *   Authorization header (Basic) from GMS 8.5.1 on (docs.genesys.com/Documentation/GMS/latest/API/NodeAPI,
 *   example `curl -u default:password`): `401` with a `WWW-Authenticate` challenge without it;
 * - `POST /genesys/1/admin/node/changestatus/{ONLINE|OFFLINE}`: the same authentication;
 * - the get service `/genesys/1/service/<name>` (Help/GetService): `_online_code` (200) when
 *   ONLINE, `_offline_code` (503) when OFFLINE; no credentials while Basic authentication is off
 *   for services, the GMS default (Deployment/BasicAuthentication). It answers GET, what load
 *   balancers send (the page documents it for load-balancer health checks);
 * - every response of these paths sets a Jetty session, `JSESSIONID=…; Path=/genesys; HttpOnly`.
 */
import * as http from 'node:http';

/** The Basic credentials the lab's Node API accepts (Genesys' own example). */
export const LAB_ADMIN_CREDENTIALS = { username: 'default', password: 'password' } as const;

/** The name of the get service the lab nodes have configured (the constructs' default). */
export const LAB_GET_SERVICE_NAME = 'health';

/** ONLINE or OFFLINE, as the Node API says it. */
export type GmsNodeStatus = 'ONLINE' | 'OFFLINE';

/** The admin state of one node. */
export interface GmsAdminState {
  status: GmsNodeStatus;
}

const CHANGE_STATUS = /^\/genesys\/1\/admin\/node\/changestatus\/(ONLINE|OFFLINE)$/;

function authorized(request: http.IncomingMessage): boolean {
  const header = request.headers.authorization ?? '';
  const expected = `Basic ${Buffer.from(`${LAB_ADMIN_CREDENTIALS.username}:${LAB_ADMIN_CREDENTIALS.password}`).toString('base64')}`;
  return header === expected;
}

function answer(response: http.ServerResponse, status: number, body: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain;charset=UTF-8');
  response.end(body);
}

/**
 * Serves the Node API and the get service; returns false for any other path.
 *
 * @param ensureSession sets the Jetty session cookie, as for every other GMS response
 */
export function handleGmsAdmin(request: http.IncomingMessage, response: http.ServerResponse, path: string, state: GmsAdminState, ensureSession: () => void): boolean {
  if (path === `/genesys/1/service/${LAB_GET_SERVICE_NAME}`) {
    ensureSession();
    answer(response, state.status === 'ONLINE' ? 200 : 503, state.status === 'ONLINE' ? '{"_service":"get","_type":"builtin"}' : '');
    return true;
  }
  const changeStatus = CHANGE_STATUS.exec(path);
  if (path !== '/genesys/1/admin/node/status' && changeStatus === null && !path.startsWith('/genesys/1/admin/')) {
    return false;
  }
  if (!authorized(request)) {
    response.setHeader('WWW-Authenticate', 'Basic realm="Genesys Application Configuration Needed"');
    answer(response, 401, 'Unauthorized');
    return true;
  }
  ensureSession();
  if (path === '/genesys/1/admin/node/status' && request.method === 'GET') {
    answer(response, 200, state.status);
    return true;
  }
  if (changeStatus !== null && request.method === 'POST') {
    state.status = changeStatus[1] as GmsNodeStatus;
    answer(response, 200, '');
    return true;
  }
  answer(response, 404, 'Not Found');
  return true;
}

/** Basic credentials for the lab's Node API, as an Authorization header value. */
export function labAdminAuthorization(): string {
  return `Basic ${Buffer.from(`${LAB_ADMIN_CREDENTIALS.username}:${LAB_ADMIN_CREDENTIALS.password}`).toString('base64')}`;
}
