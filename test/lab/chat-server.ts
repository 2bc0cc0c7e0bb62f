/**
 * A stand-in for the Genesys Chat Server behind the GMS nodes: it holds chat transcripts for
 * the whole cluster, which is why any GMS node can serve any Chat API v2 REST request (affinity
 * is preferred, not required). Only what the lab's REST flow uses is modelled.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** One transcript event, in the shape Chat API v2 returns in `messages`. */
export interface ChatTranscriptEvent {
  readonly index: number;
  readonly type: 'ParticipantJoined' | 'Message';
  readonly from: { readonly nickname: string; readonly participantId: number; readonly type: 'Client' | 'Agent' };
  readonly text?: string;
  readonly utcTime: number;
}

/** A chat as the Chat Server keeps it. */
export interface Chat {
  readonly chatId: string;
  readonly serviceName: string;
  readonly userId: string;
  readonly secureKey: string;
  readonly alias: string;
  readonly nickname: string;
  readonly transcript: ChatTranscriptEvent[];
}

/** Why a request on an existing chat was refused. */
export class ChatAccessError extends Error {}

/** Cluster-wide chat state shared by every GMS stand-in node of one lab. */
export class ChatServerStandIn {
  private readonly chats = new Map<string, Chat>();

  /** Starts a chat: the customer joins, then an agent joins. */
  public requestChat(serviceName: string, nickname: string): Chat {
    const chat: Chat = {
      chatId: randomUUID().replace(/-/g, '').toUpperCase(),
      serviceName,
      userId: randomBytes(8).toString('hex').toUpperCase(),
      secureKey: randomBytes(16).toString('hex'),
      alias: '117',
      nickname,
      transcript: [],
    };
    this.chats.set(chat.chatId, chat);
    this.append(chat, { type: 'ParticipantJoined', from: { nickname, participantId: 1, type: 'Client' } });
    this.append(chat, { type: 'ParticipantJoined', from: { nickname: 'Agent', participantId: 2, type: 'Agent' } });
    return chat;
  }

  /** The chat, if the caller proves it is its customer (userId and secureKey, as Chat API v2 asks). */
  public authorize(serviceName: string, chatId: string, userId: string | null, secureKey: string | null): Chat {
    const chat = this.chats.get(chatId);
    if (chat === undefined || chat.serviceName !== serviceName) {
      throw new ChatAccessError(`chat ${chatId} not found in service ${serviceName}`);
    }
    if (userId !== chat.userId || secureKey !== chat.secureKey) {
      throw new ChatAccessError('userId and secureKey do not match the chat');
    }
    return chat;
  }

  /** The customer's message joins the transcript. */
  public send(chat: Chat, text: string): void {
    this.append(chat, { type: 'Message', from: { nickname: chat.nickname, participantId: 1, type: 'Client' }, text });
  }

  /** Transcript events from `fromPosition` on (1-based, as Chat API v2 counts). */
  public eventsFrom(chat: Chat, fromPosition: number): ChatTranscriptEvent[] {
    return chat.transcript.filter((event) => event.index >= fromPosition);
  }

  private append(chat: Chat, event: Omit<ChatTranscriptEvent, 'index' | 'utcTime'>): void {
    chat.transcript.push({ ...event, index: chat.transcript.length + 1, utcTime: Date.now() });
  }
}
