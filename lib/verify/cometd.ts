/**
 * The CometD checks, speaking Bayeux over long-polling as the GMS chat widget does
 * (https://docs.cometd.org/current/reference/#_bayeux): `/meta/handshake`, then `/meta/connect`
 * round trips carrying the cookies the edge returned, then a `/meta/connect` held for the
 * server's whole long-poll timeout. A client may ask for an immediate reply with
 * `advice: {timeout: 0}` on a connect, as the CometD client does on its first one.
 */
import { CheckFailure, VerifyContext, failed, passed, skipped } from './context';
import { describeError } from './http-client';
import { BayeuxMessage, VisitorSession } from './session';
import type { CheckId, CheckResult } from './types';

const STICKY_ROUNDS = 8;

let nextMessageId = 1;
function id(): string {
  return String(nextMessageId++);
}

const SESSION_UNKNOWN = /^402/;

interface Handshaken {
  readonly clientId: string;
  /** The server's long-poll hold in ms, as its advice says, if it says. */
  readonly advisedTimeoutMs: number | undefined;
}

function replyOn(replies: BayeuxMessage[], channel: string): BayeuxMessage | undefined {
  return replies.find((reply) => reply.channel === channel);
}

function statusProblem(check: CheckId, what: string, status: number, body: string): CheckFailure {
  const hint = status === 403 || status === 404
    ? 'the edge does not route /genesys/cometd to GMS: check the path patterns of the behaviour / routing rule'
    : status === 502 || status === 503
      ? 'the edge reached no healthy GMS node: check the target health and the node port (8080)'
      : status === 504
        ? 'the edge gave up waiting for GMS: raise the origin read timeout above the long-poll hold'
        : 'check the GMS logs for this request';
  return new CheckFailure(failed(check, `${what} answered HTTP ${status}${body === '' ? '' : `: ${body.replace(/\s+/g, ' ').slice(0, 80)}`}`, hint));
}

async function bayeux(check: CheckId, session: VisitorSession, suffix: string, message: BayeuxMessage, timeoutMs?: number): Promise<{ reply: BayeuxMessage; elapsedMs: number; status: number }> {
  let exchange;
  try {
    exchange = await session.bayeux(suffix, [{ ...message, id: id() }], timeoutMs);
  } catch (error) {
    throw new CheckFailure(failed(check, `${message.channel} failed: ${describeError(error)}`, 'the edge is not reachable: run the tls check\'s hint first'));
  }
  const { response, replies } = exchange;
  if (response.status !== 200) {
    throw statusProblem(check, message.channel ?? suffix, response.status, response.body);
  }
  const reply = replyOn(replies, message.channel ?? '');
  if (reply === undefined) {
    throw new CheckFailure(failed(check, `${message.channel} got no Bayeux reply: ${response.body.slice(0, 80)}`, 'the edge or something before GMS answered instead of CometD: check the routing of /genesys/cometd'));
  }
  return { reply, elapsedMs: response.elapsedMs, status: response.status };
}

async function handshake(check: CheckId, session: VisitorSession): Promise<Handshaken> {
  const { reply } = await bayeux(check, session, 'handshake', {
    channel: '/meta/handshake', version: '1.0', minimumVersion: '1.0', supportedConnectionTypes: ['long-polling'], advice: { timeout: 60_000, interval: 0 },
  });
  if (reply.successful !== true || typeof reply.clientId !== 'string') {
    throw new CheckFailure(failed(check, `/meta/handshake was refused: ${reply.error ?? JSON.stringify(reply).slice(0, 80)}`, 'check the GMS CometD configuration and logs'));
  }
  const connectionTypes = Array.isArray(reply.supportedConnectionTypes) ? reply.supportedConnectionTypes : [];
  if (!connectionTypes.includes('long-polling')) {
    throw new CheckFailure(failed(check, `/meta/handshake offers ${JSON.stringify(connectionTypes)}, not long-polling`, 'enable the long-polling transport in GMS\'s CometD'));
  }
  return { clientId: reply.clientId, advisedTimeoutMs: reply.advice?.timeout };
}

