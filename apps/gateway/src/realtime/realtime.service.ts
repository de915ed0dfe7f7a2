import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  type Ack,
  type AckError,
  type Caller,
  CHAT_SUBJECTS,
  CLIENT_EVENT_SPECS,
  CLIENT_EVENTS,
  type ClientAckOf,
  type ClientEvent,
  type ClientPayloadOf,
  ErrorCode,
  isClientEvent,
} from '#contracts';
import { RealtimeDrain } from './realtime-drain.service.js';
import {
  DomainError,
  inSpan,
  jsonShapeFault,
  METRICS,
  OUTCOME_OK,
  parseStrictly,
  RateLimiter,
  remoteContext,
  requestContext,
  RpcClient,
  runInContext,
  SpanKind,
  STRICT_VALIDATION,
  TRACEPARENT_HEADER,
  validationFailure,
} from '#common';
import { BUDGETS, type BudgetName } from '../limits/budgets.js';
import type { RealtimeSocket } from './socket-caller.js';

/**
 * The use cases behind the client → server socket events. Each validates its payload as strictly as REST
 * does, calls the chat service as the socket's caller (never an id from the payload) and always answers
 * with an ack: the data, or `{ ok: false, error }` — a service that does not answer is SERVICE_UNAVAILABLE
 * within the RPC timeout, so a client is never left waiting.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger(RealtimeService.name);

  constructor(
    private readonly rpc: RpcClient,
    private readonly drain: RealtimeDrain,
    private readonly limiter: RateLimiter,
  ) {}

  /** To a conversation (or room) by id, or to a user (the direct conversation, created on first use). */
  send(caller: Caller, payload: unknown): Promise<Ack<ClientAckOf<'message:send'>>> {
    return this.run(caller, CLIENT_EVENTS.messageSend, payload, ({ conversationId, recipientId, content, clientMsgId, replyToId, threadId, attachmentIds }) => {
      const extras = { ...(replyToId !== undefined ? { replyToId } : {}), ...(threadId !== undefined ? { threadId } : {}), ...(attachmentIds !== undefined ? { attachmentIds } : {}) };
      return recipientId !== undefined
        ? this.rpc.request(CHAT_SUBJECTS.sendDirect, { recipientId, message: content, clientMsgId, caller, ...extras })
        : // SendMessagePayload's validation admits exactly one target, so without a recipient there is a conversation.
          this.rpc.request(CHAT_SUBJECTS.postMessage, { conversationId: conversationId as string, message: content, clientMsgId, caller, ...extras });
    });
  }

  edit(caller: Caller, payload: unknown): Promise<Ack<ClientAckOf<'message:edit'>>> {
    return this.run(caller, CLIENT_EVENTS.messageEdit, payload, ({ messageId, content }) =>
      this.rpc.request(CHAT_SUBJECTS.editMessage, { messageId, message: content, caller }),
    );
  }

  delete(caller: Caller, payload: unknown): Promise<Ack<ClientAckOf<'message:delete'>>> {
    return this.run(caller, CLIENT_EVENTS.messageDelete, payload, async ({ messageId }) => {
      const deleted = await this.rpc.request(CHAT_SUBJECTS.deleteMessage, { messageId, caller });
      return { id: deleted.id };
    });
  }

  /** reaction:add and reaction:remove: idempotent, so a client may retry either freely. */
  react(caller: Caller, payload: unknown, action: 'add' | 'remove'): Promise<Ack<ClientAckOf<'reaction:add' | 'reaction:remove'>>> {
    return this.run(caller, action === 'add' ? CLIENT_EVENTS.reactionAdd : CLIENT_EVENTS.reactionRemove, payload, ({ messageId, emoji }) =>
      this.rpc.request(action === 'add' ? CHAT_SUBJECTS.addReaction : CHAT_SUBJECTS.removeReaction, { messageId, emoji, caller }),
    );
  }

  typing(caller: Caller, payload: unknown): Promise<Ack<ClientAckOf<'typing'>>> {
    return this.run(caller, CLIENT_EVENTS.typing, payload, ({ conversationId, isTyping }) =>
      this.rpc.request(CHAT_SUBJECTS.typing, { conversationId, isTyping, caller }),
    );
  }

  read(caller: Caller, payload: unknown): Promise<Ack<ClientAckOf<'conversation:read'>>> {
    return this.run(caller, CLIENT_EVENTS.conversationRead, payload, ({ conversationId, seq }) =>
      this.rpc.request(CHAT_SUBJECTS.markRead, { conversationId, seq, caller }),
    );
  }

  /** `{ [conversationId]: lastSeenSeq }` → every event after those seqs, in order; `more` when a limit cut it. */
  sync(caller: Caller, payload: unknown): Promise<Ack<ClientAckOf<'sync'>>> {
    return this.run(caller, CLIENT_EVENTS.sync, payload, ({ conversations }) =>
      this.rpc.request(CHAT_SUBJECTS.sync, {
        conversations: Object.entries(conversations).map(([conversationId, after]) => ({ conversationId, after })),
        caller,
      }),
    );
  }

  /** call:start: the socket that places (or, on glare, joins) the call is the one its signals go to. */
  callStart(socket: RealtimeSocket, payload: unknown): Promise<Ack<ClientAckOf<'call:start'>>> {
    const caller = socket.data.caller;
    return this.run(caller, CLIENT_EVENTS.callStart, payload, async ({ conversationId, media }) => {
      const ref = await this.rpc.request(CHAT_SUBJECTS.startCall, { conversationId, media, caller, socketId: socket.id });
      inCall(socket).add(ref.callId);
      return ref;
    });
  }

  /** call:accept: this socket joins the call (its signals come here). */
  callAccept(socket: RealtimeSocket, payload: unknown): Promise<Ack<ClientAckOf<'call:accept'>>> {
    const caller = socket.data.caller;
    return this.run(caller, CLIENT_EVENTS.callAccept, payload, async ({ callId }) => {
      const joined = await this.rpc.request(CHAT_SUBJECTS.acceptCall, { callId, caller, socketId: socket.id });
      inCall(socket).add(callId);
      return joined;
    });
  }

  /** call:decline and call:hangup: this socket is no longer in the call. */
  callLeave(socket: RealtimeSocket, payload: unknown, action: 'decline' | 'hangup'): Promise<Ack<ClientAckOf<'call:decline' | 'call:hangup'>>> {
    const caller = socket.data.caller;
    return this.run(caller, action === 'decline' ? CLIENT_EVENTS.callDecline : CLIENT_EVENTS.callHangup, payload, ({ callId }) => {
      inCall(socket).delete(callId);
      return this.rpc.request(action === 'decline' ? CHAT_SUBJECTS.declineCall : CHAT_SUBJECTS.hangupCall, { callId, caller, socketId: socket.id });
    });
  }

  /** call:signal: relayed by chat, which checks that both ends are in the call (the payload is size-limited by its class). */
  callSignal(caller: Caller, payload: unknown): Promise<Ack<ClientAckOf<'call:signal'>>> {
    return this.run(caller, CLIENT_EVENTS.callSignal, payload, (signal) => this.rpc.request(CHAT_SUBJECTS.signalCall, { ...signal, caller }));
  }

  /** A socket that was in calls disconnected: chat starts their grace periods (best effort: the ring/grace timers bound the rest). */
  callSocketGone(socket: RealtimeSocket): void {
    const calls = socket.data.calls;
    if (!calls || calls.size === 0 || !socket.data.caller) return;
    const caller = socket.data.caller;
    for (const callId of calls) {
      this.rpc
        .request(CHAT_SUBJECTS.callSocketGone, { callId, caller, socketId: socket.id })
        .catch((error: unknown) => this.logger.warn({ err: error, callId }, 'call disconnect not reported'));
    }
    calls.clear();
  }

  /**
   * A socket packet before it is dispatched (RealtimeGateway): client events go on; anything else is answered here
   * with a NOT_FOUND ack (there is no handler for it, so the client's callback would otherwise never be called).
   */
  screen(caller: Caller, packet: unknown[], next: () => void): void {
    const trace = takeTraceArgument(packet);
    const ack = packet.at(-1);
    if (typeof ack === 'function') packet[packet.length - 1] = timedAck(packet[0], ack as (answer: Ack<unknown>) => void);
    const answer = (error: AckError) => {
      if (typeof ack === 'function') (packet.at(-1) as (answer: Ack<never>) => void)({ ok: false, error });
    };
    // A replica that is shutting down takes no new work: the client retries on another one.
    if (this.drain.isDraining) return answer({ code: ErrorCode.SERVICE_UNAVAILABLE, message: 'This server is shutting down; retry' });
    if (!isClientEvent(packet[0])) return answer({ code: ErrorCode.NOT_FOUND, message: 'Unknown event' });
    // A flood of a budget already found empty is answered here, before anything is dispatched or parsed.
    const left = this.limiter.emptyFor(budgetOf(packet[0]), caller.userId);
    if (left !== undefined) return answer(this.limiter.rejected(budgetOf(packet[0]), left).toPayload());
    // The event's span (in run) is the child of the client's traceparent, or the root of a new trace.
    runInContext(remoteContext(trace ?? {}), next);
  }

  /**
   * Budget first (a flood costs no parsing and no service call), then the payload (validated with the
   * event's class in CLIENT_EVENT_SPECS), then the service.
   */
  private run<E extends ClientEvent>(
    caller: Caller,
    event: E,
    payload: unknown,
    call: (parsed: ClientPayloadOf<E>) => Promise<ClientAckOf<E>>,
  ): Promise<Ack<ClientAckOf<E>>> {
    // Each event is its own request: a fresh id ties its logs to those of the services it calls.
    return requestContext.run({ requestId: randomUUID() }, () =>
      inSpan(`socket ${event}`, { kind: SpanKind.SERVER, attributes: { 'socket.event': event } }, () => this.drain.track(
        async (): Promise<Ack<ClientAckOf<E>>> => {
          try {
            await this.limiter.take(budgetOf(event), caller.userId);
            return { ok: true, data: await call(await parse(CLIENT_EVENT_SPECS[event].payload, payload)) };
          } catch (error) {
            return { ok: false, error: this.toAckError(error) };
          }
        },
        () => ({ ok: false, error: { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'No answer in time; retry with the same clientMsgId' } }),
      )),
    );
  }

  private toAckError(error: unknown): AckError {
    if (error instanceof DomainError) return error.toPayload();
    // Internals never reach the client: log them here, answer a bare code.
    this.logger.error({ err: error }, 'socket event failed');
    return { code: ErrorCode.INTERNAL, message: 'Internal error' };
  }
}

