import type { SessionRevokedReason } from '@contracts/auth/auth.dto.js';
import { SERVER_EVENTS } from '@contracts/realtime/realtime.events.js';
import { ApiClient, ApiError, BANNER_CODES } from '../api/api-client.js';
import type { Attachment, AuthResult, Conversation, Message, NotificationLevel, PrivateProfile, PublicUser, SyncEvent } from '../api/types.js';
import {
  AckFailure,
  emitWithAck,
  isUnauthorizedHandshake,
  isUnavailableHandshake,
  openSocket,
  type ConnectionState,
  type RealtimeSocket,
} from '../realtime/realtime-socket.js';
import { CallController } from './call-controller.js';
import { applyPin, applyReaction, applyThreadReply, mergeMessages, newClientMsgId, withAnnotationsOf, type PendingMessage } from './message-log.js';

export interface ConversationLog {
  messages: Message[];
  /** Older history exists before the first loaded message. */
  hasMore: boolean;
  loading: boolean;
}

/** A thread's replies loaded so far (oldest first), by its root message's id. */
export interface ThreadLog {
  conversationId: string;
  replies: Message[];
  /** Older replies exist before the first loaded one. */
  hasMore: boolean;
  loading: boolean;
}

/** What a message carries besides its text. */
export interface SendExtras {
  replyToId?: string;
  threadId?: string;
  attachments?: Attachment[];
}

export interface Banner {
  code: string;
  message: string;
}

/** A direct conversation about to start: it exists on the server once its first message is sent. */
export interface DraftDirect {
  user: PublicUser;
}

export interface ChatState {
  me: PrivateProfile | null;
  connection: ConnectionState;
  banner: Banner | null;
  conversations: Conversation[];
  activeId: string | null;
  draft: DraftDirect | null;
  logs: Record<string, ConversationLog>;
  pending: PendingMessage[];
  /** Who is typing, per conversation. */
  typing: Record<string, string[]>;
  /** Other members' read positions heard live, per conversation. */
  readBy: Record<string, Record<string, number>>;
  presence: Record<string, 'online' | 'offline'>;
  /** Bumped on friend events, so the people panel reloads. */
  friendsVersion: number;
  /** A message to scroll to and highlight (search results). */
  focusSeq: number | null;
  /** call.ended events per conversation (the timeline shows them among the messages, by seq). */
  callEntries: Record<string, SyncEvent[]>;
  /** Why the server ended the last session (session:revoked), for the login screen to say. */
  sessionEnded: SessionRevokedReason | null;
  /** Thread replies by root message id (replies stay out of `logs`, as they stay out of the main history). */
  threads: Record<string, ThreadLog>;
  /** The root of the thread shown in the thread panel. */
  openThreadId: string | null;
}

const INITIAL: ChatState = {
  me: null,
  connection: 'offline',
  banner: null,
  conversations: [],
  activeId: null,
  draft: null,
  logs: {},
  pending: [],
  typing: {},
  readBy: {},
  presence: {},
  friendsVersion: 0,
  focusSeq: null,
  callEntries: {},
  sessionEnded: null,
  threads: {},
  openThreadId: null,
};

const PAGE = 30;
// Someone who stopped sending `typing` (closed the tab) stops "typing" after this long.
const TYPING_EXPIRY_MS = 6000;

const byActivity = (a: Conversation, b: Conversation) => b.updatedAt.localeCompare(a.updatedAt);

/**
 * The client's state and every action on it, outside React (components read it with useSyncExternalStore).
 * It speaks only the public REST API and the Socket.IO contract.
 */
export class ChatStore {
  private state: ChatState = INITIAL;
  private readonly listeners = new Set<() => void>();
  readonly api: ApiClient;
  private socket: RealtimeSocket | null = null;
  /** Highest event seq applied per conversation: what `sync` resumes from. */
  private readonly synced = new Map<string, number>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private everConnected = false;
  /** Every thread reply applied, with its root and whether its deletion was counted: each reply moves its root's count once. */
  private readonly threadReplies = new Map<string, { rootId: string; deleted: boolean }>();
  /** Highest thread reply seq applied per conversation (replies on screen count as seen). */
  private readonly replySeq = new Map<string, number>();
  private readonly membersLoading = new Set<string>();
  /** Audio/video calls: a sub-store with its own state (state/call-controller.ts). */
  readonly calls: CallController;

