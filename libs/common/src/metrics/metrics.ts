import { Counter, Gauge, Histogram } from 'prom-client';

// The platform's own Prometheus metrics, on every process's internal /metrics (next to prom-client's
// default process and Node.js metrics: event-loop lag, GC, heap). Defined once here, so that the names
// the Grafana dashboard and the alert rules use (deploy/grafana/, k8s/overlays/prod/) exist in one place;
// test/metrics.e2e-spec.ts checks that every name they use is exported by a running process.
// Labels are bounded: routes are templates, subjects and events come from the contracts, outcomes are
// `ok` or an ErrorCode.

/** Seconds; requests should take milliseconds and give up at RPC_TIMEOUT_MS (5 s by default). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The label of a successful call; failures carry their ErrorCode. */
export const OUTCOME_OK = 'ok';

/** Read at scrape time: the open sockets (gateway), each durable consumer's backlog (users). */
let socketCount: (() => number) | undefined;
const pendingSources = new Map<string, () => Promise<number>>();

export function reportSocketCount(read: () => number): void {
  socketCount = read;
}

/** Reports `consumer`'s backlog at every scrape (a later call for the same name replaces the source). */
export function reportConsumerPending(consumer: string, read: () => Promise<number>): void {
  pendingSources.set(consumer, read);
}

export const METRICS = {
  /** Gateway REST: rate, errors (status), duration per route template. */
  httpRequests: new Histogram({
    name: 'http_request_duration_seconds',
    help: 'REST requests on the gateway by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
  }),
  /** Requests this process sent over NATS, by subject (without the namespace) and outcome. */
  natsRequests: new Histogram({
    name: 'nats_request_duration_seconds',
    help: 'NATS requests sent, by subject and outcome (ok or the error code)',
    labelNames: ['subject', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
  }),
  /** Requests this process answered over NATS. */
  natsHandled: new Histogram({
    name: 'nats_handler_duration_seconds',
    help: 'NATS requests handled, by subject and outcome (ok or the error code)',
    labelNames: ['subject', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
  }),
  /** Client events on the gateway's sockets, from arrival to acknowledgement. */
  socketAcks: new Histogram({
    name: 'socket_ack_duration_seconds',
    help: 'Socket.IO client events by event and outcome (ok or the error code), from arrival to ack',
    labelNames: ['event', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
  }),
  /** Server events emitted to sockets (one count per emit to a set of rooms). */
  socketDeliveries: new Counter({
    name: 'socket_deliveries_total',
    help: 'Socket.IO server events emitted, by event',
    labelNames: ['event'] as const,
  }),
  /** Chat deliveries this gateway heard on its per-user subjects: only those of users with sockets here. */
  userDeliveriesReceived: new Counter({
    name: 'gateway_user_deliveries_received_total',
    help: 'Chat deliveries received from NATS on the per-user subjects of the users connected to this gateway',
  }),
  userNoticesReceived: new Counter({
    name: 'gateway_user_notices_received_total',
    help: 'Friend and presence notices received from NATS on the per-user subjects of the users connected to this gateway',
    labelNames: ['subject'] as const,
  }),
  socketConnections: new Gauge({
    name: 'socket_connections',
    help: 'Socket.IO connections open on this gateway',
    collect() {
      if (socketCount) this.set(socketCount());
    },
  }),
  rateLimitRejections: new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests and socket events refused with RATE_LIMITED, by budget',
    labelNames: ['budget'] as const,
  }),
  presenceSweeps: new Counter({
    name: 'presence_sweeps_total',
    help: 'Presence sweeps of the users service, by outcome (ok or failed)',
    labelNames: ['outcome'] as const,
  }),
  /** Web Push requests of the notifications service, by outcome (sent, gone, failed, interrupted, retried). */
  webPushSends: new Counter({
    name: 'webpush_sends_total',
    help: 'Web Push requests by outcome: sent, gone (404/410, subscription removed), failed, interrupted (shutdown), retried (429/5xx)',
    labelNames: ['outcome'] as const,
  }),
  /** Mails handed to SMTP or written as .eml (outcome `ok`), or given up after the retries (`failed`). */
  mailsSent: new Counter({
    name: 'mails_sent_total',
    help: 'Mails sent by kind (verify_email, reset_password, ...) and outcome (ok or failed)',
    labelNames: ['kind', 'outcome'] as const,
  }),
  consumerPending: new Gauge({
    name: 'jetstream_consumer_pending_messages',
    help: 'Messages a durable JetStream consumer has not yet processed (pending + unacknowledged)',
    labelNames: ['consumer'] as const,
    async collect() {
      for (const [consumer, read] of pendingSources) {
        try {
          this.set({ consumer }, await read());
        } catch {
          // NATS unreachable right now: keep the last value rather than fail the whole scrape.
        }
      }
    },
  }),
};

/** The label for an error: its code when it carries one (DomainError, an error payload), else INTERNAL. */
export function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'INTERNAL';
}
