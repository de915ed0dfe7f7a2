// What a Web Push becomes on screen, and where clicking it leads. Shared by the service worker (apps/web/sw)
// and the page, so it uses no DOM or worker globals.
import type { PushMessagePayload } from '@contracts/notifications/notifications.dto.js';

/** The query parameter of the app's URL that opens a conversation (notification clicks). */
export const OPEN_CONVERSATION_PARAM = 'conversation';

/** What the service worker posts to an open tab when its notification is clicked. */
export interface OpenConversationMessage {
  type: 'open-conversation';
  conversationId: string;
}

export interface ShownNotification {
  title: string;
  body: string;
  /** One notification per conversation: a newer message replaces the older one. */
  tag: string;
  data: { conversationId: string };
}

/** The push body as the server sends it (API.md "Notifications"), or null for anything else. */
export function parsePushPayload(json: unknown): PushMessagePayload | null {
  if (typeof json !== 'object' || json === null) return null;
  const p = json as Partial<PushMessagePayload>;
  if (p.type !== 'message' || typeof p.conversationId !== 'string' || typeof p.senderName !== 'string') return null;
  return { type: 'message', conversationId: p.conversationId, messageId: String(p.messageId ?? ''), seq: Number(p.seq ?? 0), senderName: p.senderName, preview: typeof p.preview === 'string' ? p.preview : '' };
}

export function notificationFor(payload: PushMessagePayload): ShownNotification {
  return {
    title: payload.senderName,
    body: payload.preview || 'New message',
    tag: `conversation:${payload.conversationId}`,
    data: { conversationId: payload.conversationId },
  };
}

/** The app's address that opens this conversation (path relative to the service worker's scope). */
export function conversationUrl(conversationId: string): string {
  return `/?${OPEN_CONVERSATION_PARAM}=${encodeURIComponent(conversationId)}`;
}

export function isOpenConversationMessage(data: unknown): data is OpenConversationMessage {
  return typeof data === 'object' && data !== null && (data as Partial<OpenConversationMessage>).type === 'open-conversation' && typeof (data as Partial<OpenConversationMessage>).conversationId === 'string';
}