  constructor() {
    this.api = new ApiClient({
      onTokens: (tokens) => {
        if (!tokens && this.state.me) this.endSession();
      },
      onBannerError: (error) => this.showBanner(error.code, error.message),
    });
    this.calls = new CallController(this.api, () => this.state.me?.id);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): ChatState => this.state;

  private set(patch: Partial<ChatState> | ((s: ChatState) => Partial<ChatState>)): void {
    this.state = { ...this.state, ...(typeof patch === 'function' ? patch(this.state) : patch) };
    for (const listener of this.listeners) listener();
  }

  showBanner(code: string, message: string): void {
    this.set({ banner: { code, message } });
  }

  dismissBanner(): void {
    this.set({ banner: null });
  }

  // ---- session ----

  async register(body: { username: string; email: string; password: string }): Promise<void> {
    await this.begin(await this.api.call((signal) => this.api.http.POST('/api/auth/register', { body, signal })));
  }

  async login(login: string, password: string): Promise<void> {
    await this.begin(await this.api.call((signal) => this.api.http.POST('/api/auth/login', { body: { login, password }, signal })));
  }

  // ---- accounts by email (no session needed: the mailed token is the proof) ----

  async forgotPassword(email: string): Promise<void> {
    await this.api.call((signal) => this.api.http.POST('/api/auth/password/forgot', { body: { email }, signal }));
  }

  async resetPassword(token: string, newPassword: string): Promise<void> {
    await this.api.call((signal) => this.api.http.POST('/api/auth/password/reset', { body: { token, newPassword }, signal }));
  }

  /** Signed in: mails a new verification link to the account's address. */
  async requestEmailVerification(): Promise<void> {
    await this.api.call((signal) => this.api.http.POST('/api/auth/email/verify-request', { signal }));
  }

  async verifyEmail(token: string): Promise<void> {
    await this.api.call((signal) => this.api.http.POST('/api/auth/email/verify', { body: { token }, signal }));
  }

  async logout(): Promise<void> {
    try {
      await this.api.call((signal) => this.api.http.POST('/api/auth/logout', { signal }));
    } catch {
      // The session ends locally whatever the server says.
    }
    this.api.setSession(null);
    this.endSession();
  }

  private async begin(result: AuthResult): Promise<void> {
    this.api.setSession(result);
    this.set({ ...INITIAL, me: result.user, connection: 'connecting' });
    await this.loadConversations();
    this.connect();
  }

  private endSession(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.calls.reset();
    this.synced.clear();
    this.threadReplies.clear();
    this.replySeq.clear();
    this.everConnected = false;
    window.removeEventListener('offline', this.goOffline);
    window.removeEventListener('online', this.goOnline);
    this.set(INITIAL);
  }

  async updateProfile(body: { displayName?: string; bio?: string; avatarUrl?: string }): Promise<void> {
    const me = await this.api.call((signal) => this.api.http.PUT('/api/users/profile', { body, signal }));
    this.set({ me });
  }

  // ---- conversations ----

  async loadConversations(): Promise<void> {
    const page = await this.api.call((signal) => this.api.http.GET('/api/chat/conversations', { params: { query: { limit: 100 } }, signal }));
    for (const c of page.items) this.synced.set(c.id, Math.max(this.synced.get(c.id) ?? 0, c.lastSeq));
    this.set({ conversations: [...page.items].sort(byActivity) });
  }

  private upsertConversation(conversation: Conversation): void {
    this.synced.set(conversation.id, Math.max(this.synced.get(conversation.id) ?? 0, conversation.lastSeq));
    this.set((s) => ({ conversations: [conversation, ...s.conversations.filter((c) => c.id !== conversation.id)].sort(byActivity) }));
  }

  async openConversation(id: string, focusSeq: number | null = null): Promise<void> {
    this.set((s) => ({ activeId: id, draft: null, focusSeq, openThreadId: s.activeId === id ? s.openThreadId : null }));
    if (!this.state.conversations.some((c) => c.id === id)) {
      this.upsertConversation(await this.api.call((signal) => this.api.http.GET('/api/chat/conversations/{id}', { params: { path: { id } }, signal })));
    }
    const log = this.state.logs[id];
    if (focusSeq !== null && !log?.messages.some((m) => m.seq === focusSeq)) {
      await this.loadAround(id, focusSeq);
    } else if (!log) {
      await this.loadOlder(id);
    }
    this.markSeen(id);
  }

