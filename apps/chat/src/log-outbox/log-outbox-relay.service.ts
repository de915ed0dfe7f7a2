import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ChatMessageCreatedEvent, CHAT_EVENTS } from '#contracts';
import { JetStreamRelay, RpcClient } from '#common';
import { ChatEnv } from '../chat.env.js';
import { type LogOutboxEntry, LogOutboxRepository } from './log-outbox.repository.js';

/**
 * Publishes the log's message.created events to JetStream (CHAT_EVENTS.messageCreated) with the msgID
 * `<conversationId>:<seq>`, which names the event uniquely for ever: a re-publish after a crash is dropped by
 * the stream within its window, and consumers are idempotent per message beyond it (docs/adr/0014). It polls
 * (200 ms) rather than being nudged by the send paths: a push may wait that long, and no write path knows about it.
 */
@Injectable()
export class LogOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: JetStreamRelay<LogOutboxEntry>;

  constructor(outbox: LogOutboxRepository, rpc: RpcClient, @Inject(ChatEnv) env: ChatEnv) {
    this.relay = new JetStreamRelay(
      LogOutboxRelay.name,
      {
        pending: (limit) => outbox.pending(limit),
        markPublished: (batch) => outbox.markPublished(batch.map((entry) => entry.key)),
        toEvent: (entry) => {
          const payload: ChatMessageCreatedEvent = {
            conversationId: entry.conversationId,
            seq: entry.seq,
            messageId: entry.messageId,
            senderId: entry.senderId,
            at: entry.at.toISOString(),
          };
          return { subject: CHAT_EVENTS.messageCreated, payload, msgID: `${entry.conversationId}:${entry.seq}` };
        },
      },
      rpc,
      env.NATS_NAMESPACE,
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
