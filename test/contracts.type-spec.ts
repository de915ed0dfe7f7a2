// Type-level test of the typed service maps: `tsc` (npm run build, so npm test) compiles this file, and every
// `@ts-expect-error` below fails the build the day its line stops being an error. Nothing here runs: the
// functions are exported only so the compiler checks them; Jest does not load this file.
import { Payload } from '@nestjs/microservices';
import {
  AUTH_SUBJECTS,
  type AuthResult,
  type Caller,
  CHAT_BROADCASTS,
  CHAT_SUBJECTS,
  type ChatDelivery,
  CLIENT_EVENT_SPECS,
  clientEventSpecs,
  type ClientEvent,
  type ClientEventContracts,
  type CommandOf,
  FriendChange,
  Message,
  type ResultOf,
  ReactionPayload,
  ReadChange,
  RevokeSessionCommand,
  SERVER_EVENT_SPECS,
  type SERVER_EVENTS,
  serverEventSpecs,
  shape,
  type ServerEventPayloads,
  type SessionList,
  userBroadcast,
  USERS_BROADCASTS,
  USERS_SUBJECTS,
} from '#contracts';
import { type NatsBus, type RpcClient, RpcController, RpcHandler } from '#common';

declare const rpc: RpcClient;
declare const bus: NatsBus;
declare const caller: Caller;
const client = { userAgent: 'type-spec' };

/** Callers: the command is checked against the subject, and the reply type is inferred from it. */
export async function callers(): Promise<void> {
  const login: AuthResult = await rpc.request(AUTH_SUBJECTS.login, { login: 'ann', password: 'secret', client });
  const message: Message = await rpc.request(CHAT_SUBJECTS.postMessage, { caller, conversationId: 'c1', message: 'hi' });
  await rpc.request(AUTH_SUBJECTS.revokeSession, { caller, targetSessionId: 'sid' });
  void [login, message];

  // A field renamed on the caller's side only (targetSessionId → targetSession).
  // @ts-expect-error 'targetSessionId' is missing, 'targetSession' is unknown
  await rpc.request(AUTH_SUBJECTS.revokeSession, { caller, targetSession: 'sid' });

  // A field the command does not have.
  // @ts-expect-error object literal may only specify known properties
  await rpc.request(USERS_SUBJECTS.getProfile, { caller, verbose: true });

  // A field of the wrong type.
  // @ts-expect-error seq is a number
  await rpc.request(CHAT_SUBJECTS.markRead, { caller, conversationId: 'c1', seq: '3' });

  // The caller is required wherever the service acts on someone's behalf.
  // @ts-expect-error property 'caller' is missing
  await rpc.request(CHAT_SUBJECTS.getConversation, { conversationId: 'c1' });

  // Expecting another reply than the subject's.
  // @ts-expect-error auth.login answers AuthResult, not SessionList
  const wrong: SessionList = await rpc.request(AUTH_SUBJECTS.login, { login: 'ann', password: 'secret', client });
  void wrong;

  // A subject that is in no map.
  // @ts-expect-error '"auth.nope"' is not a Subject
  await rpc.request('auth.nope', { caller });

  // The reply type cannot be forced from outside either.
  // @ts-expect-error the type argument is the subject, not the reply
  await rpc.request<SessionList>(AUTH_SUBJECTS.listSessions, { caller });

  // Maps derive from one definition: the reply type of a subject is the class its entry names.
  const sessions: ResultOf<typeof AUTH_SUBJECTS.listSessions> = { items: [] };
  const command: CommandOf<typeof AUTH_SUBJECTS.revokeSession> = new RevokeSessionCommand();
  void [sessions, command];
}

/** Broadcasts: publish and subscribe are typed by the subject. */
export function broadcasts(delivery: ChatDelivery): void {
  const { userIds, ...perUser } = delivery;
  bus.publishToUsers(CHAT_BROADCASTS.delivery, userIds, perUser);
  bus.onUserBroadcast(USERS_BROADCASTS.presence, (_userIds, view) => void view.onlineStatus);

  // @ts-expect-error a chat delivery is not a friend broadcast
  bus.publish(USERS_BROADCASTS.friend, delivery);

  // @ts-expect-error 'message:sent' is no chat delivery event
  bus.publishToUsers(CHAT_BROADCASTS.delivery, [], { event: 'message:sent', data: {} });

  // @ts-expect-error the presence payload has no `event`
  bus.onUserBroadcast(USERS_BROADCASTS.presence, (_userIds, view) => void view.event);

  // @ts-expect-error an RPC subject is no broadcast subject
  bus.publish(CHAT_SUBJECTS.postMessage, delivery);

  // @ts-expect-error a per-user subject ends in `.user` (one wildcard subscription per user hears them all)
  void (() => userBroadcast('chat.deliver', shape<ChatDelivery>('ChatDelivery')));
}

