import { type EventOf, type EventSubject } from '#contracts';
import { currentTraceparent, newId } from '#common';
import type { OutboxEvent } from '../outbox/outbox-event.js';
import type { Account } from './account.entity.js';

/** An outbox row for one of auth's durable events; subject and payload type come from the contracts' EventMap. */
export function accountEvent(subject: EventSubject, account: Account, at: Date): OutboxEvent {
  const id = newId();
  const payload: EventOf<typeof subject> = {
    accountId: account.id,
    username: account.username,
    email: account.email,
    disabled: account.disabled,
    createdAt: account.createdAt.toISOString(),
    version: id,
  };
  const traceparent = currentTraceparent();
  return { id, subject, payload: { ...payload }, createdAt: at, ...(traceparent ? { traceparent } : {}) };
}
