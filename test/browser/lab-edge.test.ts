/**
 * The lab's own guarantees, checked without a browser: it refuses to run without Chromium,
 * without Firefox or without the synthesized output (never a skip), it answers with one header line per
 * Set-Cookie, and its balancer emulation sets and honours the affinity cookies as documented.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { AlbStickiness, AppGatewayAffinity } from '../lab/balancer-affinity';
import { chromiumPath } from '../lab/chromium';
import { firefoxPath } from '../lab/firefox';
import { withoutPartitioned } from '../lab/edge-profiles';
import { parseCookieHeader } from '../lab/gms-edge-server';
import { GMS_HOST, Lab, startLab } from '../lab/lab';
import { missingSynthArtifacts, synthesizedApplicationGatewayBody, synthesizedCloudFrontFunctionCode, synthesizedLambdaEdgeCode } from '../lab/synthesized-edge';

interface RawResponse {
  readonly statusCode: number;
  readonly rawHeaders: string[];
  readonly body: string;
}

/** A POST to the edge as gms.test, trusting the lab's CA, keeping the raw header lines. */
function post(lab: Lab, pathname: string, body: string, cookie?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request({
      host: '127.0.0.1',
      port: lab.edge.port,
      servername: GMS_HOST,
      ca: fs.readFileSync(lab.caCertificatePath),
      method: 'POST',
      path: pathname,
      headers: { 'Host': `${GMS_HOST}:${lab.edge.port}`, 'Content-Type': 'application/json', ...(cookie === undefined ? {} : { Cookie: cookie }) },
      agent: false,
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function setCookieLines(response: RawResponse): string[] {
  return response.rawHeaders.filter((_, index) => index % 2 === 1 && response.rawHeaders[index - 1].toLowerCase() === 'set-cookie');
}

const HANDSHAKE = JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]);

describe('the browser lab', () => {
  describe('prerequisites', () => {
    const saved = { CHROMIUM_PATH: process.env.CHROMIUM_PATH, FIREFOX_PATH: process.env.FIREFOX_PATH };
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) {
          delete process.env[name];
        } else {
          process.env[name] = value;
        }
      }
    });

    it('fails with an install hint when Chromium is missing', () => {
      process.env.CHROMIUM_PATH = path.join(os.tmpdir(), 'no-such-chromium');
      expect(() => chromiumPath()).toThrow(/Chromium not found at .*no-such-chromium\. Install it with: apt-get update && apt-get install -y --no-install-recommends chromium/);
    });

    it('fails with an install hint when Firefox is missing', () => {
      process.env.FIREFOX_PATH = path.join(os.tmpdir(), 'no-such-firefox');
      expect(() => firefoxPath()).toThrow(/Firefox not found at .*no-such-firefox\. Install it with: apt-get update && apt-get install -y --no-install-recommends firefox-esr/);
    });

    it('fails naming `npm run synth` when the synthesized output is missing', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gms-lab-empty-'));
      try {
        expect(missingSynthArtifacts(empty)).toEqual(['cdk.out/GmsEdge.template.json', 'cdk.out/GmsEdgeLambdaEdge.template.json', 'cdktf.out/stacks/gms-edge/cdk.tf.json']);
        expect(() => synthesizedCloudFrontFunctionCode(empty)).toThrow(/cdk\.out\/GmsEdge\.template\.json.*Run `npm run synth:aws` \(or `npm run synth`\)/);
        expect(() => synthesizedLambdaEdgeCode(empty)).toThrow(/GmsEdgeLambdaEdge\.template\.json.*npm run synth/);
        expect(() => synthesizedApplicationGatewayBody(empty)).toThrow(/cdk\.tf\.json.*Run `npm run synth:azure`/);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  describe('balancer affinity emulation', () => {
    it('ALB sets AWSALB and AWSALBCORS (SameSite=None; Secure) with the same opaque value on every response', () => {
      const alb = new AlbStickiness(86_400);
      const [awsalb, cors] = alb.responseCookies('gms-a', true);
      expect(awsalb).toMatch(/^AWSALB=[A-Za-z0-9+/=]{80,}; Expires=[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT; Path=\/$/);
      expect(cors).toMatch(/^AWSALBCORS=[A-Za-z0-9+/=]{80,}; Expires=.+ GMT; Path=\/; SameSite=None; Secure$/);
      expect(awsalb.split(';')[0].split('=').slice(1).join('=')).toBe(cors.split(';')[0].split('=').slice(1).join('='));
      expect(alb.responseCookies('gms-a', false)).toHaveLength(2);
    });

    it('ALB routes by either cookie, and ignores a cookie naming an unhealthy node or one it cannot decrypt', () => {
      const alb = new AlbStickiness();
      const value = alb.responseCookies('gms-b', false)[0].split(';')[0].slice('AWSALB='.length);
      expect(alb.stickyNode(new Map([['AWSALB', value]]), ['gms-a', 'gms-b'])).toBe('gms-b');
      expect(alb.stickyNode(new Map([['AWSALBCORS', value]]), ['gms-a', 'gms-b'])).toBe('gms-b');
      expect(alb.stickyNode(new Map([['AWSALB', value]]), ['gms-a'])).toBeUndefined();
      expect(alb.stickyNode(new Map([['AWSALB', 'Z2FyYmFnZQ==']]), ['gms-a', 'gms-b'])).toBeUndefined();
      expect(new AlbStickiness().stickyNode(new Map([['AWSALB', value]]), ['gms-a', 'gms-b'])).toBeUndefined();
    });

    it('Application Gateway sets its affinity pair only when the request carried no valid one', () => {
      const gateway = new AppGatewayAffinity();
      const [affinity, cors] = gateway.responseCookies('gms-a', false);
      expect(affinity).toMatch(/^ApplicationGatewayAffinity=[0-9a-f]{32}; Path=\/$/);
      expect(cors).toMatch(/^ApplicationGatewayAffinityCORS=[0-9a-f]{32}; Path=\/; SameSite=None; Secure$/);
      expect(gateway.responseCookies('gms-a', true)).toEqual([]);
      const value = affinity.split(';')[0].split('=')[1];
      expect(gateway.stickyNode(new Map([['ApplicationGatewayAffinityCORS', value]]), ['gms-a', 'gms-b'])).toBe('gms-a');
      expect(new AppGatewayAffinity('GmsAffinity').responseCookies('gms-a', false).map((header) => header.split('=')[0])).toEqual(['GmsAffinity', 'GmsAffinityCORS']);
    });
  });

  describe('helpers', () => {
    it('strips only the Partitioned attribute for the Partitioned control', () => {
      expect(withoutPartitioned('A=1; Path=/; Partitioned; SameSite=None; Secure')).toBe('A=1; Path=/; SameSite=None; Secure');
      expect(withoutPartitioned('A=Partitioned; partitioned=x; Secure')).toBe('A=Partitioned; Secure');
    });

    it('parses a Cookie header, first occurrence winning', () => {
      expect([...parseCookieHeader('a=1; b=x=y;a=2; junk')]).toEqual([['a', '1'], ['b', 'x=y']]);
    });
  });

  describe.each(['aws-cloudfront-function', 'aws-lambda-edge', 'azure-application-gateway'] as const)('the %s edge', (kind) => {
    let lab: Lab;

    beforeAll(async () => {
      // Health checks only when the test asks (checkHealth), so their timing cannot race it.
      lab = await startLab({ edge: kind, healthCheckIntervalMs: 3_600_000 });
    });

    afterAll(async () => {
      await lab?.stop();
    });

    it('answers a CometD handshake with one Set-Cookie header line per cookie, each rewritten by the synthesized enforcement', async () => {
      const response = await post(lab, '/genesys/cometd/handshake', HANDSHAKE);
      expect(response.statusCode).toBe(200);
      const lines = setCookieLines(response);
      expect(lines.map((line) => line.split('=')[0])).toEqual(['BAYEUX_BROWSER', ...(kind === 'azure-application-gateway' ? ['ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS'] : ['AWSALB', 'AWSALBCORS'])]);
      for (const line of lines) {
        expect(line).toMatch(/; Partitioned/);
        expect(line).toMatch(/SameSite=None/);
        expect(line).toMatch(/; Secure/);
      }
      // The node's value and HttpOnly stay; the edge adds the rest (in its own order).
      expect(lines[0]).toMatch(/^BAYEUX_BROWSER=[0-9a-f]{40};/);
      expect(lines[0].split(';').slice(1).map((attribute) => attribute.trim().toLowerCase())).toEqual(expect.arrayContaining(['httponly', 'path=/', 'samesite=none', 'secure', 'partitioned']));
    });

    it('keeps the session on the node that holds it (the handshake cookies route the next /meta/connect)', async () => {
      const handshake = await post(lab, '/genesys/cometd/handshake', HANDSHAKE);
      const reply = JSON.parse(handshake.body) as Array<{ clientId: string; successful: boolean }>;
      expect(reply[0].successful).toBe(true);
      const cookie = setCookieLines(handshake).map((line) => line.split(';')[0]).join('; ');
      const connect = await post(lab, '/genesys/cometd/connect', JSON.stringify([{ channel: '/meta/connect', clientId: reply[0].clientId, connectionType: 'long-polling', advice: { timeout: 0 } }]), cookie);
      expect(JSON.parse(connect.body)).toMatchObject([{ channel: '/meta/connect', successful: true }]);
      const exchanges = lab.edge.exchanges.slice(-2);
      expect(exchanges[1].stuck).toBe(true);
      expect(exchanges[1].node).toBe(exchanges[0].node);
    });

    it('answers 502 itself when the chosen node is down, and moves the affinity to a healthy node', async () => {
      const handshake = await post(lab, '/genesys/cometd/handshake', HANDSHAKE);
      const cookie = setCookieLines(handshake).map((line) => line.split(';')[0]).join('; ');
      const holder = lab.edge.exchanges[lab.edge.exchanges.length - 1].node;
      const node = lab.nodes.find((candidate) => candidate.name === holder);
      await node!.stop();

      const refused = await post(lab, '/genesys/cometd/connect', '[{"channel":"/meta/connect"}]', cookie);
      expect(refused.statusCode).toBe(502);
      expect(lab.edge.exchanges[lab.edge.exchanges.length - 1]).toMatchObject({ generatedByBalancer: true, target: holder, node: undefined });

      for (let round = 0; round < lab.profile.balancer.healthCheck.unhealthyThreshold; round++) {
        await lab.edge.checkHealth(); // the synthesized number of failed checks in a row: unhealthy
      }
      expect(lab.edge.healthyNodes()).not.toContain(holder);
      const moved = await post(lab, '/genesys/cometd/connect', '[{"channel":"/meta/connect","clientId":"gone"}]', cookie);
      expect(JSON.parse(moved.body)).toMatchObject([{ successful: false, error: '402::session_unknown', advice: { reconnect: 'handshake' } }]);
      const last = lab.edge.exchanges[lab.edge.exchanges.length - 1];
      expect(last.node).not.toBe(holder);
      expect(last.stuck).toBe(false);
      expect(setCookieLines(moved).map((line) => line.split('=')[0])).toEqual(kind === 'azure-application-gateway' ? ['ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS'] : ['AWSALB', 'AWSALBCORS']);
    });
  });
});