  /** Opens the direct conversation with a user, or a draft that the first message creates. */
  openDirect(user: PublicUser): void {
    const existing = this.state.conversations.find((c) => c.type === 'direct' && c.members.some((m) => m.id === user.id));
    if (existing) void this.openConversation(existing.id).catch(() => undefined);
    else this.set({ activeId: null, draft: { user }, focusSeq: null, openThreadId: null });
  }

  /** How much of a conversation notifies this user (push, email): `PUT /api/chat/conversations/:id/notifications`. */
  async setNotificationLevel(id: string, level: NotificationLevel): Promise<void> {
    const reply = await this.api.call((signal) => this.api.http.PUT('/api/chat/conversations/{id}/notifications', { params: { path: { id } }, body: { level }, signal }));
    const conversation = this.state.conversations.find((c) => c.id === id);
    if (conversation) this.upsertConversation({ ...conversation, notificationLevel: reply.level });
  }

  closeConversation(): void {
    this.set({ activeId: null, draft: null, focusSeq: null, openThreadId: null });
  }

  // ---- threads ----

  /** Shows a root message's thread (the panel), loading its latest replies the first time. */
  async openThread(root: Message): Promise<void> {
    this.set({ openThreadId: root.id });
    if (!this.state.threads[root.id]) await this.loadOlderReplies(root.id, root.conversationId);
    this.markSeen(root.conversationId);
  }

  closeThread(): void {
    this.set({ openThreadId: null });
  }

  private setThread(rootId: string, conversationId: string, update: (t: ThreadLog) => Partial<ThreadLog>): void {
    this.set((s) => {
      const thread = s.threads[rootId] ?? { conversationId, replies: [], hasMore: true, loading: false };
      return { threads: { ...s.threads, [rootId]: { ...thread, ...update(thread) } } };
    });
  }

  /** The page of replies before the oldest loaded one (`GET /messages/:id/thread`, newest first). */
  async loadOlderReplies(rootId: string, conversationId = this.state.threads[rootId]?.conversationId): Promise<void> {
    const thread = this.state.threads[rootId];
    if (!conversationId || thread?.loading || thread?.hasMore === false) return;
    const before = thread?.replies[0]?.seq;
    this.setThread(rootId, conversationId, () => ({ loading: true }));
    try {
      const page = await this.api.call((signal) =>
        this.api.http.GET('/api/chat/messages/{id}/thread', { params: { path: { id: rootId }, query: { limit: PAGE, ...(before ? { before } : {}) } }, signal }),
      );
      // Already counted in the root's summary: registered so that a later replay of them does not count them again.
      for (const reply of page.items) if (!this.threadReplies.has(reply.id)) this.threadReplies.set(reply.id, { rootId, deleted: reply.deletedAt !== null });
      const newest = page.items[0]?.seq ?? 0;
      this.replySeq.set(conversationId, Math.max(this.replySeq.get(conversationId) ?? 0, newest));
      this.setThread(rootId, conversationId, (t) => ({ replies: mergeMessages(t.replies, page.items), hasMore: page.nextCursor !== null && page.items.length > 0, loading: false }));
    } catch (error) {
      this.setThread(rootId, conversationId, () => ({ loading: false }));
      throw error;
    }
  }

  /** A thread reply arrived or changed: into its thread's log, and its root's count moved once per reply. */
  private applyReply(reply: Message, rootId: string, isNew: boolean): void {
    const known = this.threadReplies.get(reply.id);
    const deleted = reply.deletedAt !== null;
    let delta: 0 | 1 | -1 = 0;
    if (!known) delta = isNew ? (deleted ? -1 : 1) : 0;
    else if (deleted && !known.deleted) delta = -1;
    this.threadReplies.set(reply.id, { rootId, deleted: deleted || (known?.deleted ?? false) });
    const id = reply.conversationId;
    this.replySeq.set(id, Math.max(this.replySeq.get(id) ?? 0, reply.seq));
    if (this.state.threads[rootId]) this.setThread(rootId, id, (t) => ({ replies: mergeMessages(t.replies, [reply]) }));
    if (delta === 0) return;
    const bump = (m: Message) => (m.id === rootId ? applyThreadReply(m, reply, delta) : m);
    if (this.state.logs[id]) this.setLog(id, (l) => ({ messages: l.messages.map(bump) }));
    const conversation = this.state.conversations.find((c) => c.id === id);
    if (conversation?.lastMessage?.id === rootId) this.upsertConversation({ ...conversation, lastMessage: bump(conversation.lastMessage) });
  }

