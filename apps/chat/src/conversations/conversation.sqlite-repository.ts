import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_NOTIFICATION_LEVEL, type NotificationLevel, type RoomRole } from '#contracts';
import type { SqliteDatabase } from '#common';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { SqliteConversationLog } from '../conversation-log/conversation-log.sqlite.js';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import {
  type ConversationRow,
  type MemberRow,
  type MessageRow,
  toConversation,
  toMember,
  toMessage,
} from '../storage/chat-sqlite-rows.js';
import type {
  ActivityCursor,
  ConversationRecord,
  ConversationSummary,
  MemberRecord,
  NewMember,
  RoomSummary,
} from './conversation.entity.js';
import { ConversationRepository, type RoomListFilter } from './conversation.repository.js';

type SummaryRow = ConversationRow & { last_read_seq: number; unread_count: number; notification_level: NotificationLevel | null };
type RoomRow = ConversationRow & { member_count: number };

// Unread = messages after the read position, not the member's own, not deleted: counted, never stored.
// The member's page is chosen first, so the counts are computed for that page only (index UNIQUE (conversation_id, seq)).
// A thread reply counts only for the root's participants (its sender and whoever replied) and the members it
// mentions (API.md); those lookups go through the thread's index (messages_thread) and mentions' primary key.
const summarySelect = (where: string, pageTail = '') => `
  SELECT c.*, page.last_read_seq, page.notification_level,
    (SELECT COUNT(*) FROM messages x
      WHERE x.conversation_id = c.id AND x.seq > page.last_read_seq
        AND x.sender_id <> page.user_id AND x.deleted_at IS NULL
        AND (x.thread_id IS NULL
          OR EXISTS (SELECT 1 FROM messages r WHERE r.id = x.thread_id AND r.sender_id = page.user_id)
          OR EXISTS (SELECT 1 FROM messages p WHERE p.thread_id = x.thread_id AND p.thread_id IS NOT NULL
                       AND p.deleted_at IS NULL AND p.sender_id = page.user_id)
          OR EXISTS (SELECT 1 FROM mentions mn WHERE mn.message_id = x.id AND mn.user_id = page.user_id))) AS unread_count
  FROM (SELECT mb.conversation_id, mb.user_id, mb.last_read_seq, mb.notification_level
        FROM members mb JOIN conversations c ON c.id = mb.conversation_id
        WHERE ${where} ${pageTail}) page
  JOIN conversations c ON c.id = page.conversation_id
  ORDER BY c.activity_at DESC, c.id DESC`;

const ROOM_SELECT = `
  SELECT c.*, (SELECT COUNT(*) FROM members WHERE conversation_id = c.id) AS member_count
  FROM conversations c`;

