import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { type BlockChangedEvent, CHAT_BLOCK_EVENTS_DURABLE, USERS_BLOCK_EVENTS_WILDCARD } from '#contracts';
import { ensureEventStream, namespaced, reportConsumerPending, RpcClient } from '#common';
import { ChatEnv } from '../chat.env.js';
import { BlockCopyService } from './block-copy.service.js';

const RETRY_MS = 500;
const REDELIVER_MS = 2000;

function isBlockChanged(value: unknown): value is BlockChangedEvent {
  const v = value as Partial<Record<keyof BlockChangedEvent, unknown>> | null;
  return typeof v === 'object' && v !== null && typeof v.blockerId === 'string' && typeof v.blockedId === 'string' && typeof v.blocked === 'boolean';
}

/**
 * Keeps chat's read copy of blocks (ADR 0019) in step with the users service's block events: a durable consumer
 * (shared by chat replicas, which share the store; JetStream keeps its position while chat is down, so it catches
 * up). Each event is applied by its stream sequence (newer wins) and acked after the write: a crash means
 * redelivery, not loss. The users service waits for this consumer's ack floor before it answers a block.
 */
@Injectable()
export class BlockEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BlockEventsConsumer.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly blocks: BlockCopyService,
    private readonly rpc: RpcClient,
    @Inject(ChatEnv) private readonly env: ChatEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failingSince: number | undefined;
    while (!this.stopped) {
      try {
        await this.consume();
        failingSince = undefined;
      } catch (error) {
        if (this.stopped) return;
        // The NATS connection may not be up yet at start-up: only a lasting failure is worth a warning.
        failingSince ??= Date.now();
        if (Date.now() - failingSince > 5000) {
          this.logger.warn({ err: error }, 'block events consumer not running; retrying');
          failingSince = Date.now();
        }
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async consume(): Promise<void> {
    const connection = await this.rpc.connected();
    const stream = await ensureEventStream(connection, this.env.NATS_NAMESPACE);
    const jsm = await jetstreamManager(connection);
    const config = {
      durable_name: CHAT_BLOCK_EVENTS_DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: namespaced(this.env.NATS_NAMESPACE, USERS_BLOCK_EVENTS_WILDCARD),
      ack_wait: nanos(30_000),
    };
    await jsm.consumers.add(stream, config).catch(async (error: unknown) => {
      // Created earlier with other settings: bring it up to date, keeping its position.
      await jsm.consumers.update(stream, CHAT_BLOCK_EVENTS_DURABLE, config).catch(() => {
        throw error;
      });
    });
    const consumer = await jetstream(connection).consumers.get(stream, CHAT_BLOCK_EVENTS_DURABLE);
    reportConsumerPending(CHAT_BLOCK_EVENTS_DURABLE, async () => {
      const info = await consumer.info();
      return info.num_pending + info.num_ack_pending;
    });
    const messages = await consumer.consume({ max_messages: 100 });
    this.messages = messages;
    const info = await consumer.info();
    if (info.num_pending + info.num_ack_pending === 0) this.blocks.caughtUpNow();
    this.logger.log({ stream, durable: CHAT_BLOCK_EVENTS_DURABLE }, 'consuming block events');
    try {
      for await (const msg of messages) {
        await this.handle(msg);
        if (msg.info.pending === 0) this.blocks.caughtUpNow();
      }
    } finally {
      // A failed pass must not leave its pull subscription behind when the next pass opens another.
      await messages.close();
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    let payload: unknown;
    try {
      payload = msg.json<unknown>();
    } catch {
      payload = undefined;
    }
    if (!isBlockChanged(payload)) {
      this.logger.error({ subject: msg.subject, seq: msg.seq }, 'malformed block event dropped');
      msg.term();
      return;
    }
    try {
      await this.blocks.apply({ blockerId: payload.blockerId, blockedId: payload.blockedId, blocked: payload.blocked, seq: msg.seq });
      msg.ack();
    } catch (error) {
      this.logger.error({ err: error, subject: msg.subject, seq: msg.seq }, 'block event not applied; will be redelivered');
      msg.nak(REDELIVER_MS);
    }
  }
}