  /** A message wherever this client shows it: the main log or a thread. */
  private findMessage(conversationId: string, id: string): Message | undefined {
    const inLog = this.state.logs[conversationId]?.messages.find((m) => m.id === id);
    if (inLog) return inLog;
    for (const thread of Object.values(this.state.threads)) {
      const reply = thread.conversationId === conversationId ? thread.replies.find((m) => m.id === id) : undefined;
      if (reply) return reply;
    }
    return undefined;
  }

  private setLog(id: string, update: (log: ConversationLog) => Partial<ConversationLog>): void {
    this.set((s) => {
      const log = s.logs[id] ?? { messages: [], hasMore: true, loading: false };
      return { logs: { ...s.logs, [id]: { ...log, ...update(log) } } };
    });
  }

  /** The page before the oldest loaded message (newest-first from the server). */
  async loadOlder(id: string): Promise<void> {
    const log = this.state.logs[id];
    if (log?.loading || log?.hasMore === false) return;
    const before = log?.messages[0]?.seq;
    this.setLog(id, () => ({ loading: true }));
    try {
      const page = await this.api.call((signal) =>
        this.api.http.GET('/api/chat/conversations/{id}/messages', { params: { path: { id }, query: { limit: PAGE, ...(before ? { before } : {}) } }, signal }),
      );
      this.setLog(id, (l) => ({ messages: mergeMessages(l.messages, page.items), hasMore: page.nextCursor !== null && page.items.length > 0, loading: false }));
      const oldest = page.items.at(-1)?.seq;
      if (oldest !== undefined) void this.loadCallEntries(id, oldest - 1, before).catch(() => undefined);
    } catch (error) {
      this.setLog(id, () => ({ loading: false }));
      throw error;
    }
  }

  /** The calls among the events of (after, before) of the log: one page of the sync log, for the timeline. */
  private async loadCallEntries(id: string, after: number, before: number | undefined): Promise<void> {
    const page = await this.api.call((signal) =>
      this.api.http.GET('/api/chat/conversations/{id}/events', { params: { path: { id }, query: { after: Math.max(0, after), limit: 100 } }, signal }),
    );
    this.addCallEntries(page.items.filter((e) => before === undefined || e.seq < before));
  }

  private addCallEntries(events: SyncEvent[]): void {
    const calls = events.filter((e) => e.type === 'call.ended' && e.call);
    if (calls.length === 0) return;
    this.set((s) => {
      const byConversation = { ...s.callEntries };
      for (const e of calls) {
        const known = byConversation[e.conversationId] ?? [];
        if (!known.some((k) => k.seq === e.seq)) byConversation[e.conversationId] = [...known, e].sort((a, b) => a.seq - b.seq);
      }
      return { callEntries: byConversation };
    });
  }

