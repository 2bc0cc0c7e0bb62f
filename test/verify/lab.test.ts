/**
 * `gms-edge verify` against the lab, whose edges run the synthesized code (cdk.out/, cdktf.out/):
 * through each edge every check passes, and each broken variant fails exactly the check that
 * names it while the others still pass. Certificates are checked against the lab's throwaway CA
 * (--ca-file); the lab's CometD holds a long poll 3 s, so the hold is proven with
 * --long-poll-seconds 3 (the command's default is 30).
 */
import { EDGE_KINDS, EdgeKind } from '../lab/edge-profiles';
import { GMS_HOST, Lab, LabOptions, ORIGIN_HOST, startLab } from '../lab/lab';
import { CheckId, VerifyReport, runVerifyCommand } from '../../lib/verify';

const HOLD_SECONDS = 3;
/** The synthesized edges add no HSTS yet; the lab adds it here as a response headers policy would. */
const WITH_HSTS = { strictTransportSecurity: 'max-age=31536000' };

function isAws(kind: EdgeKind): boolean {
  return kind !== 'azure-application-gateway';
}

/** The command line a person would type against this lab. */
function commandLine(lab: Lab, extra: string[] = []): string[] {
  const edgePort = new URL(lab.gmsOrigin).port;
  const argv = ['verify', lab.gmsOrigin, '--embedding-origin', lab.shopOrigin, '--json',
    '--resolve', `${GMS_HOST}:${edgePort}:127.0.0.1`, '--ca-file', lab.caCertificatePath, '--long-poll-seconds', String(HOLD_SECONDS)];
  if (lab.originUrl !== undefined) {
    argv.push('--origin', lab.originUrl, '--resolve', `${ORIGIN_HOST}:${new URL(lab.originUrl).port}:127.0.0.1`);
  }
  return [...argv, ...extra];
}

interface Run {
  readonly status: number;
  readonly report: VerifyReport;
  readonly stderr: string;
}

async function verifyLab(options: Omit<LabOptions, 'cometdTimeoutMs' | 'originListener'>, extra: string[] = []): Promise<Run> {
  const lab = await startLab({ ...options, cometdTimeoutMs: HOLD_SECONDS * 1000, originListener: isAws(options.edge) });
  try {
    let stdout = '';
    let stderr = '';
    const status = await runVerifyCommand(commandLine(lab, extra), {
      stdout: { write: (text: string) => { stdout += text; return true; } } as NodeJS.WritableStream,
      stderr: { write: (text: string) => { stderr += text; return true; } } as NodeJS.WritableStream,
    });
    return { status, report: JSON.parse(stdout) as VerifyReport, stderr };
  } finally {
    await lab.stop();
  }
}

function failing(report: VerifyReport): CheckId[] {
  return report.checks.filter((check) => !check.ok).map((check) => check.id);
}

function check(report: VerifyReport, id: CheckId) {
  const found = report.checks.find((candidate) => candidate.id === id);
  if (found === undefined) {
    throw new Error(`no ${id} check in ${JSON.stringify(report.checks.map((each) => each.id))}`);
  }
  return found;
}

