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
