import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '#common';
import type { ChatDelivery, PublicUser } from '#contracts';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import type { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { recordedDeliveries } from '../testing/chat-deliveries.fixture.js';
import type { UsersDirectory } from '../directory/users-directory.js';
import { chatRepositoryFactories, messageViews, type ChatRepos } from '../testing/chat-repositories.fixture.js';
import { RoomsService } from './rooms.service.js';
import { noAttachments } from '../testing/attachments.fixture.js';
import { announcementFeedFor, noRoomSanctions } from '../testing/moderation-repositories.fixture.js';

describe('RoomsService (sqlite)', () => {
  let close: () => Promise<void>;
  let repos: ChatRepos;
  let rooms: RoomsService;
  let deliveries: ChatDeliveries;
  let published: ChatDelivery[];
  /** Runs once inside the next profiles request (what happens meanwhile elsewhere). */
  let duringProfiles: (() => void) | undefined;

  beforeEach(async () => {
    ({ repos, close } = await chatRepositoryFactories.sqlite());
    const profile = (id: string) => ({ id, username: `u${id.slice(-6)}` }) as PublicUser;
    const profiles = async (ids: Iterable<string>) => {
      const hook = duringProfiles;
      duringProfiles = undefined;
      hook?.();
      return new Map([...ids].map((id) => [id, profile(id)]));
    };
    // Nobody here is disabled: every known profile is reachable.
    const users = { profiles, reachable: profiles, isBlocked: async () => false } as unknown as UsersDirectory;
    ({ deliveries, published } = recordedDeliveries());
    const access = new ConversationAccess(repos.conversations, users, announcementFeedFor(repos));
    const views = new ConversationsService(repos.conversations, repos.messages, access, users, deliveries, repos.mentions, messageViews(repos), repos.calls, announcementFeedFor(repos), noAttachments);
    rooms = new RoomsService(repos.conversations, access, views, users, deliveries, noRoomSanctions());
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

  it('tells a joining member about the room before any message posted after the join', async () => {
    const [owner, joiner] = [newId(), newId()];
    const room = await rooms.create({ caller: caller(owner), name: 'ordered' });
    await deliveries.drained();
    published.length = 0;
    // While the join's announcement is being built, another member's message is stored and pushed.
    const message: ChatDelivery = { userIds: [owner, joiner], event: 'message:deleted', data: { id: 'm1', conversationId: room.id, seq: 1 } };
    duringProfiles = () => deliveries.enqueue(room.id, async () => [message]);

    await rooms.join({ caller: caller(joiner), roomId: room.id });
    await deliveries.drained();

    expect(published.map((d) => [d.event, d.userIds])).toEqual([
      ['conversation:new', [joiner]],
      ['message:deleted', [owner, joiner]],
    ]);
  });
});
