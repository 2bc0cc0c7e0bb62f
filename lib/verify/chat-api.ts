/**
 * `--chat-service <name>`: the Chat API v2 REST flow through the edge (request a chat, refresh
 * it with the cookies the edge returned, disconnect), as documented at
 * https://docs.genesys.com/Documentation:GMS:API:ChatAPIv2:8.5.2. It starts a real chat in the
 * contact centre, so it runs only when asked.
 */
import { VerifyContext, failed, passed } from './context';
import { describeError } from './http-client';
import type { CheckResult } from './types';

interface ChatReply {
  readonly statusCode?: number;
  readonly chatId?: string;
  readonly userId?: string;
  readonly secureKey?: string;
  readonly alias?: string;
  readonly errors?: Array<{ advice?: string }>;
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

export async function checkChatApi(context: VerifyContext, service: string): Promise<CheckResult> {
  const visitor = context.visitor();
  const base = `/genesys/2/chat/${encodeURIComponent(service)}`;
  const call = async (step: string, pathname: string, form: Record<string, string>): Promise<ChatReply> => {
    let response;
    try {
      response = await visitor.send('POST', pathname, { headers: FORM, body: new URLSearchParams(form).toString() });
    } catch (error) {
      throw new Error(`${step} failed: ${describeError(error)}`, { cause: error });
    }
    let reply: ChatReply = {};
    try {
      reply = JSON.parse(response.body) as ChatReply;
    } catch {
      // reported below
    }
    if (response.status !== 200 || reply.statusCode !== 0) {
      throw new Error(`${step} answered HTTP ${response.status}${reply.errors?.[0]?.advice === undefined ? '' : `: ${reply.errors[0].advice}`}`);
    }
    return reply;
  };
  try {
    const chat = await call('request chat', base, { nickname: 'gms-edge verify', subject: 'automated edge check, please ignore' });
    if (chat.chatId === undefined || chat.userId === undefined || chat.secureKey === undefined) {
      return failed('chat-api', 'request chat returned no chatId/userId/secureKey', 'check the chat service configuration in GMS');
    }
    const credentials = { userId: chat.userId, secureKey: chat.secureKey, alias: chat.alias ?? '' };
    await call('refresh', `${base}/${encodeURIComponent(chat.chatId)}/refresh`, credentials);
    await call('disconnect', `${base}/${encodeURIComponent(chat.chatId)}/disconnect`, credentials);
    return passed('chat-api', `service ${service}: chat ${chat.chatId} requested, refreshed and disconnected through the edge`);
  } catch (error) {
    return failed('chat-api', `service ${service}: ${(error as Error).message}`, `check that the chat service ${service} exists in GMS and that /genesys/2/chat/* is routed to it`);
  }
}
