/**
 * A domain event waiting to be published to JetStream. It is written in the same atomic write as the
 * state change it describes, so the two can never diverge; a relay publishes and then marks it.
 */
export interface OutboxEvent {
  id: string;
  subject: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** W3C traceparent of the request that wrote it: the relay sends it as the event's header. */
  traceparent?: string;
}
