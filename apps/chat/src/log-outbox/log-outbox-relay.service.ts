import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ChatMessageCreatedEvent, CHAT_EVENTS, MESSAGE_CREATED_RECIPIENTS_MAX } from '#contracts';
import { JetStreamRelay, RpcClient } from '#common';
import { ChatEnv } from '../chat.env.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { type LogOutboxEntry, LogOutboxRepository } from './log-outbox.repository.js';

/** An outbox entry with the recipients its event carries (undefined: too many, the consumer asks chat). */
type RelayedEntry = LogOutboxEntry & { recipientIds: string[] | undefined };

/** What a message.created event says of its recipients: the members but the sender, or nothing in a very large room. */
export function recipientIdsOf(memberIds: readonly string[], senderId: string): string[] | undefined {
  const recipients = memberIds.filter((id) => id !== senderId);
  return recipients.length > MESSAGE_CREATED_RECIPIENTS_MAX ? undefined : recipients;
}

/**
 * Publishes the log's message.created events to JetStream (CHAT_EVENTS.messageCreated) with the msgID
 * `<conversationId>:<seq>`, which names the event uniquely for ever: a re-publish after a crash is dropped by
 * the stream within its window, and consumers are idempotent per message beyond it (docs/adr/0014). It polls
 * (200 ms) rather than being nudged by the send paths: a push may wait that long, and a poll at a high rate
 * finds a batch rather than one event.
 *
 * Pipelined (JetStreamRelayOptions): the only consumer, the notifications service, handles each event on its own.
 * Publishes issued in order on one connection are still stored in order; only a failed one, published again on a
 * later pass, lands after newer events — at worst an older push then replaces a newer one of the same conversation
 * (Topic header) on a device that was offline.
 */
@Injectable()
export class LogOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: JetStreamRelay<RelayedEntry>;

  constructor(outbox: LogOutboxRepository, conversations: ConversationsService, rpc: RpcClient, @Inject(ChatEnv) env: ChatEnv) {
    this.relay = new JetStreamRelay(
      LogOutboxRelay.name,
      {
        pending: async (limit) => {
          const batch: RelayedEntry[] = [];
          // From the membership cache the deliveries of the same messages just used: as a rule no read per event.
          // One after the other, so a conversation's first entry fills the cache for the rest of the batch.
          for (const entry of await outbox.pending(limit)) {
            batch.push({ ...entry, recipientIds: recipientIdsOf(await conversations.memberIds(entry.conversationId, entry.seq), entry.senderId) });
          }
          return batch;
        },
        markPublished: (batch) => outbox.markPublished(batch.map((entry) => entry.key)),
        toEvent: (entry) => {
          const payload: ChatMessageCreatedEvent = {
            conversationId: entry.conversationId,
            seq: entry.seq,
            messageId: entry.messageId,
            senderId: entry.senderId,
            at: entry.at.toISOString(),
            ...(entry.recipientIds && { recipientIds: entry.recipientIds }),
          };
          return { subject: CHAT_EVENTS.messageCreated, payload, msgID: `${entry.conversationId}:${entry.seq}` };
        },
      },
      rpc,
      env.NATS_NAMESPACE,
      { pipelined: true },
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
