import { Schema } from 'mongoose';
import type { MongoModel } from '#common';
import { ChatEventSchema, EVENT_MODEL } from '../conversation-log/conversation-log.mongo-schema.js';
import { MODERATION_MONGO_MODELS } from '../moderation/moderation.mongo-schemas.js';

export const CONVERSATION_MODEL = 'Conversation';
export const MEMBER_MODEL = 'Member';
export const MESSAGE_MODEL = 'Message';
export const REACTION_MODEL = 'Reaction';
export const PIN_MODEL = 'Pin';
export const MENTION_MODEL = 'Mention';
export const CALL_MODEL = 'Call';
export const BLOCK_COPY_MODEL = 'BlockCopy';

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
    /** Null until the member chooses one (DEFAULT_NOTIFICATION_LEVEL). */
    notificationLevel: { type: String, default: null },
    version: { type: Number, default: 0 },
  },
  { collection: 'members', versionKey: false, autoIndex: true },
);
MemberSchema.index({ conversationId: 1, userId: 1 }, { unique: true });
MemberSchema.index({ userId: 1, conversationId: 1 });

/** The current state of each message, derived from the log (MongoConversationLog.apply). */
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
    replyToId: { type: String, default: null },
    /** Thread replies: the root; they are left out of the history and counted per root (ThreadRepository). */
    threadId: { type: String, default: null },
    /** The seq of the newest event applied: an older event never overwrites a newer state. */
    version: { type: Number, default: 0 },
    /** The distinct search tokens of the content (see searchTokens); empty once deleted. */
    words: { type: [String], default: [] },
  },
  { collection: 'messages', versionKey: false, autoIndex: true },
);
// Kept as it was: redefining an existing index fails createIndexes on a real server (ADR 0005, costs).
MessageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
// Whole-token search (multikey): every word must be an element, as in the SQLite FTS5 index.
MessageSchema.index({ words: 1 });
// A thread's replies in order and its summary; the partial filter keeps main-history messages out of it.
MessageSchema.index({ threadId: 1, seq: 1 }, { partialFilterExpression: { threadId: { $type: 'string' } } });

/** One user's reaction with one emoji, derived from the log; `_id` is reactionKey, `version` the seq of its newest event. */
export const ReactionSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    messageId: { type: String, required: true },
    emoji: { type: String, required: true },
    userId: { type: String, required: true },
    seq: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    version: { type: Number, default: 0 },
  },
  { collection: 'reactions', versionKey: false, autoIndex: true },
);
// The aggregate groups a page's messages by emoji, newest first; the list pages by seq (all, or one emoji).
ReactionSchema.index({ messageId: 1, emoji: 1, seq: -1 });
ReactionSchema.index({ messageId: 1, seq: -1 });

/** A pinned message, derived from the log; `_id` is the message id, `version` the seq of the pin's newest event. */
export const PinSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    pinnedBy: { type: String, required: true },
    pinnedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
    version: { type: Number, default: 0 },
  },
  { collection: 'pins', versionKey: false, autoIndex: true },
);
// The pins list: latest pin first.
PinSchema.index({ conversationId: 1, seq: -1 });

/** One member mentioned by one message (see MentionRepository); `_id` is `<messageId>:<userId>`. */
export const MentionSchema = new Schema(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    conversationId: { type: String, required: true },
    userId: { type: String, required: true },
    seq: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'mentions', versionKey: false, autoIndex: true },
);
// unreadMentionCount: a member's mentions after their read position; the mentions list: newest first; a message's mentions.
MentionSchema.index({ conversationId: 1, userId: 1, seq: 1 });
MentionSchema.index({ userId: 1, createdAt: -1, messageId: -1 });
MentionSchema.index({ messageId: 1, userId: 1 });

/** A call (CallRecord with `_id`); `open` is set while it is not ended, and unique per conversation then. */
export const CallSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    initiatorId: { type: String, required: true },
    media: { type: String, required: true },
    state: { type: String, required: true },
    reason: { type: String, default: null },
    invitees: { type: [String], default: [] },
    declined: { type: [String], default: [] },
    joined: { type: [String], default: [] },
    participants: { type: [{ _id: false, userId: String, socketId: String }], default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    answeredAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    startedSeq: { type: Number, default: 0 },
    endedSeq: { type: Number, default: null },
    open: { type: Boolean },
  },
  { collection: 'calls', versionKey: false, autoIndex: true, minimize: false },
);
// One open call per conversation: the index that turns two people calling each other at once into one call.
CallSchema.index({ conversationId: 1 }, { unique: true, name: 'open_call', partialFilterExpression: { open: true } });
CallSchema.index({ 'participants.userId': 1 }, { partialFilterExpression: { open: true } });
CallSchema.index({ conversationId: 1, endedSeq: 1 }, { partialFilterExpression: { reason: 'missed' } });
/** Chat's read copy of one block (ADR 0019); `_id` is "<blockerId>:<blockedId>", `seq` the newest event's stream sequence. */
export interface BlockCopyDocument {
  _id: string;
  blockerId: string;
  blockedId: string;
  blocked: boolean;
  seq: number;
}

export const BlockCopySchema = new Schema(
  {
    _id: { type: String, required: true },
    blockerId: { type: String, required: true },
    blockedId: { type: String, required: true },
    blocked: { type: Boolean, required: true },
    seq: { type: Number, required: true },
  },
  { collection: 'blocks_copy', versionKey: false, autoIndex: true },
);

export const CHAT_MONGO_MODELS: MongoModel[] = [
  { name: CONVERSATION_MODEL, schema: ConversationSchema },
  { name: MEMBER_MODEL, schema: MemberSchema },
  { name: MESSAGE_MODEL, schema: MessageSchema },
  { name: EVENT_MODEL, schema: ChatEventSchema },
  { name: REACTION_MODEL, schema: ReactionSchema },
  { name: PIN_MODEL, schema: PinSchema },
  { name: MENTION_MODEL, schema: MentionSchema },
  { name: CALL_MODEL, schema: CallSchema },
  ...MODERATION_MONGO_MODELS,
  { name: BLOCK_COPY_MODEL, schema: BlockCopySchema },
];
