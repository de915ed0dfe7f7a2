import { isOpenConversationMessage, OPEN_CONVERSATION_PARAM } from './push-notification.js';

/** Served by the gateway from the production build (apps/web/sw, built by vite.sw.config.ts). */
export const SERVICE_WORKER_URL = '/sw.js';

/**
 * Registers the service worker (production build only: `npm run dev:web` has no /sw.js) and routes its
 * notification clicks to `open`. A conversation asked for in the URL (a click that opened a new window) is
 * returned once, and removed from the address bar.
 */
export function startServiceWorker(open: (conversationId: string) => void): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isOpenConversationMessage(event.data)) open(event.data.conversationId);
  });
  if (import.meta.env.PROD) void navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' }).catch(() => undefined);
}

/** The conversation a notification click opened this window for (`/?conversation=…`), taken out of the URL. */
export function takeConversationFromUrl(): string | null {
  const url = new URL(window.location.href);
  const id = url.searchParams.get(OPEN_CONVERSATION_PARAM);
  if (!id) return null;
  url.searchParams.delete(OPEN_CONVERSATION_PARAM);
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  return id;
}
