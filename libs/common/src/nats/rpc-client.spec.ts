import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsContext } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { CHAT_SUBJECTS, type CommandOf, ErrorCode } from '#contracts';
import { requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';
import { DomainError } from '../errors/domain.error.js';
import { METRICS, OUTCOME_OK } from '../metrics/metrics.js';
import { NamespacedNatsServer } from './namespaced-nats.server.js';
import { RpcClient } from './rpc-client.js';

// Against a real NATS (the e2e one, 127.0.0.1:4222) and Nest's own NATS server: the client speaks Nest's wire format
// without Nest's client, so this checks that the services' handlers still answer it, and each way of not answering.
const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const namespace = `spec-${randomUUID().slice(0, 8)}`;
const TIMEOUT_MS = 400;

type Handler = (data: unknown, ctx: NatsContext) => Promise<unknown> | Observable<unknown>;

describe('RpcClient over Nest’s NATS transport', () => {
  const server = new NamespacedNatsServer(namespace, { servers, queue: 'spec', drainTimeoutMs: 100 });
  const client = new RpcClient({ servers, namespace, timeoutMs: TIMEOUT_MS, name: 'rpc-client-spec' });
  const seen: { data: unknown; requestId: string; scoped: string | undefined }[] = [];
  const handle = (subject: string, handler: Handler) => server.addHandler(subject, handler as (...args: unknown[]) => Promise<unknown>);

  beforeAll(async () => {
    handle(CHAT_SUBJECTS.typing, async (data, ctx) => {
      await new Promise((resolve) => setImmediate(resolve));
      // The server opens the caller's request scope around the handler: its logs carry the caller's request id.
      seen.push({ data, requestId: (ctx.getHeaders() as { get(key: string): string }).get(REQUEST_ID_HEADER), scoped: requestContext.requestId() });
      return {};
    });
    handle(CHAT_SUBJECTS.markRead, async (data) => ({ echoed: data }));
    handle(CHAT_SUBJECTS.leaveRoom, async () => undefined);
    // What RpcErrorFilter sends for a DomainError.
    handle(CHAT_SUBJECTS.joinRoom, async () => throwError(() => DomainError.notFound('Room').toPayload()));
    // Nest would send one packet per value: the first one is the answer, as firstValueFrom took it.
    handle(CHAT_SUBJECTS.getRoom, async () => new Observable((s) => {
        s.next('first');
        const later = setTimeout(() => (s.next('second'), s.complete()), 20);
        return () => clearTimeout(later);
      }));
    handle(CHAT_SUBJECTS.removeMember, () => new Promise((resolve) => setTimeout(() => resolve(undefined), TIMEOUT_MS * 2)));
    await new Promise<void>((resolve, reject) => {
      void server.listen((error?: unknown) => (error ? reject(error instanceof Error ? error : new Error('listen failed')) : resolve()));
    });
    await client.onApplicationBootstrap();
  });

  afterAll(async () => {
    await client.onApplicationShutdown();
    await server.close();
  });

  it('sends the command with the request id and resolves with the reply', async () => {
    const command = { conversationId: 'c1', isTyping: true, caller: { userId: 'u1', sessionId: 's1' } } as unknown as CommandOf<typeof CHAT_SUBJECTS.typing>;
    await expect(requestContext.run({ requestId: 'req-1' }, () => client.request(CHAT_SUBJECTS.typing, command))).resolves.toEqual({});
    expect(seen.at(-1)).toEqual({ data: command, requestId: 'req-1', scoped: 'req-1' });
    const read = { conversationId: 'c1', seq: 3 } as unknown as CommandOf<typeof CHAT_SUBJECTS.markRead>;
    await expect(client.request(CHAT_SUBJECTS.markRead, read)).resolves.toEqual({ echoed: read });
  });

  it('answers many requests at once, each with its own reply', async () => {
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, seq) => client.request(CHAT_SUBJECTS.markRead, { conversationId: 'c', seq } as unknown as CommandOf<typeof CHAT_SUBJECTS.markRead>)),
    );
    expect(replies.map((r) => (r as unknown as { echoed: { seq: number } }).echoed.seq)).toEqual(Array.from({ length: 200 }, (_, seq) => seq));
  });

  it('resolves a void reply with undefined', async () => {
    await expect(client.request(CHAT_SUBJECTS.leaveRoom, {} as CommandOf<typeof CHAT_SUBJECTS.leaveRoom>)).resolves.toBeUndefined();
  });

  it('turns the remote error payload into that DomainError', async () => {
    const error = await client.request(CHAT_SUBJECTS.joinRoom, {} as CommandOf<typeof CHAT_SUBJECTS.joinRoom>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).toPayload()).toEqual({ code: ErrorCode.NOT_FOUND, message: 'Room not found' });
  });

  it('times every answered request per subject with its outcome (nats_handler_duration_seconds)', async () => {
    const count = async (subject: string, outcome: string) =>
      (await METRICS.natsHandled.get()).values.find((v) => v.metricName?.endsWith('_count') && v.labels.subject === subject && v.labels.outcome === outcome)?.value ?? 0;
    const [ok, notFound] = [await count(CHAT_SUBJECTS.markRead, OUTCOME_OK), await count(CHAT_SUBJECTS.joinRoom, ErrorCode.NOT_FOUND)];
    await client.request(CHAT_SUBJECTS.markRead, { conversationId: 'c', seq: 1 } as unknown as CommandOf<typeof CHAT_SUBJECTS.markRead>);
    await client.request(CHAT_SUBJECTS.joinRoom, {} as CommandOf<typeof CHAT_SUBJECTS.joinRoom>).catch(() => undefined);
    expect(await count(CHAT_SUBJECTS.markRead, OUTCOME_OK)).toBe(ok + 1);
    expect(await count(CHAT_SUBJECTS.joinRoom, ErrorCode.NOT_FOUND)).toBe(notFound + 1);
  });

  it('takes the first packet of a streamed answer', async () => {
    await expect(client.request(CHAT_SUBJECTS.getRoom, {} as CommandOf<typeof CHAT_SUBJECTS.getRoom>)).resolves.toBe('first');
  });

  it('answers SERVICE_UNAVAILABLE at once when nobody serves the subject', async () => {
    const started = Date.now();
    const error = await client.request(CHAT_SUBJECTS.search, {} as CommandOf<typeof CHAT_SUBJECTS.search>).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
  });

  it('answers SERVICE_UNAVAILABLE at the deadline, ignores the late reply, and keeps working', async () => {
    const started = Date.now();
    const error = await client.request(CHAT_SUBJECTS.removeMember, {} as CommandOf<typeof CHAT_SUBJECTS.removeMember>).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 2));
    await expect(client.request(CHAT_SUBJECTS.leaveRoom, {} as CommandOf<typeof CHAT_SUBJECTS.leaveRoom>)).resolves.toBeUndefined();
  });
});

describe('RpcClient after shutdown', () => {
  it('answers SERVICE_UNAVAILABLE and has no connection', async () => {
    const client = new RpcClient({ servers, namespace, timeoutMs: TIMEOUT_MS, name: 'rpc-client-spec' });
    await client.onApplicationBootstrap();
    await client.onApplicationShutdown();
    const error = await client.request(CHAT_SUBJECTS.leaveRoom, {} as CommandOf<typeof CHAT_SUBJECTS.leaveRoom>).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(() => client.connection()).toThrow();
  });
});
