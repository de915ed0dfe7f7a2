import { describe, expect, it } from '@jest/globals';
import { ValidationPipe } from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Min,
  validate,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  CallCommand,
  CallIdPayload,
  CallSignalCommand,
  CallSignalPayload,
  CallStartPayload,
  CLIENT_EVENT_SPECS,
  DeleteMessageCommand,
  DeleteMessagePayload,
  EditMessageCommand,
  EditMessagePayload,
  MarkReadCommand,
  PostMessageCommand,
  ReactCommand,
  ReactionPayload,
  ReadPayload,
  RPC_CONTRACTS,
  SendDirectCommand,
  SendMessagePayload,
  StartCallCommand,
  SyncCommand,
  SyncPayload,
  TypingCommand,
  TypingPayload,
} from '#contracts';
import { isCompiledStrictly, parseStrictly } from './compiled-validation.js';
import { DomainError } from './domain.error.js';
import { STRICT_VALIDATION, strictValidationPipe } from './validation.js';

type Cls = new () => object;

const UUID = '0190a5d2-7b3c-7def-8abc-0123456789ab';
const UUID2 = '0190a5d2-7b3c-4def-9abc-0123456789ac';
const caller = { userId: UUID, sessionId: UUID2 };
const description = { type: 'offer', sdp: 'v=0' };
const candidate = { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: null, sdpMLineIndex: 0 };

// Classes that use what the contracts do not (yet): each mechanism of the two libraries must be reproduced or refused.
class Leaf {
  @IsInt() @Min(0) n: number;
}
class NoRules {
  name?: string;
}
class Mechanisms {
  @IsOptional() @ValidateNested() untyped?: object;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Leaf) leaves?: Leaf[][];
  @IsOptional() @Type(() => Number) @IsInt() count?: number;
  @IsOptional() @Type(() => String) @IsString() label?: string;
  @IsDefined() @IsString({ each: true }) @ArrayMaxSize(2, { validateIf: (o: Mechanisms) => o.count !== 7 }) tags: string[];
  @Allow() free?: unknown;
  @IsOptional() @ValidateNested() @Type(() => NoRules) empty?: NoRules;
  get computed(): number {
    return 1;
  }
}
class Transformed {
  @Transform(({ value }) => String(value).trim()) @IsString() text: string;
}
class Async {
  @ValidateBy({ name: 'later', async: true, validator: { validate: async () => true } }) value: string;
}
class Undeclared {
  @IsString() known: string;
  unknownField = 'set by the constructor';
}

/** Valid payloads of the classes on the hot path: socket events and the chat subjects they call. */
const HOT: readonly [Cls, readonly Record<string, unknown>[]][] = [
  [
    SendMessagePayload,
    [
      { conversationId: 'c1', content: 'hi', clientMsgId: 'm1' },
      { recipientId: UUID, content: ' hello 😀 ', clientMsgId: 'm:2' },
      { conversationId: 'c1', content: '', clientMsgId: 'm-3', attachmentIds: ['a1', 'a2'], replyToId: 'r1', threadId: 't1' },
    ],
  ],
  [EditMessagePayload, [{ messageId: 'm', content: 'edited' }]],
  [DeleteMessagePayload, [{ messageId: 'm' }]],
  [ReactionPayload, [{ messageId: 'm', emoji: '👍' }, { messageId: 'm', emoji: ':thumbs_up:' }]],
  [TypingPayload, [{ conversationId: 'c', isTyping: true }]],
  [ReadPayload, [{ conversationId: 'c', seq: 3 }]],
  [SyncPayload, [{ conversations: { c1: 0, c2: 5 } }, { conversations: {} }]],
  [CallStartPayload, [{ conversationId: 'c', media: 'audio' }]],
  [CallIdPayload, [{ callId: 'k' }]],
  [CallSignalPayload, [{ callId: 'k', toUserId: UUID, description }, { callId: 'k', toUserId: UUID, candidate }]],
  [PostMessageCommand, [{ conversationId: 'c1', message: 'hi', clientMsgId: 'm1', caller }, { conversationId: 'c1', message: 'hi', caller: { ...caller, role: 'admin' } }]],
  [SendDirectCommand, [{ recipientId: UUID, message: '', clientMsgId: 'm1', attachmentIds: ['a'], caller }]],
  [EditMessageCommand, [{ messageId: 'm', message: 'x', caller }]],
  [DeleteMessageCommand, [{ messageId: 'm', caller }]],
  [ReactCommand, [{ messageId: 'm', emoji: '🇫🇷', caller }]],
  [TypingCommand, [{ conversationId: 'c', isTyping: false, caller }]],
  [MarkReadCommand, [{ conversationId: 'c', seq: 0, caller }]],
  [SyncCommand, [{ conversations: [{ conversationId: 'c', after: 0 }], caller, limit: 10 }, { conversations: [], caller }]],
  [StartCallCommand, [{ conversationId: 'c', media: 'video', caller, socketId: 's1' }]],
  [CallCommand, [{ callId: 'k', caller, socketId: 's1' }]],
  [CallSignalCommand, [{ callId: 'k', toUserId: UUID, candidate, caller }]],
];

