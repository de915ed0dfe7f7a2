import { NO_REPLY, rpc, shape, subjectsOf, userBroadcast } from '../contract.js';
import { type AttachmentAccess, AttachmentAccessQuery } from '../media/media.dto.js';
import { type UserDelivery } from './chat.broadcasts.js';
import {
  AddMemberCommand,
  ConversationCommand,
  CreateRoomCommand,
  DeleteMessageCommand,
  EditMessageCommand,
  EventsCommand,
  HistoryCommand,
  ListConversationsCommand,
  ListRoomsCommand,
  MarkReadCommand,
  PinCommand,
  PinsCommand,
  PostMessageCommand,
  ReactCommand,
  ReactionsCommand,
  RemoveMemberCommand,
  RoomCommand,
  SearchCommand,
  SendDirectCommand,
  SyncCommand,
  TypingCommand,
} from './chat.commands.js';
import {
  Conversation,
  ConversationPage,
  DeletedMessage,
  Message,
  MessagePage,
  ReactionPage,
  ReadPosition,
  RoomDetail,
  RoomPage,
  SyncBatch,
  SyncPage,
} from './chat.views.js';

/** The reply of a subject that succeeds with an empty object (the socket ack's `data: {}`). */
export type EmptyReply = Record<string, never>;
export const EMPTY_REPLY = shape<EmptyReply>('EmptyReply');

/** The chat service's request/reply subjects: subject, command class, reply. */
export const CHAT_RPC = {
  sendDirect: rpc('chat.messages.send-direct', SendDirectCommand, Message),
  postMessage: rpc('chat.messages.post', PostMessageCommand, Message),
  history: rpc('chat.messages.history', HistoryCommand, MessagePage),
  editMessage: rpc('chat.messages.edit', EditMessageCommand, Message),
  deleteMessage: rpc('chat.messages.delete', DeleteMessageCommand, DeletedMessage),
  listConversations: rpc('chat.conversations.list', ListConversationsCommand, ConversationPage),
  getConversation: rpc('chat.conversations.get', ConversationCommand, Conversation),
  markRead: rpc('chat.conversations.read', MarkReadCommand, ReadPosition),
  /** The sync log of one conversation (REST and the socket `sync`). */
  events: rpc('chat.conversations.events', EventsCommand, SyncPage),
  /** The sync log of several conversations at once (the socket `sync`). */
  sync: rpc('chat.sync', SyncCommand, SyncBatch),
  listRooms: rpc('chat.rooms.list', ListRoomsCommand, RoomPage),
  createRoom: rpc('chat.rooms.create', CreateRoomCommand, RoomDetail),
  getRoom: rpc('chat.rooms.get', RoomCommand, RoomDetail),
  joinRoom: rpc('chat.rooms.join', RoomCommand, RoomDetail),
  leaveRoom: rpc('chat.rooms.leave', RoomCommand, NO_REPLY),
  addMember: rpc('chat.rooms.members.add', AddMemberCommand, NO_REPLY),
  removeMember: rpc('chat.rooms.members.remove', RemoveMemberCommand, NO_REPLY),
  search: rpc('chat.messages.search', SearchCommand, MessagePage),
  /** Checks membership and tells the other members (never stored). */
  typing: rpc('chat.conversations.typing', TypingCommand, EMPTY_REPLY),
  /** Idempotent: adding a reaction the caller already gave, or removing one they did not, takes no seq. */
  addReaction: rpc('chat.reactions.add', ReactCommand, EMPTY_REPLY),
  removeReaction: rpc('chat.reactions.remove', ReactCommand, EMPTY_REPLY),
  listReactions: rpc('chat.reactions.list', ReactionsCommand, ReactionPage),
  /** Idempotent like reactions: pinning a pinned message takes no seq. */
  pin: rpc('chat.pins.pin', PinCommand, EMPTY_REPLY),
  unpin: rpc('chat.pins.unpin', PinCommand, EMPTY_REPLY),
  listPins: rpc('chat.pins.list', PinsCommand, MessagePage),
  /** Asked by media before serving an attachment: the message exists, is not deleted, and the user is a member. */
  attachmentAccess: rpc('chat.attachments.access', AttachmentAccessQuery, shape<AttachmentAccess>('AttachmentAccess')),
} as const;
export const CHAT_SUBJECTS = subjectsOf(CHAT_RPC);

/**
 * Core NATS pub/sub routed by recipient: one message per member on `chat.deliver.user.<userId>`, heard only by
 * the gateway replicas holding that user's sockets (docs/adr/0012).
 */
export const CHAT_BROADCAST_CONTRACTS = {
  delivery: userBroadcast('chat.deliver.user', shape<UserDelivery>('UserDelivery')),
} as const;
export const CHAT_BROADCASTS = subjectsOf(CHAT_BROADCAST_CONTRACTS);
