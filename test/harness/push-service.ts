import { createECDH, createPublicKey, type ECDH, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt } from 'http_ece';

/** One push as the push service received it: checked (VAPID, encryption) and decrypted. */
export interface ReceivedPush {
  subscription: string;
  payload: Record<string, unknown>;
  headers: { ttl: string | undefined; urgency: string | undefined; topic: string | undefined };
  /** The VAPID JWT's claims. */
  claims: { aud: string; exp: number; sub: string };
  /** The key the JWT was verified with (the `k` of the Authorization header). */
  vapidKey: string;
}

/** A browser's side of a subscription: the body for POST /api/notifications/push-subscriptions. */
export interface BrowserSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

interface SubscriptionState {
  ecdh: ECDH;
  auth: Buffer;
  /** Statuses to answer, in turn; the last one repeats. */
  answers: number[];
  requests: number;
}

/**
 * A Web Push service (RFC 8030) for the tests, on loopback over plain HTTP: it receives the notifications service's
 * real requests, verifies the VAPID JWT (RFC 8292: ES256 signature with the key in the header, aud, exp, sub) and
 * decrypts the aes128gcm payload (RFC 8291) with the subscription's private key, as a browser would. A request that
 * fails a check is answered 400 and recorded in `errors`.
 */
export class TestPushService {
  readonly received: ReceivedPush[] = [];
  readonly errors: string[] = [];
  private readonly subscriptions = new Map<string, SubscriptionState>();
  private server: Server | undefined;
  private origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.receive(req)
        .then((status) => res.writeHead(status, status === 429 ? { 'retry-after': '0' } : {}).end())
        .catch((error: unknown) => {
          this.errors.push(String(error));
          res.writeHead(400).end();
        });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A new browser subscription; `answers` are the statuses its endpoint gives in turn (the last one repeats). */
  subscribe(answers: number[] = [201]): BrowserSubscription {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.subscriptions.set(id, { ecdh, auth, answers, requests: 0 });
    return { id, endpoint: `${this.origin}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
  }

  pushesTo(subscription: BrowserSubscription): ReceivedPush[] {
    return this.received.filter((p) => p.subscription === subscription.id);
  }

  requestsTo(subscription: BrowserSubscription): number {
    return this.subscriptions.get(subscription.id)?.requests ?? 0;
  }

  private async receive(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const id = /^\/push\/([0-9a-f-]+)$/.exec(req.url ?? '')?.[1];
    const state = id ? this.subscriptions.get(id) : undefined;
    if (!id || !state || req.method !== 'POST') return 404;
    state.requests += 1;
    const status = state.answers[Math.min(state.requests - 1, state.answers.length - 1)] ?? 201;
    if (status !== 201) return status;
    const { claims, key } = this.verifyVapid(req.headers.authorization);
    if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
    const plaintext = decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: state.ecdh, authSecret: state.auth });
    this.received.push({
      subscription: id,
      payload: JSON.parse(plaintext.toString('utf8')) as Record<string, unknown>,
      headers: { ttl: header(req, 'ttl'), urgency: header(req, 'urgency'), topic: header(req, 'topic') },
      claims,
      vapidKey: key,
    });
    return 201;
  }

  /** `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292 §3): ES256 over the key in `k`, audience = this origin. */
  private verifyVapid(authorization: string | undefined): { claims: ReceivedPush['claims']; key: string } {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match?.[1] || !match[2]) throw new Error(`not a VAPID authorization: ${authorization}`);
    const [jwt, k] = [match[1], match[2]];
    const [head, body, signature] = jwt.split('.');
    if (!head || !body || !signature) throw new Error('malformed JWT');
    const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
    if (header.alg !== 'ES256') throw new Error(`JWT alg ${header.alg}`);
    const point = Buffer.from(k, 'base64url');
    if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
    const publicKey = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
      format: 'jwk',
    });
    const valid = verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    if (!valid) throw new Error('VAPID JWT signature does not verify');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as ReceivedPush['claims'];
    const now = Date.now() / 1000;
    if (claims.aud !== this.origin) throw new Error(`aud ${claims.aud} is not ${this.origin}`);
    if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error(`exp ${claims.exp} not within 24 h`);
    if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`sub ${claims.sub}`);
    return { claims, key: k };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
