import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { type CommandOf, ErrorCode, type ResultOf, type Subject } from '#contracts';
import { requestContext, REQUEST_ID_HEADER, normalizeRequestId } from '../context/request-context.js';
import { DomainError } from '../errors/domain.error.js';
import { NamespacedNatsClient } from './namespaced-nats.client.js';
import { NATS_OPTIONS, NATS_RETRY_OPTIONS, type NatsModuleOptions } from './nats.options.js';
import { METRICS, OUTCOME_OK } from '../metrics/metrics.js';
import { injectTraceHeaders, inSpan, natsAttributes, SpanKind } from '../tracing/tracing.js';

/**
 * Request/reply to another service. Every call has a deadline; every failure comes back as a DomainError
 * (the remote one when the service answered with a code, SERVICE_UNAVAILABLE when it did not answer).
 */
@Injectable()
export class RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);
  private readonly client: NamespacedNatsClient;

  constructor(@Inject(NATS_OPTIONS) private readonly options: NatsModuleOptions) {
    this.client = new NamespacedNatsClient(options.namespace, {
      servers: options.servers.split(','),
      name: options.name,
      ...NATS_RETRY_OPTIONS,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** The connection once it is up: for code that runs at bootstrap, when this client may still be connecting. */
  async connected(): Promise<NatsConnection> {
    await this.client.connect();
    return this.connection();
  }

  /** The underlying connection, for plain pub/sub and JetStream. */
  connection(): NatsConnection {
    return this.client.unwrap<NatsConnection>();
  }

  /**
   * Sends `command` on `subject` and resolves with the reply. Both types come from the subject's entry in the
   * contracts' RpcMap, so a wrong field or a wrong expected reply is a compile error (the receiving service
   * still validates the payload against the command class at run time).
   */
  request<S extends Subject>(subject: S, command: CommandOf<S>): Promise<ResultOf<S>> {
    // A client span per call: the handler's server span is its child (traceparent in the NATS headers).
    return inSpan(`send ${subject}`, { kind: SpanKind.CLIENT, attributes: natsAttributes(subject) }, () => this.send(subject, command));
  }

  private async send<S extends Subject>(subject: S, command: CommandOf<S>): Promise<ResultOf<S>> {
    const hdrs = headers();
    hdrs.set(REQUEST_ID_HEADER, requestContext.requestId() ?? normalizeRequestId(undefined));
    injectTraceHeaders(hdrs);
    const record = new NatsRecordBuilder(command).setHeaders(hdrs).build();
    const done = METRICS.natsRequests.startTimer({ subject });
    try {
      const reply = await firstValueFrom(this.client.send<ResultOf<S>>(subject, record).pipe(timeout(this.options.timeoutMs)), {
        // A void reply arrives as no value at all.
        defaultValue: undefined as ResultOf<S>,
      });
      done({ outcome: OUTCOME_OK });
      return reply;
    } catch (error) {
      const domainError = this.toDomainError(error, subject);
      done({ outcome: domainError.code });
      throw domainError;
    }
  }

  private toDomainError(error: unknown, subject: string): DomainError {
    const remote = DomainError.fromPayload(error);
    if (remote) return remote;
    if (error instanceof TimeoutError) {
      this.logger.warn({ subject, timeoutMs: this.options.timeoutMs }, 'no answer before the deadline');
      return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'A service did not answer in time');
    }
    // Anything else failed on the way (no responders, connection lost or reconnecting, closed): the service
    // did not answer, which a client must retry, never take for INTERNAL or for a bad token (API.md).
    const message = error instanceof Error ? error.message : (error as { message?: unknown })?.message;
    this.logger.warn({ subject, reason: message }, 'service unreachable');
    return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'A service is unavailable');
  }
}