describe('gms-edge verify against the lab', () => {
  describe.each(EDGE_KINDS)('through the %s edge', (edge) => {
    it('passes every check and exits 0', async () => {
      const { status, report, stderr } = await verifyLab({ edge, knobs: WITH_HSTS }, ['--chat-service', 'customer-support']);
      expect(failing(report)).toEqual([]);
      expect(report.checks.map((each) => each.id)).toEqual(['tls', 'cors', 'stickiness', 'cometd', 'long-poll', 'cookies', 'exposure', ...(isAws(edge) ? ['origin'] : []), 'chat-api']);
      expect(report.checks.every((each) => each.status === 'passed')).toBe(true);
      expect(status).toBe(0);
      // Every cookie the synthesized rewrite sent is listed, partitioned; the balancer's included.
      const cookies = check(report, 'cookies').cookies ?? [];
      const names = new Set(cookies.map((cookie) => cookie.name));
      expect(names).toEqual(new Set(['BAYEUX_BROWSER', 'JSESSIONID', ...(isAws(edge) ? ['AWSALB', 'AWSALBCORS'] : ['ApplicationGatewayAffinity', 'ApplicationGatewayAffinityCORS'])]));
      // Values are not reported (reports end up in logs); the attributes are, as received.
      expect(cookies.find((cookie) => cookie.name === 'BAYEUX_BROWSER')?.header).toMatch(/^BAYEUX_BROWSER=<40 characters>; .*HttpOnly;.*Partitioned/);
      for (const cookie of cookies) {
        expect({ name: cookie.name, secure: cookie.secure, partitioned: cookie.partitioned, sameSite: cookie.sameSite, problems: cookie.problems })
          .toEqual({ name: cookie.name, secure: true, partitioned: true, sameSite: 'None', problems: [] });
      }
      expect(check(report, 'long-poll').detail).toMatch(/held [3-9]\.[0-9] s .*came back 200/);
      expect(stderr).toMatch(/long-poll: holding \/meta\/connect/);
    });
  });

  it('fails only tls on the lab as synthesized today: the edges send no HSTS', async () => {
    const { status, report } = await verifyLab({ edge: 'aws-cloudfront-function' });
    expect(failing(report)).toEqual(['tls']);
    expect(check(report, 'tls').detail).toMatch(/no Strict-Transport-Security header/);
    expect(status).toBe(1);
  });

  describe('certificates are always checked', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ edge: 'aws-cloudfront-function', knobs: WITH_HSTS });
    });
    afterAll(() => lab.stop());

    const verify = (argv: string[]) => runVerifyCommand(argv, {
      stdout: { write: () => true } as unknown as NodeJS.WritableStream,
      stderr: { write: () => true } as unknown as NodeJS.WritableStream,
    });
    const reportOf = async (edgeUrl: string, extra: string[]): Promise<VerifyReport> => {
      let stdout = '';
      const status = await runVerifyCommand(['verify', edgeUrl, '--embedding-origin', lab.shopOrigin, '--json', ...extra], {
        stdout: { write: (text: string) => { stdout += text; return true; } } as NodeJS.WritableStream,
        stderr: { write: () => true } as unknown as NodeJS.WritableStream,
      });
      expect(status).toBe(1);
      return JSON.parse(stdout) as VerifyReport;
    };

    it('fails tls without the lab CA, and skips every other check', async () => {
      const port = new URL(lab.gmsOrigin).port;
      const report = await reportOf(lab.gmsOrigin, ['--resolve', `${GMS_HOST}:${port}:127.0.0.1`]);
      expect(failing(report)).toEqual(['tls']);
      expect(check(report, 'tls').detail).toMatch(/not signed by a trusted CA|issuer is not trusted|untrusted root/);
      expect(report.checks.filter((each) => each.id !== 'tls').every((each) => each.status === 'skipped')).toBe(true);
    });

    it('fails tls for a host name the certificate does not cover, even with the CA', async () => {
      const port = new URL(lab.gmsOrigin).port;
      const report = await reportOf(`https://wrong.test:${port}`, ['--resolve', `wrong.test:${port}:127.0.0.1`, '--ca-file', lab.caCertificatePath]);
      expect(check(report, 'tls').detail).toMatch(/^the certificate does not cover this host name \(ERR_TLS_CERT_ALTNAME_INVALID/);
    });

    it('reports an edge that is not reachable', async () => {
      const report = await reportOf('https://gms.test:1', ['--resolve', 'gms.test:1:127.0.0.1']);
      expect(check(report, 'tls').detail).toMatch(/gms\.test:1 is not reachable: ECONNREFUSED/);
      expect(await verify(['verify', 'https://gms.test:1'])).toBe(2);
    });
  });

  describe('--browser: the same chat in headless Chromium with third-party cookies blocked', () => {
    it('passes through the edge, trusting the lab CA through the profile (no certificate errors ignored)', async () => {
      const { report } = await verifyLab({ edge: 'azure-application-gateway', knobs: WITH_HSTS }, ['--browser']);
      expect(failing(report)).toEqual([]);
      expect(check(report, 'browser').detail).toMatch(/third-party cookies blocked, on https:\/\/shop\.test:[0-9]+: handshake and 5 \/meta\/connect round trips ok; cookies kept: .*BAYEUX_BROWSER/);
      expect(check(report, 'browser').detail).not.toMatch(/unpartitioned/);
    });

    it('fails with the rewrite off, because the browser drops the cookies the session needs', async () => {
      const { report } = await verifyLab({ edge: 'aws-cloudfront-function', rewrite: false, knobs: WITH_HSTS }, ['--browser']);
      expect(failing(report)).toEqual(['cookies', 'browser']);
      expect(check(report, 'browser').detail).toMatch(/402::session_unknown .* after handshake; cookies kept: none/);
    });
  });

  describe('each broken variant fails exactly the check that names it', () => {
    it('the rewrite off: cookies', async () => {
      const { status, report } = await verifyLab({ edge: 'azure-application-gateway', rewrite: false, knobs: WITH_HSTS });
      expect(failing(report)).toEqual(['cookies']);
      expect(check(report, 'cookies').detail).toMatch(/BAYEUX_BROWSER: no Secure, no Partitioned, no SameSite=None/);
      expect(check(report, 'cookies').detail).toMatch(/ApplicationGatewayAffinityCORS: no Partitioned/);
      expect(status).toBe(1);
    });

    it('stickiness off: stickiness (the CometD checks name it as the cause instead of failing)', async () => {
      const { report } = await verifyLab({ edge: 'aws-lambda-edge', stickiness: false, knobs: WITH_HSTS });
      expect(failing(report)).toEqual(['stickiness']);
      expect(check(report, 'stickiness').detail).toMatch(/did not know the session: 402::session_unknown/);
      for (const id of ['cometd', 'long-poll'] as const) {
        expect(check(report, id).status).toBe('skipped');
        expect(check(report, id).hint).toBe('fix stickiness first');
      }
    });

    it('an admin path open: exposure', async () => {
      const { report } = await verifyLab({ edge: 'aws-cloudfront-function', knobs: { ...WITH_HSTS, publishedPaths: 'every-path' } });
      expect(failing(report)).toEqual(['exposure']);
      expect(check(report, 'exposure').detail).toMatch(/GET \/genesys\/1\/admin\/node\/status answered 401 \(Unauthorized\)/);
    });

    it('an origin read timeout shorter than the long poll: long-poll (504)', async () => {
      const { report } = await verifyLab({ edge: 'azure-application-gateway', knobs: { ...WITH_HSTS, originReadTimeoutMs: 1_500 } });
      expect(failing(report)).toEqual(['long-poll']);
      expect(check(report, 'long-poll').detail).toMatch(/HTTP 504 after 1\.[0-9] s, before the 3 s hold ended/);
    });

    it('CORS answering *: cors', async () => {
      const { report } = await verifyLab({ edge: 'aws-lambda-edge', knobs: { ...WITH_HSTS, cors: 'wildcard' } });
      expect(failing(report)).toEqual(['cors']);
      expect(check(report, 'cors').detail).toMatch(/Access-Control-Allow-Origin is \*, which browsers refuse/);
    });

    it('the load balancer reachable without the secret header: origin', async () => {
      const { report } = await verifyLab({ edge: 'aws-cloudfront-function', knobs: { ...WITH_HSTS, originRequiresSecretHeader: false } });
      expect(failing(report)).toEqual(['origin']);
      expect(check(report, 'origin').detail).toMatch(/answered HTTP 200 to a request that did not come through CloudFront/);
    });
  });
});
