// The building blocks of the typed service maps (auth/users/chat *.subjects.ts). A subject is declared once,
// with its command class and its reply (or broadcast payload); everything else is derived from that value:
// the subject constants, the compile-time map that types RpcClient/NatsBus/@RpcHandler, and the run-time
// list a document generator (AsyncAPI) can walk.

/** A payload class: its decorators are the validation rules (and the OpenAPI/AsyncAPI schema). */
export type PayloadClass<T> = new () => T;

/**
 * A reply or broadcast payload that is a plain TypeScript shape (an interface, a union, void). Only its
 * name exists at run time; the type rides along in the phantom `type` field and is never set.
 */
export interface Shape<T> {
  readonly shape: string;
  readonly type?: T;
}

/** Names a payload shape that has no class (`shape<SessionValidity>('SessionValidity')`). */
export function shape<T>(name: string): Shape<T> {
  return { shape: name };
}

/** The reply of a subject that answers with nothing but success. */
export const NO_REPLY: Shape<void> = shape<void>('void');

export type PayloadSpec<T> = PayloadClass<T> | Shape<T>;

/** The type a PayloadSpec stands for: a class's instance type, or a shape's phantom type. */
export type SpecType<S> = S extends PayloadClass<infer T> ? T : S extends Shape<infer T> ? T : never;

/** True when A and B are assignable both ways: a class with a field more or a field less is not the same. */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The class of a spec, or undefined for a shape (which has no class, only a name). */
export function classOf(spec: PayloadSpec<unknown>): PayloadClass<unknown> | undefined {
  return typeof spec === 'function' ? spec : undefined;
}

/** One request/reply subject: the command its handler validates and the reply its caller gets. */
export interface RpcContract<S extends string = string, C extends object = object, R = unknown> {
  readonly kind: 'rpc';
  readonly subject: S;
  readonly command: PayloadClass<C>;
  readonly result: PayloadSpec<R>;
}

/** One core-NATS broadcast subject (fan-out, no reply) and its payload. */
export interface BroadcastContract<S extends string = string, P = unknown> {
  readonly kind: 'broadcast';
  readonly subject: S;
  readonly payload: PayloadSpec<P>;
  /**
   * Addressed to one user: `subject` is a prefix and each message goes to `<subject>.<userId>`, so a gateway
   * replica subscribes only for the users whose sockets it holds (NatsBus.publishToUsers / subscribeUsers).
   */
  readonly perUser?: true;
}

/** One durable JetStream event subject (written through an outbox, consumed by durable consumers) and its payload. */
export interface EventContract<S extends string = string, P = unknown> {
  readonly kind: 'event';
  readonly subject: S;
  readonly payload: PayloadSpec<P>;
}

export function rpc<S extends string, C extends object, R>(subject: S, command: PayloadClass<C>, result: PayloadSpec<R>): RpcContract<S, C, R> {
  return { kind: 'rpc', subject, command, result };
}

export function broadcast<S extends string, P>(subject: S, payload: PayloadSpec<P>): BroadcastContract<S, P> {
  return { kind: 'broadcast', subject, payload };
}

/**
 * A broadcast routed by recipient: `<subject>.<userId>` (docs/adr/0012). The subject is always three tokens ending
 * in `user` (`chat.deliver.user`), so that one wildcard subscription per user, `<ns>.*.*.user.<userId>`, hears
 * every per-user subject of that user (NatsBus.subscribeUser).
 */
export function userBroadcast<S extends `${string}.${string}.user`, P>(subject: S, payload: PayloadSpec<P>): BroadcastContract<S, P> {
  if (!/^[a-z-]+\.[a-z-]+\.user$/.test(subject)) throw new Error(`a per-user subject is <a>.<b>.user: ${subject}`);
  return { kind: 'broadcast', subject, payload, perUser: true };
}

export function durableEvent<S extends string, P>(subject: S, payload: PayloadSpec<P>): EventContract<S, P> {
  return { kind: 'event', subject, payload };
}

type Contracts = Readonly<Record<string, { readonly subject: string }>>;

/** `{ name: contract }` → `{ name: subject }`, keeping each subject's literal type. */
export type SubjectsOf<T extends Contracts> = { readonly [K in keyof T]: T[K]['subject'] };

export function subjectsOf<T extends Contracts>(contracts: T): SubjectsOf<T> {
  // Object.fromEntries loses the per-key literal types that SubjectsOf restores.
  return Object.freeze(Object.fromEntries(Object.entries(contracts).map(([name, c]) => [name, c.subject]))) as SubjectsOf<T>;
}

/** `{ name: contract }` → `{ subject: contract }`: the shape RpcMap and BroadcastMap are built from. */
export type BySubject<T extends Contracts> = { [K in keyof T as T[K]['subject']]: T[K] };
