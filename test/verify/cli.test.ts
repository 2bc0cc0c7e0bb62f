/**
 * The command line: usage errors exit 2 with the usage text, before any network use; the
 * options reach the checks as given.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VERIFY_USAGE, formatReport, parseResolveEntry, parseVerifyArgs, reportJson, runVerifyCommand, VerifyReport } from '../../lib/verify';

async function run(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runVerifyCommand(argv, {
    stdout: { write: (text: string) => { stdout += text; return true; } } as NodeJS.WritableStream,
    stderr: { write: (text: string) => { stderr += text; return true; } } as NodeJS.WritableStream,
  });
  return { status, stdout, stderr };
}

describe('gms-edge verify usage', () => {
  it.each([
    [[], /no command given/],
    [['check', 'https://chat.example.com'], /unknown command "check"/],
    [['verify'], /give the edge URL/],
    [['verify', 'https://chat.example.com'], /--embedding-origin is required/],
    [['verify', 'http://chat.example.com', '--embedding-origin', 'https://www.example.com'], /<edge-url> must be an https:\/\/ URL/],
    [['verify', 'https://chat.example.com', '--embedding-origin', 'https://www.example.com/shop'], /--embedding-origin must be an origin .* https:\/\/www\.example\.com/],
    [['verify', 'https://chat.example.com', '--embedding-origin', 'https://www.example.com', '--long-poll-seconds', '0'], /--long-poll-seconds must be a whole number of seconds from 1 to 600; got 0/],
    [['verify', 'https://chat.example.com', '--embedding-origin', 'https://www.example.com', '--long-poll-seconds', 'soon'], /--long-poll-seconds must be a whole number/],
    [['verify', 'https://chat.example.com', '--embedding-origin', 'https://www.example.com', '--resolve', 'chat.example.com:203.0.113.1'], /--resolve wants host:port:address/],
    [['verify', 'https://chat.example.com', '--embedding-origin', 'https://www.example.com', '--ca-file', '/no/such/ca.pem'], /--ca-file \/no\/such\/ca\.pem: ENOENT/],
    [['verify', 'https://chat.example.com', '--embedding-origin', 'https://www.example.com', '--chat-service', 'a/b'], /--chat-service must be a GMS service name/],
    [['verify', 'https://chat.example.com', '--embedding-origin', 'https://www.example.com', '--insecure'], /unknown flag --insecure/],
    [['verify', 'https://chat.example.com', '--embedding-origin'], /--embedding-origin needs a value/],
  ])('%j exits 2 naming the problem', async (argv, message) => {
    const { status, stdout, stderr } = await run(argv);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain(VERIFY_USAGE);
  });

  it('parses every flag, --resolve as often as given, a CA file as PEM text', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-'));
    try {
      const caFile = path.join(directory, 'ca.pem');
      fs.writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const command = parseVerifyArgs(['verify', 'https://chat.example.com', '--embedding-origin=https://www.example.com', '--json', '--browser',
        '--origin', 'https://alb.example.com', '--long-poll-seconds', '45', '--resolve', 'chat.example.com:443:203.0.113.10',
        '--resolve', 'alb.example.com:443:[2001:db8::1]', '--ca-file', caFile, '--chat-service', 'customer-support']);
      expect(command.json).toBe(true);
      expect(command.options).toEqual({
        edgeUrl: 'https://chat.example.com', embeddingOrigin: 'https://www.example.com', originUrl: 'https://alb.example.com', longPollSeconds: 45, browser: true,
        resolve: [{ host: 'chat.example.com', port: 443, address: '203.0.113.10' }, { host: 'alb.example.com', port: 443, address: '2001:db8::1' }],
        extraCaCertificates: fs.readFileSync(caFile, 'utf8'), chatService: 'customer-support',
      });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reads --resolve as curl does', () => {
    expect(parseResolveEntry('Chat.Example.com:8443:127.0.0.1')).toEqual({ host: 'chat.example.com', port: 8443, address: '127.0.0.1' });
    expect(() => parseResolveEntry('chat.example.com:70000:127.0.0.1')).toThrow(/host:port:address/);
  });
});

describe('the report', () => {
  const report: VerifyReport = {
    ok: false, edgeUrl: 'https://chat.example.com', embeddingOrigin: 'https://www.example.com',
    checks: [
      { id: 'tls', ok: true, status: 'passed', detail: 'certificate valid' },
      { id: 'cors', ok: false, status: 'failed', detail: 'Access-Control-Allow-Origin is *', hint: 'answer the exact origin' },
      { id: 'cometd', ok: true, status: 'skipped', detail: 'not measured', hint: 'fix stickiness first' },
    ],
  };

  it('is a table for people: a mark, the id, one line why, and a fix under a failure', () => {
    expect(formatReport(report).split('\n')).toEqual([
      'gms-edge verify https://chat.example.com (embedded in https://www.example.com)',
      '',
      '✓ tls     certificate valid',
      '✗ cors    Access-Control-Allow-Origin is *',
      '          fix: answer the exact origin',
      '– cometd  not measured',
      '          fix: fix stickiness first',
      '',
      '1 of 3 checks failed',
      '',
    ]);
  });

  it('is one object per check for pipelines', () => {
    const parsed = JSON.parse(reportJson(report));
    expect(parsed.ok).toBe(false);
    expect(parsed.checks.map((check: { id: string; ok: boolean }) => [check.id, check.ok])).toEqual([['tls', true], ['cors', false], ['cometd', true]]);
    expect(parsed.checks[1]).toEqual({ id: 'cors', ok: false, status: 'failed', detail: 'Access-Control-Allow-Origin is *', hint: 'answer the exact origin' });
  });
});
