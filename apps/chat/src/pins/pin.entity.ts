/** A pinned message; `seq` is the message.pinned event that pinned it. */
export interface PinRecord {
  messageId: string;
  conversationId: string;
  pinnedBy: string;
  pinnedAt: Date;
  seq: number;
}

export interface PinChange {
  messageId: string;
  userId: string;
  at: Date;
}

/** The subject of a pin's log events on MongoDB (a message's own events use its id). */
export const pinKey = (messageId: string) => `pin:${messageId}`;
