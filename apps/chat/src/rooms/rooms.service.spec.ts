import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '#common';
import type { ChatDelivery, PublicUser } from '#contracts';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import type { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import type { UsersDirectory } from '../directory/users-directory.js';
import { chatRepositoryFactories, type ChatRepos } from '../storage/chat-test-fixtures.js';
import { RoomsService } from './rooms.service.js';

describe('RoomsService (sqlite)', () => {
  let close: () => Promise<void>;
  let repos: ChatRepos;
  let rooms: RoomsService;

  beforeEach(async () => {
    ({ repos, close } = await chatRepositoryFactories.sqlite());
    const profile = (id: string) => ({ id, username: `u${id.slice(-6)}` }) as PublicUser;
    const users = {
      profiles: async (ids: Iterable<string>) => new Map([...ids].map((id) => [id, profile(id)])),
      isBlocked: async () => false,
    } as unknown as UsersDirectory;
    const deliveries = { publish: (_d: ChatDelivery) => undefined } as unknown as ChatDeliveries;
    const access = new ConversationAccess(repos.conversations, users);
    const views = new ConversationsService(repos.conversations, repos.messages, access, users, deliveries);
    rooms = new RoomsService(repos.conversations, access, views, users);
  });

  afterEach(async () => close());

  const caller = (userId: string) => ({ userId, sessionId: newId() });

  it('never leaves a room without an owner when the owner and the heir leave at the same time', async () => {
    for (let round = 0; round < 5; round++) {
      const [owner, admin, plain] = [newId(), newId(), newId()];
      const room = await rooms.create({ caller: caller(owner), name: `race ${round}`, memberIds: [plain] });
      await rooms.addMember({ caller: caller(owner), roomId: room.id, userId: admin, role: 'admin' });

      await Promise.all([rooms.leave({ caller: caller(owner), roomId: room.id }), rooms.leave({ caller: caller(admin), roomId: room.id })]);

      const left = await rooms.get({ caller: caller(plain), roomId: room.id });
      expect(left.members.map((m) => [m.user.id, m.role])).toEqual([[plain, 'owner']]);
    }
  });
});
