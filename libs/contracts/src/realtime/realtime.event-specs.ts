import { CallEnded, CallIdPayload, CallJoined, CallRef, CallRinging, CallSignal, CallSignalPayload, CallStartPayload, CallUserChange } from '../chat/chat-calls.dto.js';
import { EMPTY_REPLY } from '../chat/chat.subjects.js';
import { Conversation, DeletedMessage, Message, PinChange, ReactionChange, ReadChange, ReadPosition, SyncBatch, TypingChange } from '../chat/chat.views.js';
import { classOf, type PayloadClass, type PayloadSpec, type SameType, type SpecType } from '../contract.js';
import type { ClientAckOf, ClientEvent, ClientEventContracts, ClientPayloadOf, ServerEventPayloads } from './realtime.events.js';
import { DeleteMessagePayload, EditMessagePayload, ReactionPayload, ReadPayload, SendMessagePayload, SyncPayload, TypingPayload } from './realtime.payloads.js';
import { FriendChange, MessageDeletedAck, PresenceView, SessionEnded } from './realtime.views.js';
import { RoomBan, RoomMute } from '../chat/moderation.dto.js';

// The run-time half of the socket contract: for each event of ClientEventContracts / ServerEventPayloads,
// the class the gateway validates an incoming payload with, the class (or shape) of the ack data and of each
// server payload, and a one-line summary. The gateway's RealtimeService validates with these classes and the
// AsyncAPI document (test/api-docs/asyncapi-document.ts) is generated from them, so nothing is restated.
// An event missing here, one too many, or a class that differs from the contract type by one field (either
// way) is a compile error: clientEventSpecs()/serverEventSpecs() check exactness, not just assignability.

type ServerEvent = keyof ServerEventPayloads;

export interface ClientEventSpec<P extends object = object, A = unknown> {
  /** Validated strictly by the gateway (unknown fields are an error, as over REST). */
  readonly payload: PayloadClass<P>;
  /** `data` of a successful acknowledgement. */
  readonly ack: PayloadSpec<A>;
  readonly summary: string;
}

export interface ServerEventSpec<P = unknown> {
  readonly payload: PayloadSpec<P>;
  readonly summary: string;
}

export type ClientEventSpecs = { readonly [E in ClientEvent]: ClientEventSpec<ClientPayloadOf<E>, ClientAckOf<E>> };
export type ServerEventSpecs = { readonly [E in ServerEvent]: ServerEventSpec<ServerEventPayloads[E]> };

/** Events of M whose classes are not exactly the contract's types, and keys that are no event. */
type ClientMismatches<M> =
  | Exclude<keyof M, ClientEvent>
  | {
      [E in ClientEvent & keyof M]: M[E] extends { payload: infer P; ack: infer A }
        ? SameType<SpecType<P>, ClientEventContracts[E]['payload']> extends true
          ? SameType<SpecType<A>, ClientEventContracts[E]['ack']> extends true
            ? never
            : E
          : E
        : E;
    }[ClientEvent & keyof M];

type ServerMismatches<M> =
  | Exclude<keyof M, ServerEvent>
  | {
      [E in ServerEvent & keyof M]: M[E] extends { payload: infer P } ? (SameType<SpecType<P>, ServerEventPayloads[E]> extends true ? never : E) : E;
    }[ServerEvent & keyof M];

/** Adds a required `mismatched` property naming the bad events, so the compiler's message points at them. */
type Checked<Bad> = [Bad] extends [never] ? unknown : { readonly mismatched: Bad };

/** The client map, checked entry by entry against ClientEventContracts (exported for the type-level test). */
export function clientEventSpecs<M extends ClientEventSpecs>(specs: M & Checked<ClientMismatches<M>>): ClientEventSpecs {
  return specs;
}

/** The server map, checked entry by entry against ServerEventPayloads (exported for the type-level test). */
export function serverEventSpecs<M extends ServerEventSpecs>(specs: M & Checked<ServerMismatches<M>>): ServerEventSpecs {
  return specs;
}

