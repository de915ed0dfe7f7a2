import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, createInbox, headers, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { type CommandOf, ErrorCode, type ResultOf, type Subject } from '#contracts';
import { requestContext, REQUEST_ID_HEADER, normalizeRequestId } from '../context/request-context.js';
import { DomainError } from '../errors/domain.error.js';
import { namespaced } from './namespace.js';
import { NATS_OPTIONS, NATS_RETRY_OPTIONS, type NatsModuleOptions } from './nats.options.js';
import { METRICS, OUTCOME_OK } from '../metrics/metrics.js';
import { activeSpanUnrecorded, injectTraceHeaders, inSpan, natsAttributes, SpanKind } from '../tracing/tracing.js';

/** Why a request got no answer; each one is SERVICE_UNAVAILABLE for the caller. */
class Unanswered extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(msg: Msg): void;
  reject(error: Unanswered): void;
  timer: NodeJS.Timeout;
}

/** The reply envelope of Nest's NATS server (server-nats.js): one packet for our handlers, which never stream. */
interface ReplyPacket {
  err?: unknown;
  response?: unknown;
}

/**
 * Request/reply to another service. Every call has a deadline; every failure comes back as a DomainError
 * (the remote one when the service answered with a code, SERVICE_UNAVAILABLE when it did not answer).
 *
 * Straight on nats.js, speaking the wire format of Nest's NATS transport (`{ pattern, data, id }` out,
 * `{ err, response, isDisposed, id }` back), which the services' handlers answer: Nest's ClientProxy made an
 * rxjs pipeline, a random id and an inbox subscription (SUB + UNSUB on the wire) per request. Here one wildcard
 * inbox subscription per connection takes every reply, matched by a counter token (issue 10).
 */
