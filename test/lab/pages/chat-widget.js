// The lab's chat widget: what a web site embeds to talk to GMS on another site. It runs in the
// browser, both in the shop.test page itself and inside a cross-site iframe served by gms.test.
// It uses the real CometD browser client (npm `cometd`, long-polling) and the Chat API v2 REST
// calls, with credentials, and reports every step to the page and to the test that drives it.
import { CometD } from './vendor/cometd/cometd.js';

const ROUND_TRIP_TIMEOUT_MS = 10_000;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * @param {{ gmsBaseUrl: string, label: string, logElement?: HTMLElement }} options
 */
export function createChatWidget(options) {
  const gmsBaseUrl = options.gmsBaseUrl.replace(/\/$/, '');
  const events = [];
  function log(kind, text) {
    const entry = { at: Math.round(performance.now()), kind, text };
    events.push(entry);
    if (options.logElement) {
      const line = document.createElement('div');
      line.className = `log-line log-${kind}`;
      line.textContent = `${kind === 'ok' ? '✔' : kind === 'fail' ? '✘' : '·'} ${text}`;
      options.logElement.appendChild(line);
    }
  }

  // ---- CometD (Chat API v2 over CometD uses the same handshake/connect machinery) ----
  const cometd = new CometD(options.label);
  // cometd-nodejs-server answers only long-polling; GMS itself would also offer WebSocket.
  cometd.unregisterTransport('websocket');
  cometd.unregisterTransport('callback-polling');
  cometd.configure({ url: `${gmsBaseUrl}/genesys/cometd`, logLevel: 'warn', maxBackoff: 2000, backoffIncrement: 250 });

  const room = `/chat/lab-${Math.random().toString(36).slice(2, 10)}`;
  const state = { handshakes: 0, connects: 0, connected: false, errors: [], received: [] };
  const waiters = new Set();
  function notify() { for (const waiter of [...waiters]) waiter(); }
  function until(predicate, ms, what) {
    if (predicate()) return Promise.resolve();
    let check;
    return withTimeout(new Promise((resolve) => {
      check = () => { if (predicate()) { waiters.delete(check); resolve(); } };
      waiters.add(check);
    }), ms, what).finally(() => waiters.delete(check));
  }

  cometd.addListener('/meta/handshake', (message) => {
    if (message.successful) {
      state.handshakes += 1;
      log('info', `CometD handshake #${state.handshakes} ok (clientId ${message.clientId.slice(0, 8)}…)`);
      // Subscriptions do not survive a re-handshake: subscribe on every successful one.
      cometd.subscribe(room, (delivered) => {
        state.received.push(delivered.data);
        log('ok', `CometD received "${delivered.data.text}" over /meta/connect`);
        notify();
      }, (reply) => {
        if (!reply.successful) { state.errors.push(`subscribe: ${reply.error}`); notify(); }
      });
    } else {
      const error = message.error || (message.failure && message.failure.reason) || 'handshake failed';
      state.errors.push(`handshake: ${error}`);
      log('fail', `CometD handshake failed: ${error}`);
    }
    notify();
  });
  cometd.addListener('/meta/connect', (message) => {
    if (message.successful) {
      state.connects += 1;
      if (!state.connected) log('ok', `CometD /meta/connect ok: session known to the node`);
      state.connected = true;
    } else {
      state.connected = false;
      const error = message.error || (message.failure && (message.failure.reason || message.failure.httpCode)) || 'connect failed';
      state.errors.push(`connect: ${error}`);
      log('fail', `CometD /meta/connect failed: ${error}`);
    }
    notify();
  });

  /** Handshakes and resolves once a /meta/connect succeeded, or rejects at the first failure. */
  async function cometdConnect(timeoutMs = ROUND_TRIP_TIMEOUT_MS) {
    const errorsBefore = state.errors.length;
    if (cometd.isDisconnected()) cometd.handshake();
    await until(() => state.connected || state.errors.length > errorsBefore, timeoutMs, 'CometD connect');
    if (!state.connected) throw new Error(state.errors[errorsBefore]);
    return { handshakes: state.handshakes };
  }

  /**
   * Publishes a chat line and resolves when the node delivers it back to this client. A publish
   * that fails (its node went away mid-chat) is sent again once the client has reconnected, as a
   * chat widget must: CometD does not retry application messages itself.
   */
  async function cometdRoundTrip(text, timeoutMs = ROUND_TRIP_TIMEOUT_MS) {
    const started = performance.now();
    const deadline = started + timeoutMs;
    const delivered = () => state.received.some((data) => data.text === text);
    for (let attempt = 1; ; attempt++) {
      await until(() => state.connected, Math.max(1, deadline - performance.now()), 'CometD reconnect');
      let publishFailed = false;
      cometd.publish(room, { text }, (reply) => {
        if (!reply.successful) {
          publishFailed = true;
          state.errors.push(`publish: ${reply.error || (reply.failure && reply.failure.reason) || 'failed'}`);
          log('fail', `CometD publish of "${text}" failed; will send again after reconnecting`);
          notify();
        }
      });
      log('info', `CometD published "${text}" on ${room}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      await until(() => delivered() || publishFailed, Math.max(1, deadline - performance.now()), `CometD round trip of "${text}"`);
      if (delivered()) {
        return { text, ms: Math.round(performance.now() - started), handshakes: state.handshakes, attempts: attempt };
      }
      // The failed publish and the failed /meta/connect race; wait for the latter before retrying.
      await until(() => !state.connected, Math.max(1, deadline - performance.now()), 'CometD noticing the lost node');
    }
  }

  function cometdStop() {
    return new Promise((resolve) => {
      if (cometd.isDisconnected()) { resolve(); return; }
      cometd.disconnect(() => resolve());
      setTimeout(resolve, 2000);
    });
  }

  // ---- Chat API v2 REST: request chat, send, refresh (poll) ----
  async function post(path, form) {
    const response = await fetch(`${gmsBaseUrl}${path}`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    const body = await response.json();
    if (!response.ok || body.statusCode !== 0) {
      throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(body.errors || body)}`);
    }
    return body;
  }

  let restChatSession = null;

  /** Requests a chat (Chat API v2: POST /genesys/2/chat/{serviceName}). */
  async function restStart(serviceName = 'customer-support') {
    const chat = await post(`/genesys/2/chat/${serviceName}`, { nickname: 'Shopper', subject: 'Order status' });
    restChatSession = { serviceName, chatId: chat.chatId, form: { userId: chat.userId, secureKey: chat.secureKey, alias: chat.alias } };
    log('info', `REST chat ${chat.chatId.slice(0, 8)}… started`);
    return { chatId: chat.chatId };
  }

  function restPath(operation) {
    if (restChatSession === null) throw new Error('no REST chat: call restStart() first');
    return `/genesys/2/chat/${restChatSession.serviceName}/${restChatSession.chatId}/${operation}`;
  }

  /** Sends a chat line (…/{chatId}/send). */
  async function restSend(text) {
    await post(restPath('send'), { ...restChatSession.form, message: text });
    log('info', `REST sent "${text}"`);
  }

  /** Polls the transcript (…/{chatId}/refresh) and returns the message texts. */
  async function restPoll() {
    const refreshed = await post(restPath('refresh'), { ...restChatSession.form, fromPosition: '1' });
    return refreshed.messages.filter((m) => m.type === 'Message').map((m) => m.text);
  }

  /** Start, send, poll: resolves when the poll returns the line sent. */
  async function restChat(text) {
    const started = performance.now();
    const { chatId } = await restStart();
    await restSend(text);
    const texts = await restPoll();
    if (!texts.includes(text)) throw new Error(`REST refresh did not return "${text}"`);
    log('ok', `REST polled back "${text}"`);
    return { chatId, texts, ms: Math.round(performance.now() - started) };
  }

  /** The whole flow, for people: CometD round trip, then REST, logged on the page. */
  async function runAll() {
    const result = { cometd: null, rest: null };
    try {
      await cometdConnect();
      result.cometd = await cometdRoundTrip(`hello from ${options.label}`);
    } catch (error) {
      result.cometd = { error: String(error.message || error) };
      log('fail', `CometD: ${result.cometd.error}`);
      await cometdStop();
    }
    try {
      result.rest = await restChat(`REST hello from ${options.label}`);
    } catch (error) {
      result.rest = { error: String(error.message || error) };
      log('fail', `REST: ${result.rest.error}`);
    }
    return result;
  }

  return {
    cometdConnect, cometdRoundTrip, cometdStop, restStart, restSend, restPoll, restChat, runAll,
    state: () => JSON.parse(JSON.stringify({ ...state, status: cometd.getStatus() })),
    events: () => events.slice(),
  };
}
