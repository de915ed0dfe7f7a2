import { Schema } from 'mongoose';
import type { MongoModel } from '#common';

export const CONVERSATION_MODEL = 'Conversation';
export const MEMBER_MODEL = 'Member';
export const MESSAGE_MODEL = 'Message';
export const EVENT_MODEL = 'ChatEvent';

export const ConversationSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    pairKey: { type: String, default: null },
    name: { type: String, default: null },
    nameKey: { type: String, default: null },
    description: { type: String, default: '' },
    visibility: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeq: { type: Number, required: true, default: 0 },
    activityAt: { type: Date, required: true },
  },
  { collection: 'conversations', versionKey: false, autoIndex: true },
);
// One direct conversation per pair; rooms have no pair key.
ConversationSchema.index({ pairKey: 1 }, { unique: true, partialFilterExpression: { pairKey: { $type: 'string' } } });
ConversationSchema.index({ type: 1, visibility: 1, _id: -1 });

export const MemberSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    userId: { type: String, required: true },
    role: { type: String, required: true },
    joinedAt: { type: Date, required: true },
    lastReadSeq: { type: Number, required: true, default: 0 },
  },
  { collection: 'members', versionKey: false, autoIndex: true },
);
MemberSchema.index({ conversationId: 1, userId: 1 }, { unique: true });
MemberSchema.index({ userId: 1, conversationId: 1 });

const pendingEventSchema = new Schema(
  {
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    userId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * `pending` is the message's own outbox: the event of its latest change, written in the same
 * single-document update, so a reader can rebuild an event whose insert was lost (ADR 0005).
 */
export const MessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    senderId: { type: String, required: true },
    content: { type: String, default: '' },
    clientMsgId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    editedAt: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    pending: { type: pendingEventSchema, default: null },
  },
  { collection: 'messages', versionKey: false, autoIndex: true },
);
MessageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
MessageSchema.index({ senderId: 1, clientMsgId: 1 }, { unique: true, partialFilterExpression: { clientMsgId: { $type: 'string' } } });
MessageSchema.index({ conversationId: 1, 'pending.seq': 1 });
// No stemming: whole-word matching like the SQLite FTS5 tokenizer.
MessageSchema.index({ content: 'text' }, { default_language: 'none', language_override: 'textSearchLanguage' });

export const ChatEventSchema = new Schema(
  {
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    /** The public types, plus `noop` for a number that was claimed and abandoned (never shown). */
    type: { type: String, required: true },
    messageId: { type: String, default: null },
    userId: { type: String, default: null },
    content: { type: String, default: null },
    editedAt: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'events', versionKey: false, autoIndex: true },
);
ChatEventSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
ChatEventSchema.index({ messageId: 1 }, { partialFilterExpression: { messageId: { $type: 'string' } } });

export const CHAT_MONGO_MODELS: MongoModel[] = [
  { name: CONVERSATION_MODEL, schema: ConversationSchema },
  { name: MEMBER_MODEL, schema: MemberSchema },
  { name: MESSAGE_MODEL, schema: MessageSchema },
  { name: EVENT_MODEL, schema: ChatEventSchema },
];
