// The web client's service worker, served by the gateway at /sw.js (scope `/`). It only shows Web Pushes and
// opens the conversation they are about; it caches nothing (the app needs the server to do anything useful).
import { conversationUrl, notificationFor, parsePushPayload, type OpenConversationMessage } from '../src/push/push-notification.js';

declare const self: ServiceWorkerGlobalScope;

// A new version takes over at once: there is no cached state an older page could depend on.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let json: unknown = null;
  try {
    json = event.data?.json();
  } catch {
    // Not JSON: shown as a generic notification below (userVisibleOnly requires showing something).
  }
  const payload = parsePushPayload(json);
  const shown = payload ? notificationFor(payload) : { title: 'Chat', body: 'New activity', tag: 'chat', data: {} };
  event.waitUntil(self.registration.showNotification(shown.title, { body: shown.body, tag: shown.tag, data: shown.data }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const conversationId = (event.notification.data as { conversationId?: string } | null)?.conversationId;
  event.waitUntil(openApp(conversationId));
});

/** Focuses an open tab of the app and tells it which conversation to show, or opens a new one there. */
async function openApp(conversationId: string | undefined): Promise<void> {
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const tab = tabs.find((c) => new URL(c.url).origin === self.location.origin);
  if (tab) {
    await tab.focus();
    if (conversationId) tab.postMessage({ type: 'open-conversation', conversationId } satisfies OpenConversationMessage);
    return;
  }
  await self.clients.openWindow(conversationId ? conversationUrl(conversationId) : '/');
}
