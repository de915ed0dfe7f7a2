import { ClientNats, type NatsOptions } from '@nestjs/microservices';
import { namespaced } from './namespace.js';

type NatsClientOptions = NonNullable<NatsOptions['options']>;

/** Nest's NATS client, publishing every request under `${namespace}.`. */
export class NamespacedNatsClient extends ClientNats {
  constructor(
    private readonly namespace: string,
    options: NatsClientOptions,
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['normalizePattern']>[0]): string {
    return namespaced(this.namespace, super.normalizePattern(pattern));
  }
}
