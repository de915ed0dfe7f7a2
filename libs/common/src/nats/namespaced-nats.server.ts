import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { Subscription } from '@nats-io/transport-node';
import { namespaced } from './namespace.js';

type NatsServerOptions = NonNullable<NatsOptions['options']> & { queue: string };
type NatsConnectionLike = { subscribe(subject: string, opts: object): Subscription };

/**
 * Nest's NATS server, subscribing every handler under `${namespace}.` in a queue group so that
 * replicas share the load. Handlers keep their plain subjects from libs/contracts.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly namespacedSubscriptions: Subscription[] = [];
  private readonly queue: string;

  constructor(
    private readonly namespace: string,
    options: NatsServerOptions,
  ) {
    super(options);
    this.queue = options.queue;
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

  /** Drain: stop taking new requests but let in-flight handlers answer before the connection closes. */
  override async close(): Promise<void> {
    await Promise.allSettled(this.namespacedSubscriptions.map((sub) => sub.drain()));
    await super.close();
  }
}
