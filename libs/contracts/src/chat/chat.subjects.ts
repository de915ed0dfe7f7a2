import { broadcast, NO_REPLY, rpc, shape, subjectsOf, userBroadcast } from '../contract.js';
import { type AttachmentAccess, AttachmentAccessQuery } from '../media/media.dto.js';
import { type EveryoneDelivery, type UserDelivery } from './chat.broadcasts.js';
import { CallCommand, type CallJoined, type CallRef, CallSignalCommand, StartCallCommand } from './chat-calls.dto.js';
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
  MentionsCommand,
  MessageAudienceQuery,
  PinCommand,
  PinsCommand,
  PostMessageCommand,
  ReactCommand,
  ReactionsCommand,
  RemoveMemberCommand,
  RoomCommand,
  SearchCommand,
  SendDirectCommand,
  SetNotificationLevelCommand,
  SyncCommand,
  ThreadCommand,
  TypingCommand,
} from './chat.commands.js';
import {
  Conversation,
  ConversationPage,
  DeletedMessage,
  Message,
  MessageAudience,
  MessagePage,
  NotificationLevelReply,
  ReactionPage,
  ReadPosition,
  RoomDetail,
  RoomPage,
  SyncBatch,
  SyncPage,
} from './chat.views.js';
import {
  AnnouncementsCommand,
  BanMemberCommand,
  CreateReportCommand,
  ListReportsCommand,
  ModerationDeleteCommand,
  MuteMemberCommand,
  PostAnnouncementCommand,
  Report,
  ReportPage,
  ReportReceipt,
  ResolveReportCommand,
  RoomMute,
} from './moderation.dto.js';

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
  thread: rpc('chat.messages.thread', ThreadCommand, MessagePage),
  listMentions: rpc('chat.mentions.list', MentionsCommand, MessagePage),
  setNotificationLevel: rpc('chat.notifications.level.set', SetNotificationLevelCommand, NotificationLevelReply),
  /** Service to service: a message's conversation members with their level, read position and whether it mentions them. */
  messageAudience: rpc('chat.notifications.audience', MessageAudienceQuery, MessageAudience),
  /** Places a call, or joins the conversation's open call (glare: both sides calling at once end up in one call). */
  startCall: rpc('chat.calls.start', StartCallCommand, shape<CallRef>('CallRef')),
  acceptCall: rpc('chat.calls.accept', CallCommand, shape<CallJoined>('CallJoined')),
  declineCall: rpc('chat.calls.decline', CallCommand, shape<EmptyReply>('EmptyReply')),
  hangupCall: rpc('chat.calls.hangup', CallCommand, shape<EmptyReply>('EmptyReply')),
  /** Relays an SDP or ICE candidate to the addressed participant's socket in the call. */
  signalCall: rpc('chat.calls.signal', CallSignalCommand, shape<EmptyReply>('EmptyReply')),
  /** Told by the gateway when a socket that is in a call disconnects: its participant leaves after the grace period. */
  callSocketGone: rpc('chat.calls.socket-gone', CallCommand, shape<EmptyReply>('EmptyReply')),
  /** Moderation (ADR 0016): the caller's role / room role is checked here. */
  moderateDelete: rpc('chat.moderation.messages.delete', ModerationDeleteCommand, DeletedMessage),
  postAnnouncement: rpc('chat.announcements.post', PostAnnouncementCommand, Message),
  announcements: rpc('chat.announcements.list', AnnouncementsCommand, MessagePage),
  createReport: rpc('chat.reports.create', CreateReportCommand, ReportReceipt),
  listReports: rpc('chat.reports.list', ListReportsCommand, ReportPage),
  resolveReport: rpc('chat.reports.resolve', ResolveReportCommand, Report),
  muteMember: rpc('chat.rooms.members.mute', MuteMemberCommand, RoomMute),
  banMember: rpc('chat.rooms.members.ban', BanMemberCommand, NO_REPLY),
} as const;
export const CHAT_SUBJECTS = subjectsOf(CHAT_RPC);

/**
 * Core NATS pub/sub routed by recipient: one message per member on `chat.deliver.user.<userId>`, heard only by
 * the gateway replicas holding that user's sockets (docs/adr/0012).
 */
export const CHAT_BROADCAST_CONTRACTS = {
  delivery: userBroadcast('chat.deliver.user', shape<UserDelivery>('UserDelivery')),
  /**
   * An announcement's `message:new` or `message:deleted`: ONE message that every gateway replica hears and emits
   * to all of its sockets, instead of one delivery per user (ADR 0016).
   */
  everyone: broadcast('chat.broadcast.everyone', shape<EveryoneDelivery>('EveryoneDelivery')),
} as const;
export const CHAT_BROADCASTS = subjectsOf(CHAT_BROADCAST_CONTRACTS);