/** Seeds of the mechanism classes (the first is valid). */
const MECHANISMS: readonly [Cls, readonly Record<string, unknown>[]][] = [
  [
    Mechanisms,
    [
      { tags: ['a', 'b'], leaves: [[{ n: 1 }], []], count: '5', label: 3, free: { any: [1] } },
      { tags: ['a', 'b', 'c'], count: 7 },
      { tags: [], untyped: { n: 1 } },
      { tags: [], empty: {} },
    ],
  ],
  [Transformed, [{ text: ' x ' }]],
  [Async, [{ value: 'x' }]],
  [Undeclared, [{ known: 'x' }]],
  [NoRules, [{}]],
];

const many = (count: number, item: (index: number) => unknown) => Array.from({ length: count }, (_, index) => item(index));

/** Values that break (or just pass) the rules in use: types, lengths, ids, emoji, nesting. */
const VALUES: readonly unknown[] = [
  undefined, null, 0, -1, 1.5, 2 ** 53, Number.NaN, true, false,
  '', ' ', ' \n ', 'x', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(4000), 'x'.repeat(4001),
  ' '.repeat(10), '😀', '👍🏽', '👍👍', ':smile:', ':Smile:', '\uFE0F', 'a\uFE0F'.repeat(100), 'm:1', 'm 1',
  UUID, UUID.toUpperCase(), `urn:uuid:${UUID}`, 'not-a-uuid', '5', 'true', 'audio', 'offer', 'user', 'admin', 'root',
  [], ['a'], ['a', 'a'], [1], many(11, (i) => `a${i}`), [null], [[]], [{}],
  {}, { a: 1 }, { c: -1 }, { c: 1.5 }, { ['x'.repeat(129)]: 1 }, { c: '1' },
  { conversationId: 'c', after: 1 }, [{ conversationId: 'c', after: 1 }], [{ conversationId: 'c', after: -1 }], [{ conversationId: 'c' }], [{ conversationId: 'c', after: 1, x: 1 }],
  many(1001, () => ({ conversationId: 'c', after: 1 })),
  { ...caller }, { ...caller, role: 'admin' }, { ...caller, role: 'root' }, { userId: UUID }, { ...caller, extra: 1 }, { userId: 'u', sessionId: UUID2 },
  { type: 'offer' }, { type: 'bad' }, { candidate: 'c' }, { candidate: 1 }, { ...candidate, sdpMLineIndex: 1001 },
  Buffer.from('x'), new Date(0), Object.assign(Object.create(null) as object, { a: 1 }),
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Missing fields, wrong types, too long, extra properties, bad ids, nested and odd shapes, built from a seed. */
function variants(cls: Cls, seed: Record<string, unknown>): unknown[] {
  const keys = [...new Set([...Object.keys(new cls()), ...Object.keys(seed)])];
  const out: unknown[] = [seed];
  for (const key of keys) {
    const rest = { ...seed };
    delete rest[key];
    out.push(rest);
    for (const value of VALUES) out.push({ ...seed, [key]: value });
    const nested = seed[key];
    if (isPlainObject(nested)) {
      for (const inner of [...Object.keys(nested), 'extra']) {
        const without = { ...nested };
        delete without[inner];
        out.push({ ...seed, [key]: without });
        for (const value of VALUES) out.push({ ...seed, [key]: { ...nested, [inner]: value } });
      }
    }
    if (Array.isArray(nested) && nested.length > 0) {
      const items = nested as unknown[];
      out.push({ ...seed, [key]: [...items, ...items] });
      // eslint-disable-next-line no-sparse-arrays
      out.push({ ...seed, [key]: [, ...items] });
      for (const value of VALUES) out.push({ ...seed, [key]: [...items, value] });
    }
  }
  out.push(
    { ...seed, extra: 1 },
    { ...seed, toString: 'x' },
    { ...seed, valueOf: 1 },
    { ...seed, constructor: 'x' },
    { ...seed, prototype: {} },
    Object.defineProperty({ ...seed }, '__proto__', { value: { x: 1 }, enumerable: true, writable: true, configurable: true }),
    Object.assign(Object.create(null) as object, seed),
    { ...seed, nested: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown },
    null, undefined, 'x', 5, [], [seed],
  );
  return out;
}

/** A deep copy that keeps what structuredClone would lose: own `__proto__` keys, null prototypes, array gaps. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (const key of Object.keys(value)) copy[Number(key)] = clone(value[Number(key)]);
    return copy;
  }
  if (typeof value !== 'object' || value === null) return value;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy = Object.create(prototype) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, { value: clone((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (error) {
    return { failed: error instanceof DomainError ? { ...error.toPayload(), type: 'DomainError' } : String(error) };
  }
}

const libraryPipe = new ValidationPipe(STRICT_VALIDATION);
const compiledPipe = strictValidationPipe();

/** Every class validated on a hop: the socket payloads and every NATS command. */
const ALL_CLASSES: readonly Cls[] = [
  ...new Set<Cls>([...HOT.map(([cls]) => cls), ...MECHANISMS.map(([cls]) => cls), ...Object.values(CLIENT_EVENT_SPECS).map((spec) => spec.payload as Cls), ...RPC_CONTRACTS.map((contract) => contract.command as Cls)]),
];

describe('compiled strict validation', () => {
  it('compiles every class on the hot path and takes the fast path for their valid payloads', () => {
    for (const [cls, seeds] of HOT) {
      expect([cls.name, isCompiledStrictly(cls)]).toEqual([cls.name, true]);
      for (const seed of seeds) expect([cls.name, parseStrictly(cls, clone(seed))]).toEqual([cls.name, expect.any(cls)]);
    }
  });

  it('takes the fast path for what it reproduces and refuses the rest', () => {
    expect(parseStrictly(Mechanisms, clone(MECHANISMS[0][1][0]))).toEqual(expect.any(Mechanisms));
    expect(parseStrictly(Mechanisms, { tags: ['a', 'b', 'c'], count: 7 })).toEqual(expect.any(Mechanisms));
    expect(isCompiledStrictly(Transformed)).toBe(false);
    // A rule that answers with a promise is left to class-validator, which awaits it.
    expect(parseStrictly(Async, { value: 'x' })).toBeUndefined();
  });

  it('agrees with class-transformer + class-validator: accepted payloads are the same instance, others are left to them', async () => {
    let accepted = 0;
    let checked = 0;
    for (const cls of ALL_CLASSES) {
      const seeds = [...HOT, ...MECHANISMS].find(([known]) => known === cls)?.[1] ?? [{}, { caller }];
      for (const seed of seeds) {
        for (const payload of variants(cls, seed)) {
          const fast = parseStrictly(cls, clone(payload));
          checked++;
          if (fast === undefined) continue;
          accepted++;
          const instance = plainToInstance(cls, clone(payload));
          expect([cls.name, payload, await validate(instance, STRICT_VALIDATION)]).toEqual([cls.name, payload, []]);
          expect(fast).toStrictEqual(instance);
        }
      }
    }
    // The generated set reaches both sides of the fast path.
    expect(accepted).toBeGreaterThan(200);
    expect(checked - accepted).toBeGreaterThan(10_000);
  });

  it('gives the same pipe outcome (instance, or the same error) as Nest ValidationPipe with STRICT_VALIDATION', async () => {
    let compared = 0;
    for (const cls of ALL_CLASSES) {
      const seeds = [...HOT, ...MECHANISMS].find(([known]) => known === cls)?.[1] ?? [{}, { caller }];
      for (const seed of seeds) {
        for (const [index, payload] of variants(cls, seed).entries()) {
          // A payload the fast path leaves goes to Nest's own transform() unchanged: a sample of those is enough.
          if (parseStrictly(cls, clone(payload)) === undefined && index % 25 !== 0) continue;
          compared++;
          const metadata = { type: 'body' as const, metatype: cls, data: undefined };
          const expected = await outcome(() => libraryPipe.transform(clone(payload), metadata));
          const actual = await outcome(() => compiledPipe.transform(clone(payload), metadata));
          expect([cls.name, payload, actual]).toStrictEqual([cls.name, payload, expected]);
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
