/** Payload of USERS_EVENTS.blockChanged: one user's block of another, as it stands after the change. */
export interface BlockChangedEvent {
  blockerId: string;
  blockedId: string;
  /** true after a block, false after an unblock. */
  blocked: boolean;
  /** When the users service made the change (ISO 8601). */
  at: string;
}

/** Filter matching every USERS_EVENTS subject. */
export const USERS_BLOCK_EVENTS_WILDCARD = 'events.users.block.>';

/**
 * The chat service's durable JetStream consumer of block events, which feeds its read copy of blocks (ADR 0019).
 * The users service waits for it to pass a block before answering, so the block holds for the next send.
 */
export const CHAT_BLOCK_EVENTS_DURABLE = 'chat-block-copy';
