import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CHAT_SUBJECTS, CLIENT_EVENTS, ErrorCode } from '#contracts';
import { DomainError, type NatsModuleOptions, RateLimiter, type RpcClient } from '#common';
import { gatewayRateLimits } from '../limits/budgets.js';
import { GatewayEnv } from '../gateway.env.js';
import { RealtimeDrain } from './realtime-drain.service.js';
import { RealtimeService } from './realtime.service.js';

const caller = { userId: '0190a5c4-0000-7000-8000-000000000001', sessionId: '0190a5c4-0000-7000-8000-000000000002' };

function serviceAnswering(answer: (subject: string, payload: object) => Promise<unknown>) {
  const calls: { subject: string; payload: object }[] = [];
  const rpc = {
    request: async (subject: string, payload: object) => {
      calls.push({ subject, payload });
      return answer(subject, payload);
    },
  } as unknown as RpcClient;
  const env = Object.assign(new GatewayEnv(), { RPC_TIMEOUT_MS: 1000, RATE_LIMIT_STORE: 'memory' as const });
  const limiter = new RateLimiter(gatewayRateLimits(env), { namespace: 'unit' } as NatsModuleOptions, rpc);
  return { service: new RealtimeService(rpc, new RealtimeDrain(env), limiter), calls };
}

describe('RealtimeService', () => {
  // The internal-error case logs on purpose; keep the test output clean.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']);
  });

  it('sends to a conversation or to a recipient as the socket caller, and acks the stored message', async () => {
    const { service, calls } = serviceAnswering(async () => ({ id: 'm1' }));
    expect(await service.send(caller, { conversationId: 'c1', content: 'hi', clientMsgId: 'k1' })).toEqual({ ok: true, data: { id: 'm1' } });
    expect(await service.send(caller, { recipientId: '0190a5c4-0000-7000-8000-000000000003', content: 'yo', clientMsgId: 'k2' })).toMatchObject({ ok: true });
    expect(calls).toEqual([
      { subject: CHAT_SUBJECTS.postMessage, payload: { conversationId: 'c1', message: 'hi', clientMsgId: 'k1', caller } },
      {
        subject: CHAT_SUBJECTS.sendDirect,
        payload: { recipientId: '0190a5c4-0000-7000-8000-000000000003', message: 'yo', clientMsgId: 'k2', caller },
      },
    ]);
  });

  it('answers an invalid payload with VALIDATION_FAILED and its fields, without calling chat', async () => {
    const { service, calls } = serviceAnswering(async () => ({}));
    const both = await service.send(caller, { conversationId: 'c1', recipientId: '0190a5c4-0000-7000-8000-000000000003', content: 'x', clientMsgId: 'k' });
    expect(both).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED, details: { errors: [{ field: 'conversationId' }] } } });
    const extra = await service.typing(caller, { conversationId: 'c1', isTyping: true, userId: 'someone-else' });
    expect(extra).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED, details: { errors: [{ field: 'userId' }] } } });
    expect(await service.sync(caller, undefined)).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } });
    expect(await service.read(caller, { conversationId: 'c1', seq: '3' })).toMatchObject({ ok: false, error: { code: ErrorCode.VALIDATION_FAILED } });
    expect(calls).toEqual([]);
  });

  it('turns the sync map into positions and service errors into error acks (internals hidden)', async () => {
    const { service, calls } = serviceAnswering(async (subject) => {
      if (subject === CHAT_SUBJECTS.sync) return { events: [], more: false };
      if (subject === CHAT_SUBJECTS.markRead) throw new DomainError(ErrorCode.NOT_A_MEMBER, 'not yours');
      throw new Error('database exploded at /secret/path');
    });
    expect(await service.sync(caller, { conversations: { a: 3, b: 0 } })).toEqual({ ok: true, data: { events: [], more: false } });
    expect(calls[0]?.payload).toEqual({ conversations: [{ conversationId: 'a', after: 3 }, { conversationId: 'b', after: 0 }], caller });
    expect(await service.read(caller, { conversationId: 'c', seq: 1 })).toEqual({ ok: false, error: { code: ErrorCode.NOT_A_MEMBER, message: 'not yours' } });
    expect(await service.delete(caller, { messageId: 'm' })).toEqual({ ok: false, error: { code: ErrorCode.INTERNAL, message: 'Internal error' } });
  });
});

describe('RealtimeService.screen', () => {
  it('lets client events through and answers any other event with a NOT_FOUND ack (once), never silence', () => {
    const { service } = serviceAnswering(async () => ({}));
    const passed: string[] = [];
    const acks: unknown[] = [];
    const ack = (answer: unknown) => acks.push(answer);
    service.screen(caller, [CLIENT_EVENTS.typing, {}, ack], () => passed.push('typing'));
    service.screen(caller, ['mesage:send', { content: 'x' }, ack], () => passed.push('typo'));
    service.screen(caller, ['no-callback', 1], () => passed.push('no-callback'));
    expect(passed).toEqual(['typing']);
    expect(acks).toEqual([{ ok: false, error: { code: ErrorCode.NOT_FOUND, message: 'Unknown event' } }]);
  });
});
