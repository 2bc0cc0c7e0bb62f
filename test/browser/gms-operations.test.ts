/**
 * Operating GMS behind each synthesized edge, in the lab (HTTP clients through the edge, no
 * browser; the scenarios are a list so they can join the browser suite's scenario list):
 * - with the synthesized health check (the get service) both nodes become healthy;
 * - a node set OFFLINE mid-chat gets no new chats, and the chat on it re-handshakes onto the
 *   other node and resumes;
 * - an admin path through the edge is refused without reaching a node, while chat keeps working.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { labAdminAuthorization } from '../lab/gms-admin';
import { GmsNode } from '../lab/gms-node';
import { GMS_HOST, Lab, startLab } from '../lab/lab';

interface Answer {
  readonly statusCode: number;
  readonly setCookies: string[];
  readonly body: string;
}

/** A client of the edge with its own cookie jar, as one browser. */
class EdgeClient {
  private readonly jar = new Map<string, string>();
  public constructor(private readonly lab: Lab) {}

  public async post(pathname: string, body: string, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Answer> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = https.request({
        host: '127.0.0.1', port: this.lab.edge.port, servername: GMS_HOST, ca: fs.readFileSync(this.lab.caCertificatePath), method: 'POST', path: pathname, agent: false,
        headers: { 'Host': `${GMS_HOST}:${this.lab.edge.port}`, 'Content-Type': contentType, ...(cookie === '' ? {} : { Cookie: cookie }), ...headers },
      }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => { text += chunk; });
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, setCookies: response.headers['set-cookie'] ?? [], body: text }));
      });
      request.on('error', reject);
      request.end(body);
    });
    for (const line of answer.setCookies) {
      const pair = line.split(';')[0];
      this.jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return answer;
  }

  /** A CometD handshake; the clientId. */
  public async handshake(): Promise<string> {
    const answer = await this.post('/genesys/cometd/handshake', JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]));
    const [reply] = JSON.parse(answer.body) as Array<{ successful: boolean; clientId: string }>;
    expect(reply.successful).toBe(true);
    return reply.clientId;
  }

  /** A /meta/connect that returns at once; the reply. */
  public async connect(clientId: string): Promise<{ successful: boolean; error?: string; advice?: { reconnect?: string } }> {
    const answer = await this.post('/genesys/cometd/connect', JSON.stringify([{ channel: '/meta/connect', clientId, connectionType: 'long-polling', advice: { timeout: 0 } }]));
    return (JSON.parse(answer.body) as Array<{ successful: boolean; error?: string; advice?: { reconnect?: string } }>)[0];
  }

  public chat(pathname: string, form: Record<string, string>): Promise<Answer> {
    return this.post(pathname, new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded');
  }
}

/** An admin request straight to a node, from inside the network (Basic auth unless told otherwise). */
function adminRequest(node: GmsNode, method: string, pathname: string, authenticated = true): Promise<{ statusCode: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: node.port, method, path: pathname, headers: authenticated ? { Authorization: labAdminAuthorization() } : {} }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: text, setCookie: response.headers['set-cookie'] ?? [] }));
    });
    request.on('error', reject);
    request.end();
  });
}

const lastNode = (lab: Lab): string | undefined => lab.edge.exchanges[lab.edge.exchanges.length - 1]?.node;

async function runHealthChecks(lab: Lab, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await lab.edge.checkHealth();
  }
}