export const CLIENT_EVENT_SPECS = clientEventSpecs({
  'message:send': {
    payload: SendMessagePayload,
    ack: Message,
    summary: 'Send a message to a conversation (conversationId) or a user (recipientId); idempotent per clientMsgId: a repeated one acks the stored message.',
  },
  'message:edit': { payload: EditMessagePayload, ack: Message, summary: 'Edit one of your messages.' },
  'message:delete': { payload: DeleteMessagePayload, ack: MessageDeletedAck, summary: 'Delete a message (the sender, or a room owner/admin).' },
  typing: { payload: TypingPayload, ack: EMPTY_REPLY, summary: 'Tell the other members you are (not) typing.' },
  'conversation:read': { payload: ReadPayload, ack: ReadPosition, summary: 'Move your read position forward (never backward; clamped to lastSeq).' },
  sync: { payload: SyncPayload, ack: SyncBatch, summary: 'Catch up after a reconnect: every event after the last seq seen, per conversation.' },
  'reaction:add': {
    payload: ReactionPayload,
    ack: EMPTY_REPLY,
    summary: 'React to a message (idempotent: reacting twice is one reaction; at most 20 distinct emoji per message).',
  },
  'reaction:remove': { payload: ReactionPayload, ack: EMPTY_REPLY, summary: 'Take your reaction back (idempotent).' },
  'call:start': {
    payload: CallStartPayload,
    ack: CallRef,
    summary:
      'Place an audio or video call in a conversation (direct: 1:1; room: up to 8 participants). A conversation with an open call is joined instead, so two people calling each other at once end up in one call. BLOCKED in a direct conversation with a block either way.',
  },
  'call:accept': {
    payload: CallIdPayload,
    ack: CallJoined,
    summary: "Answer a ringing call on this socket; your other sockets get call:ended \"answered_elsewhere\". The participants already in the call send you offers.",
  },
  'call:decline': { payload: CallIdPayload, ack: EMPTY_REPLY, summary: 'Turn down a call that rings for you (a 1:1 call ends "declined").' },
  'call:hangup': {
    payload: CallIdPayload,
    ack: EMPTY_REPLY,
    summary: 'Leave the call: a call with fewer than two participants left ends "hangup", and so does a ringing call its caller hangs up.',
  },
  'call:signal': {
    payload: CallSignalPayload,
    ack: EMPTY_REPLY,
    summary: "Relay an SDP offer/answer (description) or an ICE candidate to another participant of the call (to its socket in the call).",
  },
});

export const SERVER_EVENT_SPECS = serverEventSpecs({
  'message:new': { payload: Message, summary: "A new message, to every socket of every member, the sender's other sockets included." },
  'message:updated': { payload: Message, summary: 'A message was edited (to members).' },
  'message:deleted': { payload: DeletedMessage, summary: 'A message was deleted (to members).' },
  'message:reaction': { payload: ReactionChange, summary: 'A reaction was added or removed; seq is its event in the sync log (to members).' },
  'message:pinned': { payload: PinChange, summary: 'A message was pinned or unpinned; seq is its event in the sync log (to members).' },
  typing: { payload: TypingChange, summary: 'Another member is (not) typing; never echoed to the typist.' },
  'conversation:read': { payload: ReadChange, summary: "A member's read position moved (to members)." },
  'conversation:new': { payload: Conversation, summary: 'A conversation you are in was created, or you were added to one.' },
  presence: { payload: PresenceView, summary: "A friend's presence changed (to that user's friends)." },
  'friend:request': { payload: FriendChange, summary: 'Someone asked to be your friend.' },
  'friend:accepted': { payload: FriendChange, summary: 'Your friend request was accepted.' },
  'friend:removed': { payload: FriendChange, summary: 'A friendship ended or a request was cancelled.' },
  'session:revoked': { payload: SessionEnded, summary: "This socket's session ended; the server disconnects the socket right after." },
  'call:ringing': { payload: CallRinging, summary: 'A call rings for you: to every socket of every callee.' },
  'call:accepted': { payload: CallUserChange, summary: 'Someone answered: to every socket of every participant.' },
  'call:participant-joined': { payload: CallUserChange, summary: 'A participant joined: to the other participants (each of them sends the newcomer an offer).' },
  'call:participant-left': { payload: CallUserChange, summary: 'A participant hung up, or was away longer than the grace period: to the participants.' },
  'call:signal': { payload: CallSignal, summary: "An SDP or ICE candidate from another participant: only to the addressed participant's socket in the call." },
  'call:ended': { payload: CallEnded, summary: 'The call is over for this socket (answered_elsewhere: you answered on another device).' },
  'room:member-muted': {
    payload: RoomMute,
    summary: 'A room owner/admin muted a member until `until` (to the members); their posts are refused with MUTED until then.',
  },
  'room:member-banned': { payload: RoomBan, summary: 'A member was banned from a room: removed, and unable to rejoin (to the members, the banned user included).' },
});

/**
 * The view classes of acks and server payloads, for the OpenAPI document's extra models: the AsyncAPI
 * document refers to their schemas there (the classes REST answers with are the same ones).
 */
export function socketViewClasses(): PayloadClass<unknown>[] {
  const specs = [...Object.values(CLIENT_EVENT_SPECS).map((spec) => spec.ack), ...Object.values(SERVER_EVENT_SPECS).map((spec) => spec.payload)];
  return [...new Set(specs.map(classOf).filter((cls) => cls !== undefined))];
}