@Injectable()
export class SqliteConversationRepository extends ConversationRepository {
  private readonly log: SqliteConversationLog;
  private readonly insertConversation;
  private readonly insertDirect;
  private readonly insertMember;
  private readonly insertMemberIfNew;
  private readonly byId;
  private readonly byPairKey;
  private readonly member;
  private readonly members;
  private readonly memberIds;
  private readonly membershipEvent;
  private readonly deleteMember;
  private readonly updateRole;
  private readonly setReadSeq;
  private readonly moveRead;
  private readonly pageForMember;
  private readonly pageForMemberAfter;
  private readonly oneSummary;
  private readonly lastMessage;
  private readonly publicRooms;
  private readonly myRooms;
  private readonly memberCount;
  private readonly openDirectTx;
  private readonly createRoomTx;
  private readonly addMemberTx;
  private readonly removeMemberTx;
  private readonly markReadTx;
  private readonly updateLevel;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    this.log = new SqliteConversationLog(db);
    const columns = `(id, type, pair_key, name, name_key, description, visibility, created_by, created_at, last_seq, activity_at)
      VALUES (@id, @type, @pairKey, @name, @nameKey, @description, @visibility, @createdBy, @createdAt, @lastSeq, @activityAt)`;
    this.insertConversation = db.prepare(`INSERT INTO conversations ${columns}`);
    this.insertDirect = db.prepare(`INSERT INTO conversations ${columns} ON CONFLICT (pair_key) DO NOTHING`);
    this.insertMember = db.prepare(
      `INSERT INTO members (conversation_id, user_id, role, joined_at, last_read_seq)
       VALUES (@conversationId, @userId, @role, @joinedAt, @lastReadSeq)`,
    );
    this.insertMemberIfNew = db.prepare(
      `INSERT INTO members (conversation_id, user_id, role, joined_at, last_read_seq)
       VALUES (@conversationId, @userId, @role, @joinedAt, 0) ON CONFLICT DO NOTHING`,
    );
    this.byId = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
    this.byPairKey = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE pair_key = ?');
    this.member = db.prepare<[string, string], MemberRow>('SELECT * FROM members WHERE conversation_id = ? AND user_id = ?');
    this.members = db.prepare<[string], MemberRow>('SELECT * FROM members WHERE conversation_id = ? ORDER BY joined_at, user_id');
    // A walk of the primary key (conversation_id, seq) over the few events since the caller's last check.
    this.membershipEvent = db.prepare<[string, number, number], { found: number }>(
      "SELECT 1 AS found FROM events WHERE conversation_id = ? AND seq > ? AND seq <= ? AND type LIKE 'member.%' LIMIT 1",
    );
    this.memberIds = db.prepare<[string], { user_id: string }>(
      'SELECT user_id FROM members WHERE conversation_id = ? ORDER BY joined_at, user_id',
    );
    this.deleteMember = db.prepare('DELETE FROM members WHERE conversation_id = ? AND user_id = ?');
    this.updateRole = db.prepare('UPDATE members SET role = ? WHERE conversation_id = ? AND user_id = ?');
    this.setReadSeq = db.prepare('UPDATE members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ?');
    this.moveRead = db.prepare<[number, string, string, string], { last_read_seq: number }>(
      `UPDATE members SET last_read_seq = MAX(last_read_seq, MIN(?, (SELECT last_seq FROM conversations WHERE id = ?)))
       WHERE conversation_id = ? AND user_id = ? RETURNING last_read_seq`,
    );
    this.pageForMember = db.prepare<[string, number], SummaryRow>(
      summarySelect('mb.user_id = ?', 'ORDER BY c.activity_at DESC, c.id DESC LIMIT ?'),
    );
    this.pageForMemberAfter = db.prepare<[string, string, string, string, number], SummaryRow>(
      summarySelect(
        'mb.user_id = ? AND (c.activity_at < ? OR (c.activity_at = ? AND c.id < ?))',
        'ORDER BY c.activity_at DESC, c.id DESC LIMIT ?',
      ),
    );
    this.oneSummary = db.prepare<[string, string], SummaryRow>(summarySelect('mb.user_id = ? AND c.id = ?'));
    // The main history's newest message: thread replies are read in their thread.
    this.lastMessage = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? AND thread_id IS NULL ORDER BY seq DESC LIMIT 1');
    const roomFilter = `c.type = 'group' AND (@search IS NULL OR instr(c.name_key, @search) > 0)
      AND (@beforeId IS NULL OR c.id < @beforeId)`;
    this.publicRooms = db.prepare<[RoomParams], RoomRow>(
      `${ROOM_SELECT} WHERE c.visibility = 'public' AND ${roomFilter} ORDER BY c.id DESC LIMIT @limit`,
    );
    this.myRooms = db.prepare<[RoomParams], RoomRow>(
      `${ROOM_SELECT} WHERE c.id IN (SELECT conversation_id FROM members WHERE user_id = @userId) AND ${roomFilter}
       ORDER BY c.id DESC LIMIT @limit`,
    );
    this.memberCount = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM members WHERE conversation_id = ?');

