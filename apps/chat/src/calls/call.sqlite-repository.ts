import { Inject, Injectable } from '@nestjs/common';
import type { SqliteDatabase } from '#common';
import type { CallEndReason, CallMedia, CallState } from '#contracts';
import type { ChatEventRecord } from '../conversation-log/conversation-event.js';
import { SqliteConversationLog } from '../conversation-log/conversation-log.sqlite.js';
import { CHAT_SQLITE } from '../storage/chat-storage.tokens.js';
import { type CallParticipant, callLogEntry, type CallRecord } from './call.entity.js';
import { CallRepository } from './call.repository.js';

interface CallRow {
  id: string;
  conversation_id: string;
  initiator_id: string;
  media: CallMedia;
  state: CallState;
  reason: CallEndReason | null;
  people: string;
  version: number;
  created_at: string;
  answered_at: string | null;
  ended_at: string | null;
  started_seq: number;
  ended_seq: number | null;
}

type People = Pick<CallRecord, 'invitees' | 'declined' | 'joined' | 'participants'>;

const toCall = (row: CallRow): CallRecord => {
  const people = JSON.parse(row.people) as People;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    initiatorId: row.initiator_id,
    media: row.media,
    state: row.state,
    reason: row.reason,
    invitees: people.invitees,
    declined: people.declined,
    joined: people.joined,
    participants: people.participants,
    version: row.version,
    createdAt: new Date(row.created_at),
    answeredAt: row.answered_at === null ? null : new Date(row.answered_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    startedSeq: row.started_seq,
    endedSeq: row.ended_seq,
  };
};

const peopleOf = (c: People): string =>
  JSON.stringify({ invitees: c.invitees, declined: c.declined, joined: c.joined, participants: c.participants.map(({ userId, socketId }: CallParticipant) => ({ userId, socketId })) });

@Injectable()
export class SqliteCallRepository extends CallRepository {
  private readonly log: SqliteConversationLog;
  private readonly byId;
  private readonly open;
  private readonly openCalls;
  private readonly insert;
  private readonly replace;
  private readonly missed;
  private readonly startTx;
  private readonly endTx;

  constructor(@Inject(CHAT_SQLITE) db: SqliteDatabase) {
    super();
    this.log = new SqliteConversationLog(db);
    this.byId = db.prepare<[string], CallRow>('SELECT * FROM calls WHERE id = ?');
    this.open = db.prepare<[string], CallRow>("SELECT * FROM calls WHERE conversation_id = ? AND state <> 'ended'");
    // Open calls are few at any time (one per conversation in a call), so scanning them for a user is cheap.
    this.openCalls = db.prepare<[string], CallRow>(
      "SELECT c.* FROM calls c WHERE c.state <> 'ended' AND EXISTS (SELECT 1 FROM json_each(c.people, '$.participants') p WHERE json_extract(p.value, '$.userId') = ?)",
    );
    this.insert = db.prepare(
      `INSERT INTO calls (id, conversation_id, initiator_id, media, state, reason, people, version, created_at, answered_at, ended_at, started_seq, ended_seq)
       VALUES (@id, @conversationId, @initiatorId, @media, @state, @reason, @people, @version, @createdAt, @answeredAt, @endedAt, @startedSeq, @endedSeq)`,
    );
    this.replace = db.prepare(
      `UPDATE calls SET state = @state, reason = @reason, people = @people, version = @version, answered_at = @answeredAt, ended_at = @endedAt, ended_seq = @endedSeq
       WHERE id = @id AND version = @version - 1`,
    );
    this.missed = db.prepare<[string, number, string], { n: number }>(
      "SELECT COUNT(*) AS n FROM calls WHERE conversation_id = ? AND reason = 'missed' AND ended_seq > ? AND initiator_id <> ?",
    );
    this.startTx = db.transaction((call: Omit<CallRecord, 'startedSeq'>) => {
      const existing = this.open.get(call.conversationId);
      if (existing) return { call: toCall(existing), created: false };
      const entry = callLogEntry({ ...call, startedSeq: 0 });
      const event = this.log.append(call.conversationId, { type: 'call.started', userId: call.initiatorId, at: call.createdAt, call: entry }, () => null);
      const stored = { ...call, startedSeq: event.seq };
      this.insert.run(this.params(stored));
      return { call: stored, created: true };
    });
    this.endTx = db.transaction((next: CallRecord) => {
      const current = this.byId.get(next.id);
      if (!current || current.version !== next.version - 1) return null;
      const event = this.log.append(next.conversationId, { type: 'call.ended', userId: next.initiatorId, at: next.endedAt ?? new Date(), call: callLogEntry(next) }, () => null);
      const ended = { ...next, endedSeq: event.seq };
      this.replace.run(this.params(ended));
      return { call: ended, event };
    });
  }

  async start(call: Omit<CallRecord, 'startedSeq'>): Promise<{ call: CallRecord; created: boolean }> {
    // IMMEDIATE: the open-call check and the insert run under the write lock, so two callers cannot both create one.
    return this.startTx.immediate(call);
  }

  async findById(id: string): Promise<CallRecord | null> {
    const row = this.byId.get(id);
    return row ? toCall(row) : null;
  }

  async openWith(userId: string): Promise<CallRecord[]> {
    return this.openCalls.all(userId).map(toCall);
  }

  async update(next: CallRecord): Promise<boolean> {
    return this.replace.run(this.params(next)).changes === 1;
  }

  async end(next: CallRecord): Promise<{ call: CallRecord; event: ChatEventRecord } | null> {
    return this.endTx.immediate(next);
  }

  async countMissed(conversationId: string, userId: string, afterSeq: number): Promise<number> {
    return this.missed.get(conversationId, afterSeq, userId)?.n ?? 0;
  }

  private params(c: CallRecord) {
    return {
      id: c.id,
      conversationId: c.conversationId,
      initiatorId: c.initiatorId,
      media: c.media,
      state: c.state,
      reason: c.reason,
      people: peopleOf(c),
      version: c.version,
      createdAt: c.createdAt.toISOString(),
      answeredAt: c.answeredAt?.toISOString() ?? null,
      endedAt: c.endedAt?.toISOString() ?? null,
      startedSeq: c.startedSeq,
      endedSeq: c.endedSeq,
    };
  }
}
