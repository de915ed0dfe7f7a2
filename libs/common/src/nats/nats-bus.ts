import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { headers, type Msg, type MsgHdrs, MsgHdrsImpl, nuid, type Subscription } from '@nats-io/transport-node';
import type { BroadcastOf, BroadcastSubject } from '#contracts';
import { requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';
import { namespaced } from './namespace.js';
import { NATS_OPTIONS, type NatsModuleOptions } from './nats.options.js';
import { RpcClient } from './rpc-client.js';
import { injectTraceHeaders, inSpan, NATS_HEADER_GETTER, natsAttributes, remoteContext, SpanKind } from '../tracing/tracing.js';
import { DELIVERY_ID_HEADER, UserCopiesBatcher } from './user-copies.batcher.js';

const UTF8 = new TextEncoder();

/**
 * `<namespaced prefix>.<userId>`; the id must be one subject token: never a separator or a wildcard, which
 * would address other users.
 */
function userSubject(prefix: string, userId: string): string {
  if (userId.length === 0 || /[.*>\s]/.test(userId)) throw new Error(`not a subject token: ${JSON.stringify(userId)}`);
  return `${prefix}.${userId}`;
}

/**
 * nats.js encodes the headers it is given again on every publish (MsgHdrsImpl.encode): the copies of one
 * publishToUsers call share one encoding. Only for headers complete before the first publish.
 */
class HeadersEncodedOnce extends MsgHdrsImpl {
  private encoded: Uint8Array | undefined;

  override encode(): Uint8Array {
    return (this.encoded ??= super.encode());
  }
}

/** Headers of a broadcast: the request id and the trace of the request that caused it. */
function contextHeaders(hdrs: MsgHdrs = headers()): MsgHdrs {
  const requestId = requestContext.requestId();
  if (requestId) hdrs.set(REQUEST_ID_HEADER, requestId);
  injectTraceHeaders(hdrs);
  return hdrs;
}

/** Handles one broadcast in its sender's request context, in a consumer span of the sender's trace. */
function received(subject: string, hdrs: MsgHdrs | undefined, handle: () => void | Promise<void>): Promise<void> {
  const requestId = hdrs?.get(REQUEST_ID_HEADER) || undefined;
  const parent = remoteContext(hdrs, NATS_HEADER_GETTER);
  const run = () => inSpan(`process ${subject}`, { kind: SpanKind.CONSUMER, parent, attributes: natsAttributes(subject) }, async () => handle());
  return requestId ? requestContext.run({ requestId }, run) : run();
}

/** Core NATS pub/sub for ephemeral fan-out (no persistence, no replies), namespaced like everything else. */
@Injectable()
export class NatsBus implements OnApplicationShutdown {
  private readonly logger = new Logger(NatsBus.name);
  private readonly subscriptions: Subscription[] = [];
  /** Runs of per-user copies not handed over yet, one batcher per per-user subject (onUserBroadcast). */
  private readonly batchers: UserCopiesBatcher<Msg>[] = [];
  /** The same batchers by namespaced subject prefix (`<ns>.chat.deliver.user`), for subscribeUser's dispatch. */
  private readonly userBatchers = new Map<string, UserCopiesBatcher<Msg>>();

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_OPTIONS) private readonly options: NatsModuleOptions,
  ) {}

  /** The payload's type comes from the subject's entry in the contracts' BroadcastMap. */
  publish<S extends BroadcastSubject>(subject: S, payload: BroadcastOf<S>): void {
    const hdrs = contextHeaders();
    this.rpc.connection().publish(namespaced(this.options.namespace, subject), JSON.stringify(payload), { headers: hdrs });
  }

  /**
   * One copy per user on `<subject>.<userId>` (a perUser contract), encoded once: only the replicas holding a
   * user's sockets hear it. Published in order, so each user's copies keep the order of the calls. The copies of
   * one call carry one delivery id, so a receiver handles those that reach it together once (subscribeUsers).
   */
  publishToUsers<S extends BroadcastSubject>(subject: S, userIds: readonly string[], payload: BroadcastOf<S>): void {
    const hdrs = contextHeaders(new HeadersEncodedOnce());
    if (userIds.length > 1) hdrs.set(DELIVERY_ID_HEADER, nuid.next());
    // Bytes once for all copies: a string would be UTF-8-encoded again by every publish (a room of 50, 50 times).
    const data = UTF8.encode(JSON.stringify(payload));
    const prefix = namespaced(this.options.namespace, subject);
    const nc = this.rpc.connection();
    for (const userId of userIds) nc.publish(userSubject(prefix, userId), data, { headers: hdrs });
  }

  /**
   * The handler of a per-user subject (`<subject>.<userId>`) for every user this process subscribes with
   * `subscribeUser`: the copies of one publishToUsers call that arrive together reach it once, with the users they
   * arrived for (UserCopiesBatcher) — one parse, one request context and one consumer span per delivery, not per user.
   */
  onUserBroadcast<S extends BroadcastSubject>(subject: S, handler: (userIds: readonly string[], payload: BroadcastOf<S>) => void): void {
    const batcher = new UserCopiesBatcher<Msg>((userIds, first) => {
      received(subject, first.headers, () => handler(userIds, first.json<BroadcastOf<S>>())).catch((error: unknown) =>
        this.logger.error({ err: error, subject }, 'broadcast handler failed'),
      );
    });
    this.batchers.push(batcher);
    this.userBatchers.set(namespaced(this.options.namespace, subject), batcher);
  }

  /**
   * One subscription for all of a user's per-user subjects: each is `<a>.<b>.user` (userBroadcast checks it), so
   * `<ns>.*.*.user.<userId>` hears every one of them for that user, and a copy goes to its subject's handler. Heard
   * until the function it returns is called; what is published after the next `flush()` resolves reaches it.
   */
  subscribeUser(userId: string): () => void {
    const suffix = userId.length + 1;
    const sub = this.rpc.connection().subscribe(userSubject(namespaced(this.options.namespace, '*.*.user'), userId), {
      callback: (err, msg) => {
        if (err) return this.logger.error({ err, userId }, 'subscription failed');
        const batcher = this.userBatchers.get(msg.subject.slice(0, -suffix));
        // A per-user subject this process has no handler for (another service's, or a newer one): not ours to emit.
        if (!batcher) return;
        // A run of another per-user subject that arrived first is handled first: arrival order across subjects.
        for (const other of this.batchers) if (other !== batcher) other.flush();
        batcher.add(userId, msg);
      },
    });
    return () => sub.unsubscribe();
  }

  /** Resolves once the NATS server has every subscription made before the call (one round trip). */
  flush(): Promise<void> {
    return this.rpc.connection().flush();
  }

  /** Every subscriber gets every message (no queue group): each gateway replica must see each broadcast. */
  subscribe<S extends BroadcastSubject>(subject: S, handler: (payload: BroadcastOf<S>) => void | Promise<void>): void {
    const sub = this.rpc.connection().subscribe(namespaced(this.options.namespace, subject), {
      callback: (err, msg) => {
        if (err) return this.logger.error({ err, subject }, 'subscription failed');
        // Per-user deliveries that arrived before this message are handled before it, as they were one by one.
        for (const batcher of this.batchers) batcher.flush();
        received(subject, msg.headers, async () => handler(msg.json<BroadcastOf<S>>())).catch((error: unknown) =>
          this.logger.error({ err: error, subject }, 'broadcast handler failed'),
        );
      },
    });
    this.subscriptions.push(sub);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((sub) => sub.drain()));
  }
}
