import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type AccountEventPayload, AUTH_EVENTS } from '#contracts';
import { newId } from '#common';
import type { Fixture } from '#common/testing';
import type { Account } from '../accounts/account.entity.js';
import { anAccount } from '../testing/account.fixture.js';
import type { OutboxRelay } from '../outbox/outbox-relay.service.js';
import { type AuthRepos, authRepositoryFactories } from '../testing/auth-repositories.fixture.js';
import { type MailerCall, recordingMailer } from '../testing/mail.fixture.js';
import type { AccountMailer } from '../mail/account-mailer.service.js';
import { AccountService } from './account.service.js';

const account = (username: string, overrides: Partial<Account> = {}) => anAccount({ username, email: `${username}@example.com`, lastLoginAt: new Date(), ...overrides });

describe('AccountService.updateAccount', () => {
  let fixture: Fixture<AuthRepos>;
  let service: AccountService;
  let nudges: number;
  let alice: Account;
  let bob: Account;
  let mailer: AccountMailer;
  let mails: MailerCall[];

  const caller = (a: Account) => ({ userId: a.id, sessionId: newId() });
  const pendingEvents = async () => (await fixture.repos.outbox.pending(100)).filter((e) => e.subject === AUTH_EVENTS.accountUpdated);

  beforeEach(async () => {
    fixture = await authRepositoryFactories.sqlite();
    nudges = 0;
    const relay = { nudge: () => (nudges += 1) } as unknown as OutboxRelay;
    ({ mailer, calls: mails } = recordingMailer());
    service = new AccountService(fixture.repos.accounts, relay, mailer);
    alice = account('alice');
    bob = account('bob');
    await fixture.repos.accounts.create(alice, []);
    await fixture.repos.accounts.create(bob, []);
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('renames, frees the old name, and stores the account.updated event carrying the returned version', async () => {
    const summary = await service.updateAccount({ caller: caller(alice), username: 'alicia', email: 'alicia@example.com' });
    expect(summary).toMatchObject({ id: alice.id, username: 'alicia', email: 'alicia@example.com', disabled: false });
    expect(summary.version).toEqual(expect.any(String));
    expect((await fixture.repos.accounts.findByUsername('ALICIA'))?.id).toBe(alice.id);
    expect(await fixture.repos.accounts.findByUsername('alice')).toBeNull();
    const [event] = await pendingEvents();
    const payload = event?.payload as unknown as AccountEventPayload;
    expect(payload).toMatchObject({ accountId: alice.id, username: 'alicia', email: 'alicia@example.com', version: summary.version });
    expect(event?.id).toBe(summary.version);
    expect(nudges).toBe(1);
  });

  it('answers USERNAME_TAKEN / EMAIL_TAKEN (any case) and changes nothing', async () => {
    await expect(service.updateAccount({ caller: caller(alice), username: 'BOB' })).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    await expect(service.updateAccount({ caller: caller(alice), email: 'Bob@Example.com' })).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
    await expect(service.updateAccount({ caller: caller(alice), username: 'fresh', email: 'bob@example.com' })).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
    expect(await fixture.repos.accounts.findById(alice.id)).toMatchObject({ username: 'alice', email: 'alice@example.com' });
    expect(await pendingEvents()).toEqual([]);
  });

  it('writes no event when nothing changes, and allows changing only the case of your own name', async () => {
    expect(await service.updateAccount({ caller: caller(alice), username: 'alice' })).toMatchObject({ version: null });
    expect(await pendingEvents()).toEqual([]);
    expect((await service.updateAccount({ caller: caller(alice), username: 'Alice' })).username).toBe('Alice');
    expect(await pendingEvents()).toHaveLength(1);
  });

  it('refuses unknown and disabled accounts as UNAUTHORIZED', async () => {
    await expect(service.updateAccount({ caller: { userId: newId(), sessionId: newId() }, username: 'ghost' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const off = account('off', { disabled: true });
    await fixture.repos.accounts.create(off, []);
    await expect(service.updateAccount({ caller: caller(off), username: 'on' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('looks accounts up for other services; unknown is NOT_FOUND', async () => {
    expect(await service.getAccount({ userId: bob.id })).toMatchObject({ id: bob.id, username: 'bob', isEmailVerified: false, version: null });
    await expect(service.getAccount({ userId: newId() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a new address is unverified again and gets a verification mail; the old one is told', async () => {
    await fixture.repos.accounts.update(alice.id, { emailVerified: true });
    expect(await service.updateAccount({ caller: caller(alice), email: 'ALICE@example.com' })).toMatchObject({ isEmailVerified: true });
    expect(mails).toEqual([]);
    expect(await service.updateAccount({ caller: caller(alice), email: 'alice@elsewhere.example' })).toMatchObject({ isEmailVerified: false });
    expect(mails).toEqual([
      { method: 'sendVerification', to: 'alice@elsewhere.example' },
      { method: 'sendEmailChanged', to: 'ALICE@example.com' },
    ]);
    expect((await fixture.repos.accounts.findById(alice.id))?.emailVerified).toBe(false);
  });
});
