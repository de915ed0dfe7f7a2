/** Request/reply subjects of the chat service (the transport adds the namespace prefix). */
export const CHAT_SUBJECTS = {
  /** SendDirectCommand → Message */
  sendDirect: 'chat.messages.send-direct',
  /** PostMessageCommand → Message */
  postMessage: 'chat.messages.post',
  /** HistoryCommand → MessagePage */
  history: 'chat.messages.history',
  /** EditMessageCommand → Message */
  editMessage: 'chat.messages.edit',
  /** DeleteMessageCommand → DeletedMessage */
  deleteMessage: 'chat.messages.delete',
  /** ListConversationsCommand → ConversationPage */
  listConversations: 'chat.conversations.list',
  /** ConversationCommand → Conversation */
  getConversation: 'chat.conversations.get',
  /** MarkReadCommand → ReadPosition */
  markRead: 'chat.conversations.read',
  /** EventsCommand → SyncPage: the sync log of one conversation (REST and the socket `sync`). */
  events: 'chat.conversations.events',
  /** SyncCommand → SyncBatch: the sync log of several conversations at once (the socket `sync`). */
  sync: 'chat.sync',
  /** ListRoomsCommand → RoomPage */
  listRooms: 'chat.rooms.list',
  /** CreateRoomCommand → RoomDetail */
  createRoom: 'chat.rooms.create',
  /** RoomCommand → RoomDetail */
  getRoom: 'chat.rooms.get',
  /** RoomCommand → RoomDetail */
  joinRoom: 'chat.rooms.join',
  /** RoomCommand → void */
  leaveRoom: 'chat.rooms.leave',
  /** AddMemberCommand → void */
  addMember: 'chat.rooms.members.add',
  /** RemoveMemberCommand → void */
  removeMember: 'chat.rooms.members.remove',
  /** SearchCommand → MessagePage */
  search: 'chat.messages.search',
  /** TypingCommand → {}: checks membership and tells the other members (never stored). */
  typing: 'chat.conversations.typing',
} as const;

/** Core NATS pub/sub: every gateway replica hears every delivery and forwards it to its sockets. */
export const CHAT_BROADCASTS = {
  /** ChatDelivery */
  delivery: 'chat.broadcast.delivery',
} as const;
