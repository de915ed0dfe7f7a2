import { Schema } from 'mongoose';
import type { CallLogEntry, RoomRole, SyncEventType } from '#contracts';
import type { MessageRecord } from '../messages/message.entity.js';
import type { EventTarget } from './conversation-event.js';

export const EVENT_MODEL = 'ChatEvent';

/**
 * One event of the log, the only record of a change on MongoDB (ADR 0005). Its insert is the commit point; the
 * message, member and conversation documents are derived from it by MongoConversationLog.apply.
 */
export interface EventDocument {
  conversationId: string;
  seq: number;
  type: SyncEventType;
  userId: string;
  at: Date;
  /** What the event changes: a message id, or the member key for joins and leaves. */
  subject: string;
  /** Seq of the subject's previous event, 0 for its first: unique with subject, so two changes cannot build on one state. */
  parent: number;
  /** message.created only: the send's idempotency key, unique per sender. */
  clientMsgId: string | null;
  /** Message events: the message right after the event. */
  message: MessageRecord | null;
  /** member.joined: the role the member gets. */
  role: RoomRole | null;
  /** member.left: the member who becomes owner with it. */
  promoteId: string | null;
  /** Reaction and pin events: the message and a reaction's emoji (the subject is the reaction's or pin's key). */
  target?: EventTarget;
  /** call.started / call.ended: the call (the subject is `call:<id>:started` / `:ended`; no state is derived from it). */
  call?: CallLogEntry;
  /** Set until the event's effects are applied to the state documents; readers apply what a crashed writer left. */
  pending?: true;
  /** Set on the events the log's outbox publishes (isRelayed) until the relay has published them (docs/adr/0014). */
  relay?: true;
}

export const ChatEventSchema = new Schema(
  {
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    userId: { type: String, required: true },
    at: { type: Date, required: true },
    subject: { type: String, required: true },
    parent: { type: Number, required: true },
    clientMsgId: { type: String, default: null },
    message: { type: Schema.Types.Mixed, default: null },
    role: { type: String, default: null },
    promoteId: { type: String, default: null },
    target: { type: Schema.Types.Mixed, default: undefined },
    call: { type: Schema.Types.Mixed, default: undefined },
    pending: { type: Boolean },
    relay: { type: Boolean },
  },
  { collection: 'events', versionKey: false, autoIndex: true, minimize: false },
);
// Partial filters use only $type and equality (MongoDB 6/7 rules); events written before subject existed are left out.
ChatEventSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
ChatEventSchema.index({ subject: 1, parent: 1 }, { unique: true, partialFilterExpression: { subject: { $type: 'string' } } });
ChatEventSchema.index({ userId: 1, clientMsgId: 1 }, { unique: true, partialFilterExpression: { clientMsgId: { $type: 'string' } } });
ChatEventSchema.index({ conversationId: 1 }, { name: 'pending_by_conversation', partialFilterExpression: { pending: true } });
ChatEventSchema.index({ relay: 1, _id: 1 }, { name: 'relay_pending', partialFilterExpression: { relay: true } });
