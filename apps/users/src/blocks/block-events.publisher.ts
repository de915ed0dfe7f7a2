import { Inject, Injectable, Logger } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type BlockChangedEvent, CHAT_BLOCK_EVENTS_DURABLE, USERS_EVENTS } from '#contracts';
import { ensureEventStream, namespaced, RpcClient } from '#common';
import { UsersEnv } from '../users.env.js';

const POLL_MS = 10;

/**
 * Publishes a pair's block state to JetStream for chat's read copy (ADR 0019), then waits — bounded by half the
 * RPC timeout — until chat's durable consumer has acked it, so that the block holds for the very next send. With
 * no chat consumer yet there is nothing to wait for (chat catches up before its first check).
 */
@Injectable()
export class BlockEventsPublisher {
  private readonly logger = new Logger(BlockEventsPublisher.name);
  private stream: Promise<string> | undefined;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(UsersEnv) private readonly env: UsersEnv,
  ) {}

  /** `awaitChat: false` (the sweep) returns once JetStream has stored the event. */
  async changed(event: BlockChangedEvent, { awaitChat = true }: { awaitChat?: boolean } = {}): Promise<void> {
    const connection = this.rpc.connection();
    this.stream ??= ensureEventStream(connection, this.env.NATS_NAMESPACE).catch((error: unknown) => {
      this.stream = undefined;
      throw error;
    });
    const stream = await this.stream;
    const ack = await jetstream(connection).publish(namespaced(this.env.NATS_NAMESPACE, USERS_EVENTS.blockChanged), JSON.stringify(event));
    if (awaitChat) await this.appliedByChat(stream, ack.seq);
  }

  private async appliedByChat(stream: string, seq: number): Promise<void> {
    const jsm = await jetstreamManager(this.rpc.connection());
    const deadline = Date.now() + this.env.RPC_TIMEOUT_MS / 2;
    while (Date.now() < deadline) {
      const info = await jsm.consumers.info(stream, CHAT_BLOCK_EVENTS_DURABLE).catch(() => null);
      if (!info || info.ack_floor.stream_seq >= seq) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    this.logger.warn({ seq }, 'chat has not applied a block event in time; it will when it catches up');
  }
}
