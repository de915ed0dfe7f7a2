import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  type ChatMessageCreatedBatch,
  CHAT_EVENTS,
  MESSAGE_CREATED_BATCH_MAX,
  MESSAGE_CREATED_BATCH_RECIPIENTS_MAX,
  MESSAGE_CREATED_RECIPIENTS_MAX,
} from '#contracts';
import { JetStreamRelay, RpcClient } from '#common';
import { ChatEnv } from '../chat.env.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { type LogOutboxEntry, LogOutboxRepository } from './log-outbox.repository.js';

/** An outbox entry with the recipients its event carries (undefined: too many, the consumer asks chat). */
export type RelayedEntry = LogOutboxEntry & { recipientIds: string[] | undefined };

/** What a message.created event says of its recipients: the members but the sender, or nothing in a very large room. */
export function recipientIdsOf(memberIds: readonly string[], senderId: string): string[] | undefined {
  const recipients = memberIds.filter((id) => id !== senderId);
  return recipients.length > MESSAGE_CREATED_RECIPIENTS_MAX ? undefined : recipients;
}

/**
 * Consecutive runs of the entries, in order: at most `maxEvents` each, and at most `maxRecipients` recipient ids in
 * all unless one entry alone names more (it then goes alone).
 */
export function inBatches(entries: readonly RelayedEntry[], maxEvents: number, maxRecipients: number): RelayedEntry[][] {
  const batches: RelayedEntry[][] = [];
  let batch: RelayedEntry[] = [];
  let recipients = 0;
  for (const entry of entries) {
    const named = entry.recipientIds?.length ?? 0;
    if (batch.length > 0 && (batch.length === maxEvents || recipients + named > maxRecipients)) {
      batches.push(batch);
      batch = [];
      recipients = 0;
    }
    batch.push(entry);
    recipients += named;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * The JetStream message of one batch: its events oldest first, and a msgID that hashes every entry's key. After a
 * crash between the publish and the deletion, the same entries read again make the same batch, a duplicate the stream
 * drops; any other set of entries is another msgID, even one that only gained an entry in the middle (MongoDB's keys
 * are ObjectIds made before the insert commits, so a later pass can find an older key), and its consumers'
 * per-message idempotency (ADR 0014) makes the repeats harmless.
 */
export function batchEvent(batch: readonly RelayedEntry[]): { payload: ChatMessageCreatedBatch; msgID: string } {
  return {
    payload: {
      events: batch.map((entry) => ({
        conversationId: entry.conversationId,
        seq: entry.seq,
        messageId: entry.messageId,
        senderId: entry.senderId,
        at: entry.at.toISOString(),
        ...(entry.recipientIds && { recipientIds: entry.recipientIds }),
      })),
    },
    msgID: `outbox:${createHash('sha256')
      .update(batch.map((entry) => entry.key).join(' '))
      .digest('base64url')}`,
  };
}

/**
 * Publishes the log's message.created events to JetStream (CHAT_EVENTS.messageCreated), up to
 * MESSAGE_CREATED_BATCH_MAX in one message (batchEvent): the stream stores, delivers and acks one message per batch,
 * not per chat message. It polls (200 ms) rather than being nudged by the send paths: a push may wait that long,
 * and a poll at a high rate finds a batch rather than one event.
 *
 * Pipelined (JetStreamRelayOptions): the only consumer, the notifications service, handles each message's pushes on
 * their own, whatever order batches arrive in.
 * Publishes issued in order on one connection are still stored in order; only a failed one, published again on a
 * later pass, lands after newer events — at worst an older push then replaces a newer one of the same conversation
 * (Topic header) on a device that was offline.
 */
@Injectable()
export class LogOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: JetStreamRelay<RelayedEntry[]>;

  constructor(outbox: LogOutboxRepository, conversations: ConversationsService, rpc: RpcClient, @Inject(ChatEnv) env: ChatEnv) {
    this.relay = new JetStreamRelay(
      LogOutboxRelay.name,
      {
        // `limit` batches per read (itemsPerRead below: at most 1,000 entries are mapped between two awaits on NATS).
        pending: async (limit) => {
          const entries: RelayedEntry[] = [];
          // From the membership cache the deliveries of the same messages just used: as a rule no read per event.
          // One after the other, so a conversation's first entry fills the cache for the rest of the batch.
          for (const entry of await outbox.pending(limit * MESSAGE_CREATED_BATCH_MAX)) {
            entries.push({ ...entry, recipientIds: recipientIdsOf(await conversations.memberIds(entry.conversationId, entry.seq), entry.senderId) });
          }
          return inBatches(entries, MESSAGE_CREATED_BATCH_MAX, MESSAGE_CREATED_BATCH_RECIPIENTS_MAX);
        },
        markPublished: (batches) => outbox.markPublished(batches.flat().map((entry) => entry.key)),
        toEvent: (batch) => ({ subject: CHAT_EVENTS.messageCreated, ...batchEvent(batch) }),
      },
      rpc,
      env.NATS_NAMESPACE,
      { pipelined: true, itemsPerRead: 10 },
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
