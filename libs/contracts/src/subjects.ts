import { AUTH_BROADCAST_CONTRACTS, AUTH_EVENT_CONTRACTS, AUTH_RPC } from './auth/auth.subjects.js';
import { CHAT_EVENT_CONTRACTS } from './chat/chat.events.js';
import { CHAT_BROADCAST_CONTRACTS, CHAT_RPC } from './chat/chat.subjects.js';
import type { BroadcastContract, BySubject, EventContract, RpcContract } from './contract.js';
import { MEDIA_RPC } from './media/media.subjects.js';
import { NOTIFICATIONS_RPC } from './notifications/notifications.subjects.js';
import { USERS_BROADCAST_CONTRACTS, USERS_EVENT_CONTRACTS, USERS_RPC } from './users/users.subjects.js';

// The typed maps of the whole system, derived from the per-service maps (auth/users/chat *.subjects.ts).
// Nothing here restates a subject: add one in its service's map and every type below follows.

/** Every request/reply subject → its contract. Types RpcClient.request and @RpcHandler. */
export type RpcMap = BySubject<typeof AUTH_RPC> &
  BySubject<typeof USERS_RPC> &
  BySubject<typeof CHAT_RPC> &
  BySubject<typeof NOTIFICATIONS_RPC> &
  BySubject<typeof MEDIA_RPC>;
/** Any request/reply subject of any service. */
export type Subject = keyof RpcMap;
/** The command class instance a subject's handler receives. */
export type CommandOf<S extends Subject> = RpcMap[S] extends RpcContract<S, infer C, unknown> ? C : never;
/** What a subject's caller gets back. */
export type ResultOf<S extends Subject> = RpcMap[S] extends RpcContract<S, object, infer R> ? R : never;

/** Every core-NATS broadcast subject → its contract. Types NatsBus.publish and NatsBus.subscribe. */
export type BroadcastMap = BySubject<typeof AUTH_BROADCAST_CONTRACTS> & BySubject<typeof USERS_BROADCAST_CONTRACTS> & BySubject<typeof CHAT_BROADCAST_CONTRACTS>;
export type BroadcastSubject = keyof BroadcastMap;
export type BroadcastOf<S extends BroadcastSubject> = BroadcastMap[S] extends BroadcastContract<S, infer P> ? P : never;

/** Every durable (JetStream) event subject → its contract. */
export type EventMap = BySubject<typeof AUTH_EVENT_CONTRACTS> & BySubject<typeof USERS_EVENT_CONTRACTS> & BySubject<typeof CHAT_EVENT_CONTRACTS>;
export type EventSubject = keyof EventMap;
export type EventOf<S extends EventSubject> = EventMap[S] extends EventContract<S, infer P> ? P : never;

/** Every contract at run time, for generators (AsyncAPI) and start-up checks. */
export const RPC_CONTRACTS: readonly RpcContract[] = [
  ...Object.values(AUTH_RPC),
  ...Object.values(USERS_RPC),
  ...Object.values(CHAT_RPC),
  ...Object.values(NOTIFICATIONS_RPC),
  ...Object.values(MEDIA_RPC),
];
export const BROADCAST_CONTRACTS: readonly BroadcastContract[] = [
  ...Object.values(AUTH_BROADCAST_CONTRACTS),
  ...Object.values(USERS_BROADCAST_CONTRACTS),
  ...Object.values(CHAT_BROADCAST_CONTRACTS),
];
export const EVENT_CONTRACTS: readonly EventContract[] = [
  ...Object.values(AUTH_EVENT_CONTRACTS),
  ...Object.values(USERS_EVENT_CONTRACTS),
  ...Object.values(CHAT_EVENT_CONTRACTS),
];

/** The contract of a request/reply subject, or undefined for a string that is none. */
export function rpcContract(subject: string): RpcContract | undefined {
  return RPC_CONTRACTS.find((c) => c.subject === subject);
}
