import { SERVICE_WORKER_URL } from './service-worker-registration.js';
import type { ApiClient } from '../api/api-client.js';
import type { NotificationPreferences } from '../api/types.js';

/** This browser's push state: `unsupported` (no service worker / Push API), `denied` (blocked by the user). */
export type PushDeviceStatus = 'unsupported' | 'denied' | 'off' | 'on';

/** A failure worth telling the user about in plain words. */
export class PushSetupError extends Error {}

// A subscription the push service never confirms would leave the switch spinning for ever.
const PUSH_SERVICE_TIMEOUT_MS = 20_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new PushSetupError(`${what} did not answer within ${PUSH_SERVICE_TIMEOUT_MS / 1000} s.`)), PUSH_SERVICE_TIMEOUT_MS)),
  ]);
}

/**
 * "Notifications on this device": the browser side of Web Push (service worker, permission, the push service's
 * subscription) tied to the server's record of it (`/api/notifications/push-subscriptions`).
 */
export class PushDevice {
  constructor(private readonly api: ApiClient) {}

  static supported(): boolean {
    return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof window !== 'undefined' && 'PushManager' in window && 'Notification' in window;
  }

  async status(): Promise<PushDeviceStatus> {
    if (!PushDevice.supported()) return 'unsupported';
    if (Notification.permission === 'denied') return 'denied';
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return 'off';
    // Subscribed in the browser but unknown to the server (removed after a 410, or by another session): off.
    return (await this.serverIdOf(subscription.endpoint)) ? 'on' : 'off';
  }

  /** Permission, the push service's subscription with the server's VAPID key, then the server's record of it. */
  async enable(): Promise<void> {
    if (!PushDevice.supported()) throw new PushSetupError('This browser cannot receive push notifications.');
    const permission = await Notification.requestPermission();
    if (permission === 'denied') throw new PushSetupError("Notifications are blocked for this site: allow them in the browser's site settings, then try again.");
    if (permission !== 'granted') throw new PushSetupError('Notifications were not allowed.');
    const { publicKey } = await this.api.call((signal) => this.api.http.GET('/api/notifications/vapid-public-key', { signal }));
    const registration = await withTimeout(navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' }), 'The service worker');
    let subscription: PushSubscription;
    try {
      subscription = await withTimeout(registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }), "The browser's push service");
    } catch (error) {
      if (error instanceof PushSetupError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      // Unreachable push service, a browser profile without push (incognito), a key it refuses: the browser's words.
      throw new PushSetupError(`The browser could not subscribe with its push service, so this device cannot get notifications (${detail}).`);
    }
    const json = subscription.toJSON();
    const { p256dh, auth } = json.keys ?? {};
    if (!json.endpoint || !p256dh || !auth) throw new PushSetupError('The browser returned an incomplete push subscription.');
    try {
      await this.api.call((signal) =>
        this.api.http.POST('/api/notifications/push-subscriptions', { body: { endpoint: json.endpoint ?? '', keys: { p256dh, auth }, userAgent: navigator.userAgent.slice(0, 200) }, signal }),
      );
    } catch (error) {
      // The server refused it: leave nothing half set up in the browser.
      await subscription.unsubscribe().catch(() => false);
      throw error;
    }
  }

  /** Removes the server's record, then the browser's subscription. */
  async disable(): Promise<void> {
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return;
    const id = await this.serverIdOf(subscription.endpoint);
    if (id) await this.api.call((signal) => this.api.http.DELETE('/api/notifications/push-subscriptions/{id}', { params: { path: { id } }, signal }));
    await subscription.unsubscribe();
  }

  private async serverIdOf(endpoint: string): Promise<string | undefined> {
    const list = await this.api.call((signal) => this.api.http.GET('/api/notifications/push-subscriptions', { signal }));
    return list.items.find((s) => s.endpoint === endpoint)?.id;
  }

  async preferences(): Promise<NotificationPreferences> {
    return this.api.call((signal) => this.api.http.GET('/api/notifications/preferences', { signal }));
  }

  async savePreferences(body: NotificationPreferences): Promise<NotificationPreferences> {
    return this.api.call((signal) => this.api.http.PUT('/api/notifications/preferences', { body, signal }));
  }
}
