/** Payload of every AUTH_EVENTS.* message: the account's public identity after the change. */
export interface AccountEventPayload {
  accountId: string;
  username: string;
  email: string;
  disabled: boolean;
  createdAt: string;
  /** Monotonic per account: lets consumers ignore an older event that arrives after a newer one. */
  version: string;
}

/**
 * The JetStream stream holding every domain event of one namespace (`<ns>.events.>`).
 * Stream names may not contain dots; the namespace is already limited to [A-Za-z0-9_-].
 */
export function eventStreamName(namespace: string): string {
  return `${namespace}_events`.toUpperCase().replace(/[^A-Z0-9_-]/g, '_');
}

/** Subject filter of the event stream, before namespacing. */
export const EVENT_SUBJECTS_WILDCARD = 'events.>';

/** Filter matching every AUTH_EVENTS subject (one filter: NATS servers before 2.10 take only one). */
export const AUTH_ACCOUNT_EVENTS_WILDCARD = 'events.auth.account.>';