    this.openDirectTx = db.transaction((conversation: ConversationRecord, members: NewMember[]) => {
      const created = this.insertDirect.run(conversationParams(conversation)).changes === 1;
      if (created) members.forEach((m) => this.insertMember.run(memberParams(m)));
      return { conversation: toConversation(this.byPairKey.get(conversation.pairKey as string) as ConversationRow), created };
    });
    this.createRoomTx = db.transaction((conversation: ConversationRecord, members: NewMember[]) => {
      this.insertConversation.run(conversationParams(conversation));
      members.forEach((m) => this.insertMember.run(memberParams(m)));
    });
    this.addMemberTx = db.transaction((conversationId: string, userId: string, role: RoomRole, at: Date): ChatEventRecord | null => {
      const added = this.insertMemberIfNew.run({ conversationId, userId, role, joinedAt: at.toISOString() }).changes === 1;
      if (!added) return null;
      return this.log.append(conversationId, { type: 'member.joined', userId, at }, (seq) => {
        // A newcomer has nothing unread: the history before the join is context, not news.
        this.setReadSeq.run(seq, conversationId, userId);
        return null;
      });
    });
    this.removeMemberTx = db.transaction(
      (conversationId: string, userId: string, promoteId: string | null, at: Date): ChatEventRecord | null => {
        if (this.deleteMember.run(conversationId, userId).changes !== 1) return null;
        if (promoteId) this.updateRole.run('owner', conversationId, promoteId);
        return this.log.append(conversationId, { type: 'member.left', userId, at }, () => null);
      },
    );
    this.updateLevel = db.prepare('UPDATE members SET notification_level = ? WHERE conversation_id = ? AND user_id = ?');
    this.markReadTx = db.transaction((conversationId: string, userId: string, seq: number) => {
      const before = this.member.get(conversationId, userId);
      if (!before) return null;
      const after = this.moveRead.get(seq, conversationId, conversationId, userId) as { last_read_seq: number };
      return { lastReadSeq: after.last_read_seq, moved: after.last_read_seq !== before.last_read_seq };
    });
  }

  async openDirect(conversation: ConversationRecord, members: NewMember[]) {
    return this.openDirectTx.immediate(conversation, members);
  }

  async createRoom(conversation: ConversationRecord, members: NewMember[]): Promise<void> {
    this.createRoomTx.immediate(conversation, members);
  }

  async findById(id: string): Promise<ConversationRecord | null> {
    const row = this.byId.get(id);
    return row ? toConversation(row) : null;
  }

  async findByPairKey(pairKey: string): Promise<ConversationRecord | null> {
    const row = this.byPairKey.get(pairKey);
    return row ? toConversation(row) : null;
  }

  async findMember(conversationId: string, userId: string): Promise<MemberRecord | null> {
    const row = this.member.get(conversationId, userId);
    return row ? toMember(row) : null;
  }

  async listMembers(conversationId: string): Promise<MemberRecord[]> {
    return this.members.all(conversationId).map(toMember);
  }

  async syncEvents(userId: string, positions: readonly { conversationId: string; after: number }[], limit: number): Promise<ChatEventRecord[]> {
    return this.log.readForMember(userId, positions, limit);
  }

  async membershipChanged(conversationId: string, afterSeq: number, uptoSeq: number): Promise<boolean> {
    return this.membershipEvent.get(conversationId, afterSeq, uptoSeq) !== undefined;
  }

  async addMember(conversationId: string, userId: string, role: RoomRole, at: Date): Promise<ChatEventRecord | null> {
    return this.addMemberTx.immediate(conversationId, userId, role, at);
  }

  async removeMember(conversationId: string, userId: string, promoteId: string | null, at: Date): Promise<ChatEventRecord | null> {
    return this.removeMemberTx.immediate(conversationId, userId, promoteId, at);
  }

  async setRole(conversationId: string, userId: string, role: RoomRole): Promise<void> {
    this.updateRole.run(role, conversationId, userId);
  }

  async markRead(conversationId: string, userId: string, seq: number) {
    return this.markReadTx.immediate(conversationId, userId, seq);
  }

  async setNotificationLevel(conversationId: string, userId: string, level: NotificationLevel): Promise<boolean> {
    return this.updateLevel.run(level, conversationId, userId).changes === 1;
  }

  async listForMember(userId: string, after: ActivityCursor | null, limit: number): Promise<ConversationSummary[]> {
    const rows = after
      ? this.pageForMemberAfter.all(userId, after.activityAt.toISOString(), after.activityAt.toISOString(), after.id, limit)
      : this.pageForMember.all(userId, limit);
    return rows.map((row) => this.summary(row));
  }

  async summaryFor(conversationId: string, userId: string): Promise<ConversationSummary | null> {
    const row = this.oneSummary.get(userId, conversationId);
    return row ? this.summary(row) : null;
  }

  async listRooms(filter: RoomListFilter): Promise<RoomSummary[]> {
    const params: RoomParams = { userId: filter.userId, search: filter.search, beforeId: filter.beforeId, limit: filter.limit };
    const rows = filter.scope === 'mine' ? this.myRooms.all(params) : this.publicRooms.all(params);
    return rows.map((row) => ({ conversation: toConversation(row), memberCount: row.member_count }));
  }

  async countMembers(conversationId: string): Promise<number> {
    return (this.memberCount.get(conversationId) as { n: number }).n;
  }

  private summary(row: SummaryRow): ConversationSummary {
    const last = this.lastMessage.get(row.id);
    return {
      conversation: toConversation(row),
      memberIds: this.memberIds.all(row.id).map((m) => m.user_id),
      lastReadSeq: row.last_read_seq,
      unreadCount: row.unread_count,
      notificationLevel: row.notification_level ?? DEFAULT_NOTIFICATION_LEVEL,
      lastMessage: last ? toMessage(last) : null,
    };
  }
}

interface RoomParams {
  userId: string;
  search: string | null;
  beforeId: string | null;
  limit: number;
}

function conversationParams(c: ConversationRecord) {
  return {
    ...c,
    nameKey: c.name === null ? null : c.name.toLowerCase(),
    createdAt: c.createdAt.toISOString(),
    activityAt: c.activityAt.toISOString(),
  };
}

function memberParams(m: NewMember) {
  return { ...m, joinedAt: m.joinedAt.toISOString() };
}
