import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, Logger } from '@nestjs/common';
import webpush from 'web-push';
import { METRICS } from '#common';
import { NotificationsEnv } from '../notifications.env.js';
import { guardedLookup } from '../subscriptions/endpoint-guard.js';
import type { PushSubscriptionRecord } from '../subscriptions/push-subscription.entity.js';
import { loadVapidKeys, type VapidKeys } from './vapid-keys.js';

/**
 * sent: the push service accepted it (201). gone: it answered 404/410, the subscription is dead. failed: refused
 * otherwise, or no usable answer (a timeout may hide an accepted push, so it is not retried). interrupted: only
 * 429/5xx so far and the service is stopping: nothing was accepted, so it may be tried again after the restart.
 */
export type PushOutcome = 'sent' | 'gone' | 'failed' | 'interrupted';

export interface PushOptions {
  /** Replaces an undelivered push with the same topic (one per conversation): base64url, ≤ 32 characters. */
  topic: string;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
}

/** Errors where the request never reached a push service, so trying again cannot duplicate a push. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Web Push (RFC 8030) with the `web-push` library for the standards parts: the payload encrypted per RFC 8291
 * (aes128gcm) and the VAPID JWT per RFC 8292. The request itself is ours (node:http/https): so that the address
 * connected to is checked (guardedLookup, the SSRF guard), and so that http:// works when WEBPUSH_ALLOW_HTTP is set.
 */
@Injectable()
export class WebPushSender {
  private readonly logger = new Logger(WebPushSender.name);
  readonly vapid: VapidKeys;
  private stopping = false;

  constructor(@Inject(NotificationsEnv) private readonly env: NotificationsEnv) {
    this.vapid = loadVapidKeys(env);
  }

  /** No new tries from now on (shutdown): a push waiting for its next try ends `interrupted`. */
  stop(): void {
    this.stopping = true;
  }

  async send(subscription: PushSubscriptionRecord, payload: string, options: PushOptions): Promise<PushOutcome> {
    const details = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
      vapidDetails: this.vapid,
      TTL: this.env.WEBPUSH_TTL_SECONDS,
      urgency: options.urgency,
      topic: options.topic,
      contentEncoding: 'aes128gcm',
    });
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let retryAfter: string | undefined;
      try {
        ({ status, retryAfter } = await this.post(details.endpoint, details.headers, details.body));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (!NOT_SENT_CODES.has(code)) {
          this.logger.warn({ err: error, subscriptionId: subscription.id }, 'push not sent: no answer from the push service');
          return this.count('failed');
        }
        status = 0;
      }
      if (status >= 200 && status < 300) return this.count('sent');
      if (status === 404 || status === 410) return this.count('gone');
      const retriable = status === 0 || status === 429 || status >= 500;
      if (!retriable) {
        this.logger.warn({ status, subscriptionId: subscription.id }, 'push refused by the push service');
        return this.count('failed');
      }
      if (attempt >= this.env.WEBPUSH_ATTEMPTS) return this.count('failed');
      if (this.stopping) return this.count('interrupted');
      METRICS.webPushSends.inc({ outcome: 'retried' });
      await new Promise((resolve) => setTimeout(resolve, this.backoff(attempt, retryAfter)));
      if (this.stopping) return this.count('interrupted');
    }
  }

  /** RETRY_BASE × 2^(n-1) with ±20 % jitter, or the push service's Retry-After when it asks for longer (capped at a minute). */
  private backoff(attempt: number, retryAfter: string | undefined): number {
    const base = this.env.WEBPUSH_RETRY_BASE_MS * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
    let asked = 0;
    if (retryAfter !== undefined) {
      asked = /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now();
    }
    return Math.min(Math.max(base, Number.isFinite(asked) ? asked : 0), 60_000);
  }

  private count(outcome: PushOutcome): PushOutcome {
    METRICS.webPushSends.inc({ outcome });
    return outcome;
  }

  private post(endpoint: string, headers: Record<string, string | number>, body: Buffer | null): Promise<{ status: number; retryAfter: string | undefined }> {
    const url = new URL(endpoint);
    const allowPrivate = this.env.WEBPUSH_ALLOW_HTTP === 'true';
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers,
          timeout: this.env.WEBPUSH_TIMEOUT_MS,
          ...(allowPrivate ? {} : { lookup: guardedLookup }),
        },
        (res: IncomingMessage) => {
          // The body is of no use (push services put a diagnostic there at most): drain it.
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('push service did not answer in time')));
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }
}
