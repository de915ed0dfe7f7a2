import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { type AccountEventPayload, AUTH_ACCOUNT_EVENTS_WILDCARD, USERS_ACCOUNT_EVENTS_DURABLE } from '#contracts';
import { ensureEventStream, inSpan, NATS_HEADER_GETTER, namespaced, natsAttributes, remoteContext, reportConsumerPending, RpcClient, SpanKind } from '#common';
import { ProfilesService } from '../profiles/profiles.service.js';
import { UsersEnv } from '../users.env.js';

const RETRY_MS = 500;
const REDELIVER_MS = 2000;

function isAccountEvent(value: unknown): value is AccountEventPayload {
  const v = value as Partial<Record<keyof AccountEventPayload, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.accountId === 'string' &&
    typeof v.username === 'string' &&
    typeof v.email === 'string' &&
    typeof v.disabled === 'boolean' &&
    typeof v.createdAt === 'string' &&
    typeof v.version === 'string'
  );
}

/**
 * Keeps the profiles' read copy of username/email/disabled in step with auth's account events.
 * Handling is idempotent (a version is applied only if newer), so redeliveries and replays are harmless;
 * a message is acked only after the write, so a crash means redelivery, not loss.
 */
@Injectable()
export class AccountEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccountEventsConsumer.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly profiles: ProfilesService,
    private readonly rpc: RpcClient,
    @Inject(UsersEnv) private readonly env: UsersEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failingSince: number | undefined;
    while (!this.stopped) {
      try {
        await this.consume();
        failingSince = undefined;
      } catch (error) {
        if (this.stopped) return;
        // The NATS connection may not be up yet at start-up: only a lasting failure is worth a warning.
        failingSince ??= Date.now();
        if (Date.now() - failingSince > 5000) {
          this.logger.warn({ err: error }, 'account events consumer not running; retrying');
          failingSince = Date.now();
        }
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async consume(): Promise<void> {
    const connection = this.rpc.connection();
    const stream = await ensureEventStream(connection, this.env.NATS_NAMESPACE);
    const jsm = await jetstreamManager(connection);
    const config = {
      durable_name: USERS_ACCOUNT_EVENTS_DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: namespaced(this.env.NATS_NAMESPACE, AUTH_ACCOUNT_EVENTS_WILDCARD),
      ack_wait: nanos(30_000),
    };
    await jsm.consumers.add(stream, config).catch(async (error: unknown) => {
      // Created earlier with other settings: bring it up to date, keeping its position.
      await jsm.consumers.update(stream, USERS_ACCOUNT_EVENTS_DURABLE, config).catch(() => {
        throw error;
      });
    });
    const consumer = await jetstream(connection).consumers.get(stream, USERS_ACCOUNT_EVENTS_DURABLE);
    reportConsumerPending(USERS_ACCOUNT_EVENTS_DURABLE, async () => {
      const info = await consumer.info();
      return info.num_pending + info.num_ack_pending;
    });
    const messages = await consumer.consume({ max_messages: 100 });
    this.messages = messages;
    this.logger.log({ stream, durable: USERS_ACCOUNT_EVENTS_DURABLE }, 'consuming account events');
    try {
      for await (const msg of messages) {
        // Each event in a consumer span of the trace that produced it (the outbox relay's span).
        const subject = msg.subject.slice(this.env.NATS_NAMESPACE.length + 1);
        const parent = remoteContext(msg.headers, NATS_HEADER_GETTER);
        await inSpan(`process ${subject}`, { kind: SpanKind.CONSUMER, parent, attributes: natsAttributes(subject) }, () => this.handle(msg));
      }
    } finally {
      // A failed pass must not leave its pull subscription behind when the next pass opens another.
      await messages.close();
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    let payload: unknown;
    try {
      payload = msg.json<unknown>();
    } catch {
      payload = undefined;
    }
    if (!isAccountEvent(payload)) {
      this.logger.error({ subject: msg.subject, seq: msg.seq }, 'malformed account event dropped');
      msg.term();
      return;
    }
    try {
      await this.profiles.applyAccountEvent(payload);
      msg.ack();
    } catch (error) {
      this.logger.error({ err: error, subject: msg.subject, seq: msg.seq }, 'account event not applied; will be redelivered');
      msg.nak(REDELIVER_MS);
    }
  }
}
