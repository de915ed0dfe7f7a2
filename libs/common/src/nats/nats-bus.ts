import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { headers, type Subscription } from '@nats-io/transport-node';
import type { BroadcastOf, BroadcastSubject } from '#contracts';
import { requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';
import { namespaced } from './namespace.js';
import { NATS_OPTIONS, type NatsModuleOptions } from './nats.options.js';
import { RpcClient } from './rpc-client.js';

/** Core NATS pub/sub for ephemeral fan-out (no persistence, no replies), namespaced like everything else. */
@Injectable()
export class NatsBus implements OnApplicationShutdown {
  private readonly logger = new Logger(NatsBus.name);
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_OPTIONS) private readonly options: NatsModuleOptions,
  ) {}

  /** The payload's type comes from the subject's entry in the contracts' BroadcastMap. */
  publish<S extends BroadcastSubject>(subject: S, payload: BroadcastOf<S>): void {
    const hdrs = headers();
    const requestId = requestContext.requestId();
    if (requestId) hdrs.set(REQUEST_ID_HEADER, requestId);
    this.rpc.connection().publish(namespaced(this.options.namespace, subject), JSON.stringify(payload), { headers: hdrs });
  }

  /** Every subscriber gets every message (no queue group): each gateway replica must see each broadcast. */
  subscribe<S extends BroadcastSubject>(subject: S, handler: (payload: BroadcastOf<S>) => void | Promise<void>): void {
    const sub = this.rpc.connection().subscribe(namespaced(this.options.namespace, subject), {
      callback: (err, msg) => {
        if (err) return this.logger.error({ err, subject }, 'subscription failed');
        const requestId = msg.headers?.get(REQUEST_ID_HEADER) || undefined;
        const run = async () => handler(msg.json<BroadcastOf<S>>());
        const done = requestId ? requestContext.run({ requestId }, run) : run();
        done.catch((error: unknown) => this.logger.error({ err: error, subject }, 'broadcast handler failed'));
      },
    });
    this.subscriptions.push(sub);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((sub) => sub.drain()));
  }
}
