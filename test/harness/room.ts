import { expect } from '@jest/globals';
import type { Conversation, Message, RoomDetail } from '#contracts';
import { type HttpResponse, startSystem, type System } from './system.js';
import { registerUser, type TestUser } from './users.js';

/** A running system with one room: `users[0]` created it with all the others as members. */
export interface RoomSetup {
  system: System;
  users: TestUser[];
  room: RoomDetail;
  /** A request as `user` (with a JSON body when given). */
  as<T = Record<string, unknown>>(user: TestUser, method: string, path: string, body?: unknown): Promise<HttpResponse<T>>;
  /** Posts to the room as `user` (extra: replyToId, threadId…) and expects it stored (201). */
  post(user: TestUser, message: string, extra?: Record<string, unknown>): Promise<Message>;
  /** The room's conversation as `user` sees it (unreadCount, unreadMentionCount, notificationLevel…). */
  conversation(user: TestUser): Promise<Conversation>;
}

/** Starts a system, registers `count` users and has the first create the room `name` with the rest. */
export async function startRoomSystem(name: string, count: number): Promise<RoomSetup> {
  const system = await startSystem();
  const users = await Promise.all(Array.from({ length: count }, () => registerUser(system)));
  const as = <T = Record<string, unknown>>(user: TestUser, method: string, path: string, body?: unknown) =>
    system.request<T>(method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });
  const created = await as<RoomDetail>(users[0], 'POST', '/api/chat/rooms', { name, memberIds: users.slice(1).map((u) => u.user.id) });
  if (created.status !== 201) throw new Error(`room not created: ${created.status} ${JSON.stringify(created.body)}`);
  const room = created.body;
  return {
    system,
    users,
    room,
    as,
    post: async (user, message, extra = {}) => {
      const sent = await as<Message>(user, 'POST', `/api/chat/rooms/${room.id}/messages`, { message, ...extra });
      expect(sent.status).toBe(201);
      return sent.body;
    },
    conversation: async (user) => (await as<Conversation>(user, 'GET', `/api/chat/conversations/${room.id}`)).body,
  };
}