/** Handlers: @RpcHandler checks the method's parameter and reply against the subject's entry. */
export function handlers(): unknown[] {
  /** The command renamed on the handler's side only. */
  class RenamedRevokeCommand {
    caller: Caller;
    targetSession: string;
  }

  @RpcController()
  class GoodHandler {
    @RpcHandler(AUTH_SUBJECTS.revokeSession)
    revoke(@Payload() _cmd: RevokeSessionCommand): Promise<void> {
      return Promise.resolve();
    }
  }

  @RpcController()
  class BadHandlers {
    // @ts-expect-error the parameter's class does not match auth.sessions.revoke's command
    @RpcHandler(AUTH_SUBJECTS.revokeSession)
    renamed(@Payload() _cmd: RenamedRevokeCommand): Promise<void> {
      return Promise.resolve();
    }

    // @ts-expect-error a looser parameter type than the command is refused too (validation uses the parameter's class)
    @RpcHandler(AUTH_SUBJECTS.revokeSession)
    looser(@Payload() _cmd: { caller: Caller }): Promise<void> {
      return Promise.resolve();
    }

    // @ts-expect-error auth.sessions.list answers SessionList, not a list of strings
    @RpcHandler(AUTH_SUBJECTS.listSessions)
    wrongReply(@Payload() _cmd: CommandOf<typeof AUTH_SUBJECTS.listSessions>): Promise<string[]> {
      return Promise.resolve([]);
    }

    // @ts-expect-error a subject that is in no map (the linter refuses the literal as well)
    // eslint-disable-next-line no-restricted-syntax -- the point of this line is the compile error
    @RpcHandler('auth.nope')
    unknown(@Payload() _cmd: RevokeSessionCommand): void {}
  }

  return [GoodHandler, BadHandlers];
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The socket maps cover exactly the event names: an event added to one side only fails the build. */
export const socketMapsComplete: [Same<keyof ClientEventContracts, ClientEvent>, Same<keyof ServerEventPayloads, (typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS]>] = [
  true,
  true,
];

/**
 * The run-time socket map (CLIENT_EVENT_SPECS / SERVER_EVENT_SPECS: what the gateway validates with and the
 * AsyncAPI document is built from) must match the contract types exactly, entry by entry.
 */
export function socketSpecs(): unknown[] {
  const { 'message:delete': _dropped, ...withoutDelete } = CLIENT_EVENT_SPECS;
  const deleteSpec = CLIENT_EVENT_SPECS['message:delete'];
  return [
    clientEventSpecs({ ...CLIENT_EVENT_SPECS }),
    serverEventSpecs({ ...SERVER_EVENT_SPECS }),

    // @ts-expect-error an event of ClientEventContracts without a spec
    clientEventSpecs(withoutDelete),

    // @ts-expect-error a spec for an event that ClientEventContracts does not have
    clientEventSpecs({ ...CLIENT_EVENT_SPECS, 'message:pin': deleteSpec }),

    // @ts-expect-error ReactionPayload has every field of DeleteMessagePayload and one more: not the same class
    clientEventSpecs({ ...CLIENT_EVENT_SPECS, 'message:delete': { ...deleteSpec, payload: ReactionPayload } }),

    // @ts-expect-error the ack of message:delete is { id }, not a whole Message (a superset)
    clientEventSpecs({ ...CLIENT_EVENT_SPECS, 'message:delete': { ...deleteSpec, ack: Message } }),

    // @ts-expect-error a shape standing for another type than the ack's
    clientEventSpecs({ ...CLIENT_EVENT_SPECS, typing: { ...CLIENT_EVENT_SPECS.typing, ack: shape<{ done: boolean }>('Done') } }),

    // @ts-expect-error presence is not a friend event
    serverEventSpecs({ ...SERVER_EVENT_SPECS, presence: { ...SERVER_EVENT_SPECS.presence, payload: FriendChange } }),

    // @ts-expect-error typing pushes a TypingChange, not a ReadChange
    serverEventSpecs({ ...SERVER_EVENT_SPECS, typing: { ...SERVER_EVENT_SPECS.typing, payload: ReadChange } }),
  ];
}
