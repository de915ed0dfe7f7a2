import { type AUTH_EVENTS, type AccountEventPayload } from '#contracts';
import { newId } from '#common';
import type { OutboxEvent } from '../outbox/outbox-event.js';
import type { Account } from './account.entity.js';

type AccountEventSubject = (typeof AUTH_EVENTS)[keyof typeof AUTH_EVENTS];

export function accountEvent(subject: AccountEventSubject, account: Account, at: Date): OutboxEvent {
  const id = newId();
  const payload: AccountEventPayload = {
    accountId: account.id,
    username: account.username,
    email: account.email,
    disabled: account.disabled,
    createdAt: account.createdAt.toISOString(),
    version: id,
  };
  return { id, subject, payload: { ...payload }, createdAt: at };
}