/** Which budget an event draws from: sync and typing have their own, every other event is a write. */
function budgetOf(event: ClientEvent): BudgetName {
  if (event === CLIENT_EVENTS.sync) return BUDGETS.sync;
  if (event === CLIENT_EVENTS.typing) return BUDGETS.typing;
  if (event === CLIENT_EVENTS.callSignal) return BUDGETS.signal;
  return BUDGETS.write;
}

function inCall(socket: RealtimeSocket): Set<string> {
  socket.data.calls ??= new Set();
  return socket.data.calls;
}

/**
 * The optional trace argument of a client event, `emit(event, payload, { traceparent }, ack)`: taken out
 * of the packet (handlers see the payload and the ack only) and returned as W3C headers.
 */
function takeTraceArgument(packet: unknown[]): Record<string, string> | undefined {
  const candidate = packet[2];
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return undefined;
  const { traceparent, tracestate } = candidate as Record<string, unknown>;
  if (typeof traceparent !== 'string') return undefined;
  packet.splice(2, 1);
  return { [TRACEPARENT_HEADER]: traceparent, ...(typeof tracestate === 'string' ? { tracestate } : {}) };
}

/** The payload as an instance of `schema`, validated with the same strict rules as REST bodies. */
export async function parse<P extends object>(schema: new () => P, payload: unknown): Promise<P> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw DomainError.validation([{ field: '', message: 'payload must be an object' }]);
  }
  // Compiled: accepts only what the two steps below would accept, as the same instance (else they run and explain).
  const parsed = parseStrictly(schema, payload);
  if (parsed) return parsed;
  const fault = jsonShapeFault(payload);
  if (fault) throw DomainError.validation([fault]);
  const instance = plainToInstance(schema, payload);
  const errors = await validate(instance, STRICT_VALIDATION);
  if (errors.length > 0) throw validationFailure(errors);
  return instance;
}

/**
 * The client's ack callback, timed from the event's arrival to the answer (socket_ack_duration_seconds).
 * Unknown event names are counted as `unknown`, so that a client cannot create label values.
 */
function timedAck(event: unknown, ack: (answer: Ack<unknown>) => void): (answer: Ack<unknown>) => void {
  const done = METRICS.socketAcks.startTimer({ event: isClientEvent(event) ? event : 'unknown' });
  return (answer) => {
    done({ outcome: answer.ok ? OUTCOME_OK : answer.error.code });
    ack(answer);
  };
}
