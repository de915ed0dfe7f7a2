import { describe, expect, it } from '@jest/globals';
import type { Msg } from '@nats-io/transport-node';
import type { NatsContext } from '@nestjs/microservices';
import { NamespacedNatsServer } from './namespaced-nats.server.js';

/** A received request as nats.js hands it over: only what the reply path touches. */
function request(): { msg: Msg; replies: unknown[] } {
  const replies: unknown[] = [];
  const msg = { reply: '_INBOX.x', respond: (data: unknown) => (replies.push(data), true) } as unknown as Msg;
  return { msg, replies };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

describe('NamespacedNatsServer drain', () => {
  const server = () => new NamespacedNatsServer('ns', { queue: 'chat', drainTimeoutMs: 2000, servers: ['nats://127.0.0.1:1'] });

  it('close() waits until every request in flight has published its final reply', async () => {
    const nats = server();
    const { msg, replies } = request();
    const publish = nats.getPublisher(msg, 'id-1', {} as NatsContext);
    const closing = nats.close();
    expect(await settled(closing)).toBe(false);
    // A partial packet (a stream) does not finish the request; the disposed one does.
    publish({ response: 'part' });
    expect(await settled(closing)).toBe(false);
    publish({ response: 'done', isDisposed: true });
    expect(await settled(closing)).toBe(true);
    expect(replies).toHaveLength(2);
  });

  it('close() gives up after the drain timeout (the caller has stopped waiting by then)', async () => {
    const nats = new NamespacedNatsServer('ns', { queue: 'chat', drainTimeoutMs: 50, servers: ['nats://127.0.0.1:1'] });
    nats.getPublisher(request().msg, 'id-2', {} as NatsContext);
    const started = Date.now();
    await nats.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('events (no reply subject) are not waited for', async () => {
    const nats = server();
    nats.getPublisher({ reply: '' } as unknown as Msg, 'id-3', {} as NatsContext);
    expect(await settled(nats.close())).toBe(true);
  });
});

describe('NamespacedNatsServer routing', () => {
  it('finds a subject’s handler on every message, and none for a subject without one', () => {
    const nats = new NamespacedNatsServer('ns', { queue: 'chat', drainTimeoutMs: 50, servers: ['nats://127.0.0.1:1'] });
    const handler = Object.assign(async () => 'ok', { isEventHandler: false });
    nats.addHandler('chat.messages.post', handler);
    // Twice: the second lookup is answered from the kept route.
    expect(nats.getHandlerByPattern('chat.messages.post')).toBe(handler);
    expect(nats.getHandlerByPattern('chat.messages.post')).toBe(handler);
    expect(nats.getHandlerByPattern('chat.messages.nope')).toBeNull();
    expect(nats.getHandlerByPattern('chat.messages.nope')).toBeNull();
  });
});