@Injectable()
export class RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);
  private nc: NatsConnection | undefined;
  private connecting: Promise<NatsConnection> | undefined;
  /** False between a disconnect and the reconnect: requests fail at once then, as they did with Nest's client. */
  private reachable = false;
  private inbox = '';
  private nextToken = 0;
  private readonly pending = new Map<string, Pending>();
  /** Requests made during this turn of the event loop, published together after it (publishOutgoing). */
  private outgoing: { subject: string; body: string; token: string; headers: MsgHdrs }[] = [];

  constructor(@Inject(NATS_OPTIONS) private readonly options: NatsModuleOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connected();
  }

  async onApplicationShutdown(): Promise<void> {
    const nc = this.nc;
    this.nc = undefined;
    this.connecting = undefined;
    this.reachable = false;
    this.failAll('connection closed');
    await nc?.close();
  }

  /** The connection once it is up: for code that runs at bootstrap, when this client may still be connecting. */
  async connected(): Promise<NatsConnection> {
    this.connecting ??= this.open();
    const nc = await this.connecting;
    // As Nest's client did: while the connection is lost, waiting callers hear it (they retry) rather than get a
    // connection whose operations would only time out.
    if (!this.reachable) throw new Error('Connection lost. Trying to reconnect...');
    return nc;
  }

  /** The underlying connection, for plain pub/sub and JetStream. */
  connection(): NatsConnection {
    if (!this.nc) throw new Error('Not initialized. Please call the "connect" method first.');
    return this.nc;
  }

  /**
   * Sends `command` on `subject` and resolves with the reply. Both types come from the subject's entry in the
   * contracts' RpcMap, so a wrong field or a wrong expected reply is a compile error (the receiving service
   * still validates the payload against the command class at run time).
   */
  request<S extends Subject>(subject: S, command: CommandOf<S>): Promise<ResultOf<S>> {
    // Inside an unrecorded trace (no exporter, ADR 0020 amendment) a client span would be ids nobody sees: the
    // active span's context goes in the headers instead, so the trace id still travels and the logs keep it.
    if (activeSpanUnrecorded()) return this.send(subject, command);
    // A client span per call: the handler's server span is its child (traceparent in the NATS headers).
    return inSpan(`send ${subject}`, { kind: SpanKind.CLIENT, attributes: natsAttributes(subject) }, () => this.send(subject, command));
  }

  private async send<S extends Subject>(subject: S, command: CommandOf<S>): Promise<ResultOf<S>> {
    const done = METRICS.natsRequests.startTimer({ subject });
    const fail = (error: unknown): DomainError => {
      const domainError = this.toDomainError(error, subject);
      done({ outcome: domainError.code });
      return domainError;
    };
    let reply: ReplyPacket;
    try {
      reply = decodeReply(await this.exchange(subject, command));
    } catch (error) {
      throw fail(error);
    }
    // The handler failed: `err` is its ErrorPayload (RpcErrorFilter), or Nest's "no handler" text.
    if (reply.err !== undefined && reply.err !== null) throw fail(reply.err);
    done({ outcome: OUTCOME_OK });
    // A void reply arrives without `response`.
    return reply.response as ResultOf<S>;
  }

  /**
   * Queues the Nest request packet with a reply token and resolves with the first reply (or fails). The deadline
   * counts from here.
   */
  private exchange(subject: string, command: unknown): Promise<Msg> {
    if (!this.nc || !this.reachable) return Promise.reject(new Unanswered(this.nc ? 'connection lost; reconnecting' : 'not connected'));
    const hdrs = headers();
    hdrs.set(REQUEST_ID_HEADER, requestContext.requestId() ?? normalizeRequestId(undefined));
    injectTraceHeaders(hdrs);
    const token = (this.nextToken++).toString(36);
    // Nest's server tells a request from an event by its `id` (it echoes it back); the token is unique enough.
    const body = JSON.stringify({ pattern: subject, data: command, id: token });
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Unanswered('no answer before the deadline', true));
      }, this.options.timeoutMs);
      this.pending.set(token, { resolve, reject, timer });
      if (this.outgoing.push({ subject: namespaced(this.options.namespace, subject), body, token, headers: hdrs }) === 1) setImmediate(this.publishOutgoing);
    });
  }

  /**
   * Publishes the requests queued since the last turn of the event loop together. nats.js writes to its socket once
   * per microtask queue that published, and each socket event runs in its own: publishing them after the loop's
   * I/O phase makes one socket write of all the requests that phase produced (bench --cpu-prof: the gateway's NATS
   * writes were 7% of its samples, one per request).
   */
  private readonly publishOutgoing = (): void => {
    const batch = this.outgoing;
    this.outgoing = [];
    for (const { subject, body, token, headers: hdrs } of batch) {
      try {
        if (!this.nc) throw new Error('connection closed');
        this.nc.publish(subject, body, { reply: this.inbox + token, headers: hdrs });
      } catch (error) {
        this.settle(token, new Unanswered(error instanceof Error ? error.message : String(error)));
      }
    }
  };

  private settle(token: string, error: Unanswered): void {
    const entry = this.pending.get(token);
    if (!entry) return;
    this.pending.delete(token);
    clearTimeout(entry.timer);
    entry.reject(error);
  }

  private async open(): Promise<NatsConnection> {
    const nc = await connect({ servers: this.options.servers.split(','), name: this.options.name, ...NATS_RETRY_OPTIONS });
    this.nc = nc;
    this.reachable = true;
    this.inbox = `${createInbox()}.`;
    // nats.js subscribes it again after every reconnect.
    const replies = `${this.inbox}*`;
    nc.subscribe(replies, { callback: (error, msg) => (error ? undefined : this.answer(msg)) });
    void this.watch(nc);
    return nc;
  }

  private answer(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length);
    const entry = this.pending.get(token);
    // A late reply (after the deadline) or a second packet of the same request: nobody waits for it.
    if (!entry) return;
    this.pending.delete(token);
    clearTimeout(entry.timer);
    // NATS answers a request nobody subscribes to with an empty 503 status message.
    if (msg.data.length === 0) entry.reject(new Unanswered(msg.headers?.code === 503 ? 'no responders' : 'empty reply'));
    else entry.resolve(msg);
  }

  private failAll(reason: string): void {
    for (const token of [...this.pending.keys()]) this.settle(token, new Unanswered(reason));
  }

  /** Follows the connection's state, logging it as Nest's client did; requests in flight end with the connection. */
  private async watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        this.reachable = false;
        this.logger.error(`NatsError: type: "${status.type}".`);
      } else if (status.type === 'reconnect') {
        this.reachable = true;
        this.logger.log(`NatsStatus: type: "${status.type}".`);
      } else if (status.type === 'error') {
        this.logger.error(`NatsError: type: "${status.type}", error: "${String(status.error)}".`);
      }
    }
    // The iterator ends when the connection is closed (ours at shutdown, or nats.js giving up).
    if (this.nc === nc) {
      this.nc = undefined;
      this.connecting = undefined;
      this.reachable = false;
    }
    this.failAll('connection closed');
  }

  private toDomainError(error: unknown, subject: string): DomainError {
    const remote = DomainError.fromPayload(error);
    if (remote) return remote;
    if (error instanceof Unanswered && error.timedOut) {
      this.logger.warn({ subject, timeoutMs: this.options.timeoutMs }, 'no answer before the deadline');
      return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'A service did not answer in time');
    }
    // Anything else failed on the way (no responders, connection lost or reconnecting, closed, no handler): the
    // service did not answer, which a client must retry, never take for INTERNAL or for a bad token (API.md).
    const message = error instanceof Error ? error.message : (error as { message?: unknown })?.message;
    this.logger.warn({ subject, reason: message ?? error }, 'service unreachable');
    return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'A service is unavailable');
  }
}

/** The reply packet; a body that is not Nest's envelope is the response itself, as Nest's deserializer reads it. */
function decodeReply(msg: Msg): ReplyPacket {
  const value: unknown = msg.json();
  if (typeof value !== 'object' || value === null) return { response: value };
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => ENVELOPE_KEYS.has(key)) ? value : { response: value };
}

/** The only keys a Nest reply packet carries (@nestjs/microservices, incoming-response.deserializer.js). */
const ENVELOPE_KEYS = new Set(['id', 'err', 'response', 'isDisposed', 'status']);
