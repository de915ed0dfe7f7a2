export const NATS_OPTIONS = Symbol('NATS_OPTIONS');

export interface NatsModuleOptions {
  /** Comma-separated server URLs. */
  servers: string;
  namespace: string;
  /** Upper bound for every request/reply round trip. */
  timeoutMs: number;
  /** Connection name shown by the NATS server (monitoring). */
  name: string;
}

/**
 * Every connection of ours retries for ever, the first connect included: a process started before NATS (or
 * during an outage) waits for it, not-ready on /health/ready, instead of exiting. nats.js waits
 * reconnectTimeWait plus up to reconnectJitter between attempts per server.
 */
export const NATS_RETRY_OPTIONS = {
  maxReconnectAttempts: -1,
  waitOnFirstConnect: true,
  reconnectTimeWait: 1000,
  reconnectJitter: 500,
  // nats.js otherwise creates an Error per request and per timed subscription to keep the caller's stack for a
  // timeout: a stack capture on every request of the hot path (bench --cpu-prof: ~4% of the gateway). Our
  // callers turn timeouts into SERVICE_UNAVAILABLE and log the subject, so the stack is not missed.
  noAsyncTraces: true,
} as const;
