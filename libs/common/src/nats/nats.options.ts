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