/** A `/meta/connect` answered at once; resolves to the reply (which may be an error). */
async function quickConnect(check: CheckId, session: VisitorSession, clientId: string): Promise<BayeuxMessage> {
  const { reply } = await bayeux(check, session, 'connect', { channel: '/meta/connect', clientId, connectionType: 'long-polling', advice: { timeout: 0 } });
  return reply;
}

async function disconnect(session: VisitorSession, clientId: string): Promise<void> {
  try {
    await session.bayeux('disconnect', [{ channel: '/meta/disconnect', clientId, id: id() }], 10_000);
  } catch {
    // The session expires on the server anyway.
  }
}

async function run(check: CheckId, body: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CheckFailure) {
      return error.result;
    }
    return failed(check, `unexpected error: ${describeError(error)}`, 'report this as a bug of gms-edge verify');
  }
}

/** When a check lost its session and the stickiness check already failed, that is the cause. */
function lostSession(context: VerifyContext, check: CheckId, what: string, reply: BayeuxMessage): CheckResult {
  if (context.failed('stickiness')) {
    return skipped(check, `not measured: ${what} reached a node that did not know the session (${reply.error})`, 'fix stickiness first');
  }
  return failed(check, `${what} lost the session: ${reply.error}`, 'the request reached a GMS node that did not hold the session: check session affinity and that the cookies came back');
}

/**
 * Stickiness: with the cookies the edge returned, a run of requests stays on the node that holds
 * the CometD session; without them, requests may land on any node.
 */
export function checkStickiness(context: VerifyContext): Promise<CheckResult> {
  return run('stickiness', async () => {
    const session = context.visitor();
    const { clientId } = await handshake('stickiness', session);
    try {
      for (let round = 1; round <= STICKY_ROUNDS; round++) {
        const reply = await quickConnect('stickiness', session, clientId);
        if (reply.successful !== true) {
          const held = session.cookieNames();
          return failed('stickiness', `request ${round} of ${STICKY_ROUNDS} carrying the edge's cookies (${held.join(', ') || 'none'}) reached a node that did not know the session: ${reply.error ?? 'unsuccessful'}`,
            'turn on session affinity (ALB target group stickiness lb_cookie / App Gateway cookieBasedAffinity) and make sure its cookie is rewritten and returned');
        }
      }
      // The same session without cookies: informational (one node, or another affinity, keeps it).
      const cookieless = context.visitor({ sendCookies: false });
      let lost = 0;
      for (let round = 1; round <= STICKY_ROUNDS; round++) {
        const reply = await quickConnect('stickiness', cookieless, clientId);
        if (reply.successful !== true && SESSION_UNKNOWN.test(String(reply.error))) {
          lost++;
        }
      }
      const without = lost === 0
        ? `without cookies all ${STICKY_ROUNDS} stayed too (a single node, or affinity by another means)`
        : `without cookies ${lost} of ${STICKY_ROUNDS} landed on another node`;
      return passed('stickiness', `${STICKY_ROUNDS} of ${STICKY_ROUNDS} requests with the edge's cookies stayed on the session's node; ${without}`);
    } finally {
      await disconnect(session, clientId);
    }
  });
}

/** CometD: handshake, then `/meta/connect` round trips carrying the cookies the edge returned. */
export function checkCometd(context: VerifyContext): Promise<CheckResult> {
  return run('cometd', async () => {
    const session = context.visitor();
    const { clientId } = await handshake('cometd', session);
    try {
      const cookies = session.cookieNames();
      for (let round = 1; round <= 2; round++) {
        const reply = await quickConnect('cometd', session, clientId);
        if (reply.successful !== true) {
          return SESSION_UNKNOWN.test(String(reply.error))
            ? lostSession(context, 'cometd', `/meta/connect ${round}`, reply)
            : failed('cometd', `/meta/connect ${round} was refused: ${reply.error ?? 'unsuccessful'}`, 'check the GMS CometD logs');
        }
      }
      return passed('cometd', `handshake ok (clientId ${clientId.slice(0, 8)}…), 2 /meta/connect round trips ok carrying ${cookies.length === 0 ? 'no cookies' : cookies.join(', ')}`);
    } finally {
      await disconnect(session, clientId);
    }
  });
}

