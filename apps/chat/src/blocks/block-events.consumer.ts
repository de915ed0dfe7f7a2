import { Inject, Injectable } from '@nestjs/common';
import { type BlockChangedEvent, CHAT_BLOCK_EVENTS_DURABLE, USERS_BLOCK_EVENTS_WILDCARD } from '#contracts';
import { DurableEventConsumer, RpcClient } from '#common';
import { ChatEnv } from '../chat.env.js';
import { BlockCopyService } from './block-copy.service.js';

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
export class BlockEventsConsumer extends DurableEventConsumer<BlockChangedEvent> {
  constructor(blocks: BlockCopyService, rpc: RpcClient, @Inject(ChatEnv) env: ChatEnv) {
    super(BlockEventsConsumer.name, rpc, {
      durable: CHAT_BLOCK_EVENTS_DURABLE,
      subject: USERS_BLOCK_EVENTS_WILDCARD,
      namespace: env.NATS_NAMESPACE,
      what: 'block event',
      isEvent: isBlockChanged,
      handle: (event, msg) => blocks.apply({ blockerId: event.blockerId, blockedId: event.blockedId, blocked: event.blocked, seq: msg.seq }),
      onCaughtUp: () => blocks.caughtUpNow(),
    });
  }
}
