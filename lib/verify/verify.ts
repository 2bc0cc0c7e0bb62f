import { checkCookies, checkCors, checkExposure, checkOrigin, checkTls } from './checks';
import { checkCometd, checkLongPoll, checkStickiness } from './cometd';
import { CheckFailure, VerifyContext, failed, skipped } from './context';
import { describeError } from './http-client';
import { CHECK_IDS, CheckId, CheckResult, VerifyOptions, VerifyReport } from './types';

/** Why options cannot be used; the CLI exits 2 on it. */
export class VerifyUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'VerifyUsageError';
  }
}

function httpsOrigin(flag: string, text: string, allowHttp = false): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new VerifyUsageError(`${flag} must be a URL such as https://www.example.com; got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new VerifyUsageError(`${flag} must be an https:// URL; got ${JSON.stringify(text)}`);
  }
  return url;
}

/** Checks the options without touching the network; throws {@link VerifyUsageError}. */
export function validateVerifyOptions(options: VerifyOptions): void {
  httpsOrigin('<edge-url>', options.edgeUrl);
  const embedding = httpsOrigin('--embedding-origin', options.embeddingOrigin);
  if (embedding.origin !== options.embeddingOrigin) {
    throw new VerifyUsageError(`--embedding-origin must be an origin (scheme, host and port only), e.g. ${embedding.origin}; got ${JSON.stringify(options.embeddingOrigin)}`);
  }
  if (options.originUrl !== undefined) {
    httpsOrigin('--origin', options.originUrl, true);
  }
  const seconds = options.longPollSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 1 || seconds > 600)) {
    throw new VerifyUsageError(`--long-poll-seconds must be a whole number of seconds from 1 to 600; got ${seconds}`);
  }
  if (options.chatService !== undefined && !/^[A-Za-z0-9_.-]+$/.test(options.chatService)) {
    throw new VerifyUsageError(`--chat-service must be a GMS service name (letters, digits, _ . -); got ${JSON.stringify(options.chatService)}`);
  }
}

async function guarded(id: CheckId, check: () => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    return error instanceof CheckFailure ? error.result : failed(id, `unexpected error: ${describeError(error)}`, 'report this as a bug of gms-edge verify');
  }
}

/**
 * Proves a live edge from outside, the way a browser will use it, and returns one result per
 * check. Never throws for what it finds (a failed check is in the report); throws
 * {@link VerifyUsageError} for unusable options.
 */
export async function verifyEdge(options: VerifyOptions): Promise<VerifyReport> {
  validateVerifyOptions(options);
  const context = new VerifyContext(options);
  const record = async (id: CheckId, check: () => Promise<CheckResult> | CheckResult): Promise<void> => {
    context.results.set(id, await guarded(id, check));
  };

  await record('tls', () => checkTls(context));
  const planned: Array<[CheckId, () => Promise<CheckResult> | CheckResult]> = [
    ['cors', () => checkCors(context)],
    // Stickiness first: when it fails, the CometD checks name it as the cause of a lost session.
    ['stickiness', () => checkStickiness(context)],
    ['cometd', () => checkCometd(context)],
    ['long-poll', () => checkLongPoll(context)],
    ['exposure', () => checkExposure(context)],
    ...(options.originUrl === undefined ? [] : [['origin', () => checkOrigin(context, options.originUrl as string)] as [CheckId, () => Promise<CheckResult>]]),
    ...(options.browser ? [['browser', async () => (await import('./browser')).checkBrowser(context)] as [CheckId, () => Promise<CheckResult>]] : []),
    ...(options.chatService === undefined ? [] : [['chat-api', async () => (await import('./chat-api')).checkChatApi(context, options.chatService as string)] as [CheckId, () => Promise<CheckResult>]]),
    // Last: it judges every Set-Cookie the other checks saw.
    ['cookies', () => checkCookies(context)],
  ];
  for (const [id, check] of planned) {
    if (!context.reachable) {
      context.results.set(id, skipped(id, 'not measured: the edge could not be reached over verified TLS', 'fix the tls check first'));
    } else {
      await record(id, check);
    }
  }
  context.client.close();
  const checks = CHECK_IDS.flatMap((id) => context.results.get(id) ?? []);
  return { ok: checks.every((check) => check.ok), edgeUrl: options.edgeUrl, embeddingOrigin: options.embeddingOrigin, checks };
}