/** A `/meta/connect` without advice, which the server holds for its own timeout. */
async function heldConnect(session: VisitorSession, clientId: string, holdSeconds: number): Promise<{ status: number; reply: BayeuxMessage | undefined; body: string; elapsedMs: number }> {
  const started = Date.now();
  try {
    const { response, replies } = await session.bayeux('connect', [{ channel: '/meta/connect', clientId, connectionType: 'long-polling', id: id() }], (holdSeconds + 30) * 1000);
    return { status: response.status, reply: replyOn(replies, '/meta/connect'), body: response.body, elapsedMs: response.elapsedMs };
  } catch (error) {
    throw new CheckFailure(failed('long-poll', `the held /meta/connect failed after ${((Date.now() - started) / 1000).toFixed(1)} s: ${describeError(error)}`,
      'something between the visitor and GMS cuts idle requests: raise the idle/read timeouts of the edge and the balancer above the hold'));
  }
}

/** Long poll: a `/meta/connect` held for the whole hold comes back 200, not 504. */
export function checkLongPoll(context: VerifyContext): Promise<CheckResult> {
  return run('long-poll', async () => {
    const holdSeconds = context.longPollSeconds;
    const session = context.visitor();
    const { clientId, advisedTimeoutMs } = await handshake('long-poll', session);
    try {
      const first = await quickConnect('long-poll', session, clientId);
      if (first.successful !== true) {
        return lostSession(context, 'long-poll', 'the first /meta/connect', first);
      }
      const advisedMs = first.advice?.timeout ?? advisedTimeoutMs;
      const started = Date.now();
      const ticker = setInterval(() => {
        const elapsed = Math.round((Date.now() - started) / 1000);
        context.options.onProgress?.({ check: 'long-poll', message: `holding /meta/connect ${elapsed} s of ${holdSeconds} s`, elapsedSeconds: elapsed, totalSeconds: holdSeconds });
      }, 1000);
      let held;
      try {
        // No advice: the server holds the connect for its own timeout.
        held = await heldConnect(session, clientId, holdSeconds);
      } finally {
        clearInterval(ticker);
      }
      const seconds = (held.elapsedMs / 1000).toFixed(1);
      if (held.status === 504) {
        return failed('long-poll', `the held /meta/connect got HTTP 504 after ${seconds} s, before the ${holdSeconds} s hold ended`,
          'the edge\'s origin timeout is shorter than the long poll: raise GmsEdge originReadTimeout (AWS) or nodeGroups[].requestTimeoutSeconds (Azure) above the hold');
      }
      if (held.status !== 200) {
        return failed('long-poll', `the held /meta/connect got HTTP ${held.status} after ${seconds} s`, 'check the edge\'s timeouts and the GMS logs');
      }
      if (held.reply === undefined || held.reply.successful !== true) {
        return held.reply !== undefined && SESSION_UNKNOWN.test(String(held.reply.error))
          ? lostSession(context, 'long-poll', 'the held /meta/connect', held.reply)
          : failed('long-poll', `the held /meta/connect was refused after ${seconds} s: ${held.reply?.error ?? held.body.slice(0, 80)}`, 'check the GMS CometD logs');
      }
      const advised = advisedMs === undefined ? '' : ` (GMS advises a ${(advisedMs / 1000).toFixed(0)} s hold)`;
      if (held.elapsedMs < holdSeconds * 900) {
        return failed('long-poll', `GMS answered the held /meta/connect after ${seconds} s${advised}, so the ${holdSeconds} s hold was not proven`,
          'set --long-poll-seconds to GMS\'s CometD timeout (the hold this edge must survive)');
      }
      return passed('long-poll', `a /meta/connect held ${seconds} s${advised} came back 200 and successful`);
    } finally {
      await disconnect(session, clientId);
    }
  });
}