describe.each(['aws-cloudfront-function', 'aws-lambda-edge', 'azure-application-gateway'] as const)('GMS behind the %s edge', (kind) => {
  let lab: Lab;

  beforeAll(async () => {
    // Health checks only when the test asks (checkHealth), so their timing cannot race it.
    lab = await startLab({ edge: kind, healthCheckIntervalMs: 3_600_000 });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('models GMS: the Node API wants Basic auth, the get service does not, and both set JSESSIONID; Path=/genesys', async () => {
    const [node] = lab.nodes;
    expect(await adminRequest(node, 'GET', '/genesys/1/admin/node/status', false)).toMatchObject({ statusCode: 401 });
    const status = await adminRequest(node, 'GET', '/genesys/1/admin/node/status');
    expect(status).toMatchObject({ statusCode: 200, body: 'ONLINE' });
    expect(status.setCookie[0]).toMatch(/^JSESSIONID=[^;]+; Path=\/genesys; HttpOnly$/);
    expect(await adminRequest(node, 'POST', '/genesys/1/admin/node/changestatus/OFFLINE', false)).toMatchObject({ statusCode: 401 });
    expect(await adminRequest(node, 'GET', '/genesys/1/service/health', false)).toMatchObject({ statusCode: 200 });
  });

  it('with the synthesized health check (the get service), both nodes become healthy', () => {
    expect(lab.profile.balancer.healthCheck.path).toBe('/genesys/1/service/health');
    expect(lab.edge.healthyNodes()).toEqual(['gms-a', 'gms-b']);
  });

  it('refuses an admin path at the edge without reaching a node, while chat keeps working', async () => {
    const client = new EdgeClient(lab);
    const refusedStatus = kind === 'azure-application-gateway' ? 502 : 403;
    for (const pathname of ['/genesys/1/admin/node/changestatus/OFFLINE', '/genesys/1/admin/node/status', '/genesys/1/service/health']) {
      const answer = await client.post(pathname, '', 'text/plain', { Authorization: labAdminAuthorization() });
      expect([pathname, answer.statusCode]).toEqual([pathname, refusedStatus]);
      expect(lab.edge.exchanges[lab.edge.exchanges.length - 1]).toMatchObject({ generatedByBalancer: true, node: undefined });
    }
    expect(lab.nodes.map((node) => node.status)).toEqual(['ONLINE', 'ONLINE']);
    const clientId = await client.handshake();
    expect((await client.connect(clientId)).successful).toBe(true);
  });

  it('sends no new chats to a node set OFFLINE; the chat on it re-handshakes onto the other node and resumes', async () => {
    const client = new EdgeClient(lab);
    const clientId = await client.handshake();
    const holderName = lastNode(lab)!;
    const holder = lab.nodes.find((node) => node.name === holderName)!;
    const other = lab.nodes.find((node) => node !== holder)!;
    const requested = await client.chat('/genesys/2/chat/customer-support', { nickname: 'Shopper' });
    const chat = JSON.parse(requested.body) as { chatId: string; userId: string; secureKey: string };
    expect(lastNode(lab)).toBe(holderName);
    expect((await client.chat(`/genesys/2/chat/customer-support/${chat.chatId}/send`, { userId: chat.userId, secureKey: chat.secureKey, message: 'before' })).statusCode).toBe(200);

    // The operator takes the node out, from inside the network.
    expect(await adminRequest(holder, 'POST', '/genesys/1/admin/node/changestatus/OFFLINE')).toMatchObject({ statusCode: 200 });
    expect(await adminRequest(holder, 'GET', '/genesys/1/service/health', false)).toMatchObject({ statusCode: 503 });
    await runHealthChecks(lab, lab.profile.balancer.healthCheck.unhealthyThreshold);
    expect(lab.edge.healthyNodes()).toEqual([other.name]);

    try {
      // The chat's next CometD request lands on the other node, which does not know the client.
      expect(await client.connect(clientId)).toMatchObject({ successful: false, error: '402::session_unknown', advice: { reconnect: 'handshake' } });
      expect(lastNode(lab)).toBe(other.name);
      const newClientId = await client.handshake();
      expect(lastNode(lab)).toBe(other.name);
      expect((await client.connect(newClientId)).successful).toBe(true);
      // The chat resumes there: its transcript and a new message.
      const refreshed = await client.chat(`/genesys/2/chat/customer-support/${chat.chatId}/refresh`, { userId: chat.userId, secureKey: chat.secureKey, fromPosition: '1' });
      expect(refreshed.statusCode).toBe(200);
      expect(refreshed.body).toContain('before');
      expect((await client.chat(`/genesys/2/chat/customer-support/${chat.chatId}/send`, { userId: chat.userId, secureKey: chat.secureKey, message: 'after' })).statusCode).toBe(200);
      expect(lastNode(lab)).toBe(other.name);

      // New chats all land on the node still ONLINE.
      for (let index = 0; index < 4; index++) {
        await new EdgeClient(lab).handshake();
        expect(lastNode(lab)).toBe(other.name);
      }
    } finally {
      await adminRequest(holder, 'POST', '/genesys/1/admin/node/changestatus/ONLINE');
      await runHealthChecks(lab, lab.profile.balancer.healthCheck.healthyThreshold);
    }
    expect(lab.edge.healthyNodes()).toEqual(['gms-a', 'gms-b']);
  });
});
