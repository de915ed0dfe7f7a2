import { Inject, Injectable } from '@nestjs/common';
import { type AccountEventPayload, AUTH_ACCOUNT_EVENTS_WILDCARD, USERS_ACCOUNT_EVENTS_DURABLE } from '#contracts';
import { DurableEventConsumer, RpcClient } from '#common';
import { ProfilesService } from '../profiles/profiles.service.js';
import { UsersEnv } from '../users.env.js';

function isAccountEvent(value: unknown): value is AccountEventPayload {
  const v = value as Partial<Record<keyof AccountEventPayload, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.accountId === 'string' &&
    typeof v.username === 'string' &&
    typeof v.email === 'string' &&
    typeof v.disabled === 'boolean' &&
    typeof v.createdAt === 'string' &&
    typeof v.version === 'string'
  );
}

/**
 * Keeps the profiles' read copy of username/email/disabled in step with auth's account events.
 * Handling is idempotent (a version is applied only if newer), so redeliveries and replays are harmless;
 * a message is acked only after the write, so a crash means redelivery, not loss.
 */
@Injectable()
export class AccountEventsConsumer extends DurableEventConsumer<AccountEventPayload> {
  constructor(profiles: ProfilesService, rpc: RpcClient, @Inject(UsersEnv) env: UsersEnv) {
    super(AccountEventsConsumer.name, rpc, {
      durable: USERS_ACCOUNT_EVENTS_DURABLE,
      subject: AUTH_ACCOUNT_EVENTS_WILDCARD,
      namespace: env.NATS_NAMESPACE,
      what: 'account event',
      isEvent: isAccountEvent,
      handle: (event) => profiles.applyAccountEvent(event),
    });
  }
}
