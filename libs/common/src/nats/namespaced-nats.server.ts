import { NatsContext, ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { isObservable, tap } from 'rxjs';
import { ErrorCode } from '#contracts';
import { openRpcRequestScope } from '../rpc/rpc-request-scope.js';
import { namespaced } from './namespace.js';

type NatsServerOptions = NonNullable<NatsOptions['options']> & { queue: string; drainTimeoutMs: number };
type NatsConnectionLike = { subscribe(subject: string, opts: object): Subscription };
type Publisher = ReturnType<ServerNats['getPublisher']>;

/**
 * Nest's NATS server, subscribing every handler under `${namespace}.` in a queue group so that
 * replicas share the load. Handlers keep their plain subjects from libs/contracts.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly namespacedSubscriptions: Subscription[] = [];
  private readonly queue: string;
  private readonly drainTimeoutMs: number;
  private connection: NatsConnection | undefined;
  /** Requests received whose final reply has not been published yet. */
  private inFlight = 0;
  private idle: (() => void) | undefined;
  /** Route of each subscribed pattern, worked out once (see getRouteFromPattern). */
  private readonly routes = new Map<string, string>();

  constructor(
    private readonly namespace: string,
    options: NatsServerOptions,
  ) {
    const { queue, drainTimeoutMs, ...natsOptions } = options;
    super(natsOptions);
    this.queue = queue;
    this.drainTimeoutMs = drainTimeoutMs;
  }

  // ServerNats types its client as `any`: keep our own typed handle for the final flush.
  override async createNatsClient(): Promise<NatsConnection> {
    const connection = (await super.createNatsClient()) as unknown as NatsConnection;
    this.connection = connection;
    return connection;
  }

  override bindEvents(client: NatsConnectionLike): void {
    for (const [pattern, handler] of this.messageHandlers) {
      const queue = (handler.extras?.queue as string | undefined) ?? this.queue;
      const sub = client.subscribe(namespaced(this.namespace, pattern), {
        queue,
        callback: (this.getMessageHandler(pattern) as (...args: unknown[]) => unknown).bind(this),
      });
      this.namespacedSubscriptions.push(sub);
    }
  }

  /**
   * Nest works out a handler's route on every message by trying JSON.parse on the subject first: for our plain
   * subjects that throws a SyntaxError (a stack capture) per request, 2.7% of chat's samples under load
   * (bench:realtime --cpu-prof). The patterns are the handlers' own (a fixed set), so the route is kept.
   */
  override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      if (this.messageHandlers.has(route)) this.routes.set(pattern, route);
    }
    return route;
  }

  /**
   * A request is answered without Nest's observable plumbing when its handler returns a value (ADR 0007
   * amendment): Nest wraps every answer in an rxjs stream and sends it on the next tick, and an interceptor for the
   * request's scope added a second stream — rxjs and Nest's interceptor chain were ≈7% of chat under load
   * (bench:realtime --cpu-prof). The handler is still Nest's (validation pipe, error filter); what it returns as a
   * stream (the error filter's answer, a streaming handler) goes through Nest's own sending. The reply packet is
   * Nest's (`{ id, response, isDisposed }`). Events (no reply subject) and unknown subjects stay on Nest's path.
   */
  override async handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    const handler = natsMsg.reply ? this.getHandlerByPattern(channel) : null;
    if (!handler) {
      await super.handleMessage(channel, natsMsg);
      return;
    }
    const message = (await this.deserializer.deserialize(natsMsg, { channel, replyTo: natsMsg.reply })) as { id?: string; data: unknown };
    if (message.id === undefined) {
      await super.handleMessage(channel, natsMsg);
      return;
    }
    const ctx = new NatsContext([natsMsg.subject, natsMsg.headers]);
    const publish = this.getPublisher(natsMsg, message.id, ctx);
    const scope = openRpcRequestScope(natsMsg.subject, natsMsg.headers);
    let result: unknown;
    try {
      result = await scope.run(() => handler(message.data, ctx));
    } catch (error) {
      // Nest's handler turns errors into the filter's stream: one that escapes it gets the filter's bare code.
      scope.finish(error);
      this.logger.error(error);
      publish({ err: { code: ErrorCode.INTERNAL, message: 'Internal error' }, isDisposed: true });
      return;
    }
    if (!isObservable(result)) {
      scope.finish();
      publish({ response: result, isDisposed: true });
      return;
    }
    this.send(result.pipe(tap({ complete: () => scope.finish(), error: (error: unknown) => scope.finish(error) })), publish);
  }

  /** Counts a request from its arrival until its last reply packet (Nest marks it isDisposed) is published. */
  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext): Publisher {
    const publish = super.getPublisher(natsMsg, id, ctx);
    if (!natsMsg.reply) return publish;
    this.inFlight += 1;
    return (response: { isDisposed?: boolean }) => {
      try {
        return publish(response) as unknown;
      } finally {
        if (response.isDisposed) this.settle();
      }
    };
  }

  /**
   * Drain: stop taking new requests, let in-flight handlers answer (bounded by the RPC timeout: after it
   * nobody waits for the answer), flush their replies, and only then close the connection. Storage closes
   * in the shutdown hooks, which Nest runs after this.
   */
  override async close(): Promise<void> {
    await Promise.allSettled(this.namespacedSubscriptions.map((sub) => sub.drain()));
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.drainTimeoutMs);
        this.idle = () => (clearTimeout(timer), resolve());
      });
    }
    await this.connection?.flush().catch(() => undefined);
    await super.close();
  }

  private settle(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) this.idle?.();
  }
}