  /** After a call:ended push: the new log events of that conversation (its call.ended among them). */
  private async catchUpConversation(id: string): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const after = this.synced.get(id) ?? 0;
      const page = await this.api.call((signal) => this.api.http.GET('/api/chat/conversations/{id}/events', { params: { path: { id }, query: { after, limit: 100 } }, signal }));
      for (const event of page.items) this.applySyncEvent(event);
      if (!page.nextCursor) break;
    }
  }

  /** A search hit: the page that ends at it, then everything after it up to the present (no holes). */
  private async loadAround(id: string, seq: number): Promise<void> {
    this.setLog(id, () => ({ messages: [], hasMore: true, loading: true }));
    const older = await this.api.call((signal) =>
      this.api.http.GET('/api/chat/conversations/{id}/messages', { params: { path: { id }, query: { before: seq + 1, limit: PAGE } }, signal }),
    );
    let messages = older.items;
    let after = seq;
    for (;;) {
      const newer = await this.api.call((signal) =>
        this.api.http.GET('/api/chat/conversations/{id}/messages', { params: { path: { id }, query: { after, limit: 100 } }, signal }),
      );
      messages = mergeMessages(messages, newer.items);
      const last = newer.items.at(-1);
      if (!newer.nextCursor || !last) break;
      after = last.seq;
    }
    this.setLog(id, () => ({ messages: mergeMessages([], messages), hasMore: older.nextCursor !== null, loading: false }));
  }

  // ---- messages ----

  /** Optimistic send: shown at once as "sending", then replaced by the stored message or marked failed. */
  send(content: string, { replyToId, threadId, attachments = [] }: SendExtras = {}): void {
    const { activeId, draft } = this.state;
    const text = content.trim();
    if ((!text && attachments.length === 0) || (!activeId && !draft)) return;
    const pending: PendingMessage = {
      clientMsgId: newClientMsgId(),
      conversationId: activeId ?? `draft:${draft?.user.id}`,
      content: text,
      status: 'sending',
      ...(replyToId ? { replyToId } : {}),
      ...(threadId ? { threadId } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    };
    this.set((s) => ({ pending: [...s.pending, pending] }));
    void this.deliver(pending, draft?.user.id);
  }

  retry(clientMsgId: string): void {
    const pending = this.state.pending.find((p) => p.clientMsgId === clientMsgId);
    if (!pending) return;
    this.patchPending(clientMsgId, { status: 'sending', error: undefined });
    const recipientId = pending.conversationId.startsWith('draft:') ? pending.conversationId.slice('draft:'.length) : undefined;
    void this.deliver(pending, recipientId);
  }

  private patchPending(clientMsgId: string, patch: Partial<PendingMessage>): void {
    this.set((s) => ({ pending: s.pending.map((p) => (p.clientMsgId === clientMsgId ? { ...p, ...patch } : p)) }));
  }

  /** Sends (or re-sends, with the same clientMsgId, so the server stores it once). */
  private async deliver(pending: PendingMessage, recipientId: string | undefined): Promise<void> {
    if (!this.socket) return;
    const target = recipientId ? { recipientId } : { conversationId: pending.conversationId };
    try {
      const message = await emitWithAck(this.socket, 'message:send', {
        ...target,
        content: pending.content,
        clientMsgId: pending.clientMsgId,
        ...(pending.replyToId ? { replyToId: pending.replyToId } : {}),
        ...(pending.threadId ? { threadId: pending.threadId } : {}),
        ...(pending.attachments ? { attachmentIds: pending.attachments.map((a) => a.id) } : {}),
      });
      this.set((s) => ({ pending: s.pending.filter((p) => p.clientMsgId !== pending.clientMsgId) }));
      this.applyMessage(message);
      if (recipientId) await this.openConversation(message.conversationId);
    } catch (error) {
      this.patchPending(pending.clientMsgId, { status: 'failed', error: error instanceof Error ? error.message : 'failed' });
      if (error instanceof AckFailure && BANNER_CODES.has(error.code)) this.showBanner(error.code, error.message);
    }
  }

  async edit(messageId: string, content: string): Promise<void> {
    if (!this.socket) throw new AckFailure('OFFLINE', 'Not connected');
    this.applyMessage(await emitWithAck(this.socket, 'message:edit', { messageId, content }));
  }

  async remove(message: Message): Promise<void> {
    if (!this.socket) throw new AckFailure('OFFLINE', 'Not connected');
    await emitWithAck(this.socket, 'message:delete', { messageId: message.id });
    this.applyMessage({ ...message, content: '', deletedAt: new Date().toISOString() });
  }

  /** Toggles the caller's reaction; the change comes back as a `message:reaction` event with its seq. */
  async react(message: Message, emoji: string): Promise<void> {
    if (!this.socket) throw new AckFailure('OFFLINE', 'Not connected');
    const mine = message.reactions.some((r) => r.emoji === emoji && r.userIds.includes(this.state.me?.id ?? ''));
    await emitWithAck(this.socket, mine ? 'reaction:remove' : 'reaction:add', { messageId: message.id, emoji });
  }

  async pin(message: Message, pinned: boolean): Promise<void> {
    const path = { id: message.id };
    await this.api.call((signal) =>
      pinned ? this.api.http.PUT('/api/chat/messages/{id}/pin', { params: { path }, signal }) : this.api.http.DELETE('/api/chat/messages/{id}/pin', { params: { path }, signal }),
    );
  }

  /** A log event about an existing message (reaction, pin): applied once, by its seq, to wherever the message is shown. */
  private applyMessageEvent(conversationId: string, seq: number, messageId: string, update: (m: Message) => Message): void {
    const previous = this.synced.get(conversationId) ?? 0;
    if (seq <= previous) return;
    this.synced.set(conversationId, seq);
    const apply = (m: Message) => (m.id === messageId ? update(m) : m);
    if (this.state.logs[conversationId]) this.setLog(conversationId, (l) => ({ messages: l.messages.map(apply) }));
    const rootId = this.threadReplies.get(messageId)?.rootId;
    if (rootId && this.state.threads[rootId]) this.setThread(rootId, conversationId, (t) => ({ replies: t.replies.map(apply) }));
    const conversation = this.state.conversations.find((c) => c.id === conversationId);
    if (conversation)
      this.upsertConversation({
        ...conversation,
        lastSeq: Math.max(conversation.lastSeq, seq),
        lastMessage: conversation.lastMessage?.id === messageId ? update(conversation.lastMessage) : conversation.lastMessage,
      });
  }

  setTyping(conversationId: string, isTyping: boolean): void {
    if (this.socket?.connected) void emitWithAck(this.socket, 'typing', { conversationId, isTyping }).catch(() => undefined);
  }

  /** Moves the read position to the newest loaded message when the conversation is on screen. */
  markSeen(conversationId: string): void {
    if (this.state.activeId !== conversationId || document.visibilityState !== 'visible') return;
    const conversation = this.state.conversations.find((c) => c.id === conversationId);
    const newest = Math.max(
      this.state.logs[conversationId]?.messages.at(-1)?.seq ?? 0,
      this.state.callEntries[conversationId]?.at(-1)?.seq ?? 0,
      this.replySeq.get(conversationId) ?? 0,
    );
    if (!conversation || (newest <= conversation.lastReadSeq && conversation.unreadCount === 0)) return;
    const seq = Math.max(newest, conversation.lastReadSeq);
    this.upsertConversation({ ...conversation, lastReadSeq: seq, unreadCount: 0, unreadMentionCount: 0 });
    if (this.socket?.connected) void emitWithAck(this.socket, 'conversation:read', { conversationId, seq }).catch(() => undefined);
    else
      void this.api
        .call((signal) => this.api.http.POST('/api/chat/conversations/{id}/read', { params: { path: { id: conversationId } }, body: { seq }, signal }))
        .catch(() => undefined);
  }

  /** One message arrived or changed (live, ack, sync): merge it into its log and its conversation's summary. */
  private applyMessage(message: Message, eventSeq = message.seq): void {
    const id = message.conversationId;
    const previous = this.synced.get(id) ?? 0;
    const isNew = eventSeq > previous;
    this.synced.set(id, Math.max(previous, eventSeq));
    // The live copy of my own message can come before its ack: it replaces the "sending" one at once, not twice on screen.
    if (message.clientMsgId && message.senderId === this.state.me?.id && this.state.pending.some((p) => p.clientMsgId === message.clientMsgId))
      this.set((s) => ({ pending: s.pending.filter((p) => p.clientMsgId !== message.clientMsgId) }));
    if (message.threadId) this.applyReply(message, message.threadId, isNew);
    else if (this.state.logs[id]) this.setLog(id, (l) => ({ messages: mergeMessages(l.messages, [message]) }));
    const conversation = this.state.conversations.find((c) => c.id === id);
    if (!conversation) {
      // A conversation this client does not know yet (conversation:new missed while offline).
      void this.api
        .call((signal) => this.api.http.GET('/api/chat/conversations/{id}', { params: { path: { id } }, signal }))
        .then((c) => this.upsertConversation(c))
        .catch(() => undefined);
      return;
    }
    // The preview is of the main history: a thread reply is not shown there.
    this.refreshMembersFor(conversation, message);
    const isLatest = !message.threadId && (!conversation.lastMessage || message.seq >= conversation.lastMessage.seq);
    const fromOther = message.senderId !== this.state.me?.id;
    const unread = isNew && fromOther && !message.deletedAt && message.seq > conversation.lastReadSeq && !message.editedAt;
    const mentionsMe = unread && message.mentions.includes(this.state.me?.id ?? '');
    this.upsertConversation({
      ...conversation,
      lastMessage: isLatest ? message : conversation.lastMessage,
      lastSeq: Math.max(conversation.lastSeq, eventSeq),
      unreadCount: conversation.unreadCount + (unread ? 1 : 0),
      unreadMentionCount: conversation.unreadMentionCount + (mentionsMe ? 1 : 0),
      updatedAt: isNew && message.createdAt > conversation.updatedAt ? message.createdAt : conversation.updatedAt,
    });
    if (unread) this.markSeen(id);
  }

  /**
   * No socket event says that someone joined a room: a message from (or mentioning) someone this client does not
   * know as a member reloads the conversation's member list, which names and mentions are resolved against.
   */
  private refreshMembersFor(conversation: Conversation, message: Message): void {
    const known = new Set(conversation.members.map((m) => m.id));
    if (this.membersLoading.has(conversation.id) || [message.senderId, ...message.mentions].every((id) => known.has(id))) return;
    this.membersLoading.add(conversation.id);
    void this.api
      .call((signal) => this.api.http.GET('/api/chat/conversations/{id}', { params: { path: { id: conversation.id } }, signal }))
      .then((fresh) => {
        const current = this.state.conversations.find((c) => c.id === fresh.id);
        if (current) this.upsertConversation({ ...current, members: fresh.members });
      })
      .catch(() => undefined)
      .finally(() => this.membersLoading.delete(conversation.id));
  }

  private applySyncEvent(event: SyncEvent): void {
    const { conversationId, seq, messageId, userId, emoji } = event;
    if (event.message) {
      this.applyMessage(withAnnotationsOf(event.message, this.findMessage(conversationId, event.message.id)), seq);
    } else if ((event.type === 'reaction.added' || event.type === 'reaction.removed') && messageId && userId && emoji) {
      const action = event.type === 'reaction.added' ? 'added' : 'removed';
      this.applyMessageEvent(conversationId, seq, messageId, (m) => applyReaction(m, { emoji, userId, action }));
    } else if ((event.type === 'message.pinned' || event.type === 'message.unpinned') && messageId && userId) {
      const pinned = event.type === 'message.pinned';
      this.applyMessageEvent(conversationId, seq, messageId, (m) => applyPin(m, { userId, pinned, at: event.at }));
    } else if (event.type === 'call.ended') this.applyCallEnded(event);
    else this.synced.set(conversationId, Math.max(this.synced.get(conversationId) ?? 0, seq));
  }

  /** A call in the timeline; one someone else placed that nobody answered is unread, as the server counts it. */
  private applyCallEnded(event: SyncEvent): void {
    const previous = this.synced.get(event.conversationId) ?? 0;
    this.synced.set(event.conversationId, Math.max(previous, event.seq));
    if (event.seq <= previous) return;
    this.addCallEntries([event]);
    const conversation = this.state.conversations.find((c) => c.id === event.conversationId);
    if (conversation && event.call?.reason === 'missed' && event.userId !== this.state.me?.id && event.seq > conversation.lastReadSeq) {
      this.upsertConversation({ ...conversation, unreadCount: conversation.unreadCount + 1, lastSeq: Math.max(conversation.lastSeq, event.seq) });
      this.markSeen(event.conversationId);
    }
  }

  async searchMessages(q: string): Promise<Message[]> {
    const page = await this.api.call((signal) => this.api.http.GET('/api/chat/search', { params: { query: { q, limit: 50 } }, signal }));
    return page.items;
  }

  // ---- the socket ----

  private connect(): void {
    const socket = openSocket(() => this.api.accessToken);
    this.socket = socket;
    socket.on('connect', () => {
      this.set({ connection: 'online' });
      // Every connection after the first may have missed events: catch up from the last applied seqs.
      if (this.everConnected) void this.catchUp();
      this.everConnected = true;
    });
    socket.on('disconnect', (reason) => {
      this.set({ connection: navigator.onLine ? 'reconnecting' : 'offline' });
      // The server closed it (an expired token, a gateway shutting down): Socket.IO does not retry that alone.
      if (reason === 'io server disconnect')
        void this.api.refresh().then((ok) => {
          if (ok && this.socket === socket) socket.connect();
        });
    });
    socket.on('connect_error', (error) => {
      this.set({ connection: navigator.onLine ? 'reconnecting' : 'offline' });
      if (isUnavailableHandshake(error)) this.showBanner('SERVICE_UNAVAILABLE', 'The server is not available right now; retrying.');
      // An expired access token: refresh (a refused refresh ends the session), then try again.
      if (isUnauthorizedHandshake(error))
        void this.api.refresh().then((ok) => {
          if (ok) socket.connect();
        });
    });
    socket.on(SERVER_EVENTS.messageNew, (m) => this.applyMessage(m));
    socket.on(SERVER_EVENTS.messageUpdated, (m) => this.applyMessage(m, 0));
    socket.on(SERVER_EVENTS.messageDeleted, ({ id, conversationId, seq }) => {
      const known = this.findMessage(conversationId, id);
      const base = known ?? this.state.conversations.find((c) => c.id === conversationId)?.lastMessage;
      if (base && base.id === id) this.applyMessage({ ...base, content: '', deletedAt: new Date().toISOString() }, 0);
      else this.synced.set(conversationId, Math.max(this.synced.get(conversationId) ?? 0, seq));
    });
    socket.on(SERVER_EVENTS.messageReaction, ({ conversationId, seq, messageId, emoji, userId, action }) =>
      this.applyMessageEvent(conversationId, seq, messageId, (m) => applyReaction(m, { emoji, userId, action })),
    );
    socket.on(SERVER_EVENTS.messagePinned, ({ conversationId, seq, messageId, userId, pinned }) =>
      this.applyMessageEvent(conversationId, seq, messageId, (m) => applyPin(m, { userId, pinned, at: new Date().toISOString() })),
    );
    socket.on(SERVER_EVENTS.conversationNew, (c) => this.upsertConversation(c));
    socket.on(SERVER_EVENTS.conversationRead, ({ conversationId, userId, lastReadSeq }) => {
      if (userId === this.state.me?.id) {
        const c = this.state.conversations.find((x) => x.id === conversationId);
        if (c && lastReadSeq > c.lastReadSeq) this.upsertConversation({ ...c, lastReadSeq, unreadCount: 0, unreadMentionCount: 0 });
        return;
      }
      this.set((s) => ({ readBy: { ...s.readBy, [conversationId]: { ...s.readBy[conversationId], [userId]: lastReadSeq } } }));
    });
    socket.on(SERVER_EVENTS.typing, ({ conversationId, userId, isTyping }) => this.applyTyping(conversationId, userId, isTyping));
    socket.on(SERVER_EVENTS.presence, ({ userId, onlineStatus }) => this.set((s) => ({ presence: { ...s.presence, [userId]: onlineStatus } })));
    const friendsChanged = () => this.set((s) => ({ friendsVersion: s.friendsVersion + 1 }));
    socket.on(SERVER_EVENTS.friendRequest, friendsChanged);
    socket.on(SERVER_EVENTS.friendAccepted, friendsChanged);
    socket.on(SERVER_EVENTS.friendRemoved, friendsChanged);
    this.calls.attach(socket);
    socket.on(SERVER_EVENTS.callEnded, ({ callId }) => {
      const conversationId = this.calls.conversationOf(callId);
      if (conversationId) void this.catchUpConversation(conversationId).catch(() => undefined);
    });
    socket.on(SERVER_EVENTS.sessionRevoked, ({ reason }) => {
      this.api.setSession(null);
      this.endSession();
      this.set({ sessionEnded: reason });
    });
    window.addEventListener('offline', this.goOffline);
    window.addEventListener('online', this.goOnline);
    this.set({ connection: 'connecting' });
    socket.connect();
  }

  // The browser knows before the socket's heartbeat does: drop the socket at once, reconnect when back.
  private readonly goOffline = (): void => {
    this.socket?.disconnect();
    this.set({ connection: 'offline' });
  };

  private readonly goOnline = (): void => {
    this.set({ connection: 'reconnecting' });
    this.socket?.connect();
  };

  /** `sync` from every known conversation's last applied seq until the server says there is no more. */
  private async catchUp(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    try {
      for (let round = 0; round < 50; round++) {
        const batch = await emitWithAck(socket, 'sync', { conversations: Object.fromEntries(this.synced) });
        for (const event of [...batch.events].sort((a, b) => a.seq - b.seq)) this.applySyncEvent(event);
        if (!batch.more) break;
      }
      // After the replay, not before: the list's lastSeq would otherwise skip what the loaded logs missed.
      await this.loadConversations();
      if (this.state.activeId) this.markSeen(this.state.activeId);
    } catch (error) {
      if (error instanceof AckFailure && BANNER_CODES.has(error.code)) this.showBanner(error.code, error.message);
      if (error instanceof ApiError) return;
    }
  }

  private applyTyping(conversationId: string, userId: string, isTyping: boolean): void {
    const key = `${conversationId}/${userId}`;
    clearTimeout(this.typingTimers.get(key));
    this.typingTimers.delete(key);
    if (isTyping) this.typingTimers.set(key, setTimeout(() => this.applyTyping(conversationId, userId, false), TYPING_EXPIRY_MS));
    this.set((s) => {
      const others = (s.typing[conversationId] ?? []).filter((u) => u !== userId);
      return { typing: { ...s.typing, [conversationId]: isTyping ? [...others, userId] : others } };
    });
  }
}
