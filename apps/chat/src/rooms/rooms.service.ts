import { Injectable } from '@nestjs/common';
import {
  type AddMemberCommand,
  type CreateRoomCommand,
  ErrorCode,
  type ListRoomsCommand,
  type RemoveMemberCommand,
  type RoomCommand,
  type RoomDetail,
  type RoomPage,
} from '#contracts';
import { DomainError, newId, pageLimit, paged } from '#common';
import { ConversationAccess, notAMember } from '../conversations/conversation-access.js';
import type { ConversationRecord, MemberRecord, NewMember } from '../conversations/conversation.entity.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { roomDetailFromRecord, roomFromRecord } from '../conversations/chat-replies.mapper.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { UsersDirectory } from '../directory/users-directory.js';
import { AnnouncementFeed } from '../announcements/announcement-feed.js';
import { RoomSanctions } from '../moderation/room-sanctions.js';
import { canAddMembers, canChangeRoles, canRemoveMember, heirOf, roleOnJoin, successorOf } from './room-rules.js';

const forbidden = (message: string) => new DomainError(ErrorCode.FORBIDDEN, message);

/** Rooms are group conversations: directory, membership and roles. */
@Injectable()
export class RoomsService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly access: ConversationAccess,
    private readonly conversationViews: ConversationsService,
    private readonly users: UsersDirectory,
    private readonly deliveries: ChatDeliveries,
    private readonly sanctions: RoomSanctions,
  ) {}

  async list(cmd: ListRoomsCommand): Promise<RoomPage> {
    const limit = pageLimit(cmd.limit);
    const search = cmd.search?.trim().toLowerCase();
    const rows = await this.conversations.listRooms({
      scope: cmd.scope ?? 'public',
      userId: cmd.caller.userId,
      search: search ? search : null,
      beforeId: cmd.cursor ?? null,
      limit: limit + 1,
    });
    const page = paged(rows, limit, (r) => r.conversation.id);
    return { items: page.items.map((r) => roomFromRecord(r.conversation, r.memberCount)), nextCursor: page.nextCursor };
  }

  /** The creator is owner; the initial members are members. */
  async create(cmd: CreateRoomCommand): Promise<RoomDetail> {
    const ownerId = cmd.caller.userId;
    const memberIds = [...new Set(cmd.memberIds ?? [])].filter((id) => id !== ownerId);
    await this.assertUsersExist(memberIds, 'memberIds');
    await this.assertNotBlocked(ownerId, memberIds);
    const now = new Date();
    const room: ConversationRecord = {
      id: newId(),
      type: 'group',
      pairKey: null,
      name: cmd.name.trim(),
      description: cmd.description ?? '',
      visibility: cmd.visibility ?? 'public',
      createdBy: ownerId,
      createdAt: now,
      lastSeq: 0,
      activityAt: now,
    };
    const member = (userId: string, role: MemberRecord['role']): NewMember => ({ conversationId: room.id, userId, role, joinedAt: now, lastReadSeq: 0 });
    await this.conversations.createRoom(room, [member(ownerId, 'owner'), ...memberIds.map((id) => member(id, 'member'))]);
    this.announce(room.id);
    return this.detail(room);
  }

  async get(cmd: RoomCommand): Promise<RoomDetail> {
    const { conversation } = await this.access.room(cmd.roomId, cmd.caller.userId);
    return this.detail(conversation);
  }

  /** Public rooms only (a private room is joined by being added); joining twice is not an error. */
  async join(cmd: RoomCommand): Promise<RoomDetail> {
    const userId = cmd.caller.userId;
    const room = await this.conversations.findById(cmd.roomId);
    if (!room || room.type !== 'group' || AnnouncementFeed.is(room.id)) throw DomainError.notFound('Room');
    const member = await this.conversations.findMember(room.id, userId);
    if (!member) {
      if (room.visibility !== 'public') throw forbidden('This room is private: ask a member to add you');
      await this.sanctions.assertNotBanned(room.id, userId);
      const role = roleOnJoin(await this.conversations.countMembers(room.id));
      if (await this.conversations.addMember(room.id, userId, role, new Date())) {
        this.announce(room.id, [userId]);
      }
    }
    return this.detail(room);
  }

  async leave(cmd: RoomCommand): Promise<void> {
    const { conversation, member } = await this.access.room(cmd.roomId, cmd.caller.userId);
    if (!member) throw notAMember();
    await this.remove(conversation.id, member.userId);
  }

  /** Owner/admin add members; adding a member again only changes their role (owner only). */
  async addMember(cmd: AddMemberCommand): Promise<void> {
    const { conversation, member: actor } = await this.access.room(cmd.roomId, cmd.caller.userId);
    if (!actor) throw notAMember();
    if (!canAddMembers(actor)) throw forbidden('Only the owner or an admin can add members');
    if (cmd.role === 'admin' && !canChangeRoles(actor)) throw forbidden('Only the owner can make admins');
    const existing = await this.conversations.findMember(conversation.id, cmd.userId);
    if (existing) {
      if (cmd.role === undefined || cmd.role === existing.role) return;
      if (!canChangeRoles(actor) || existing.role === 'owner') throw forbidden('Only the owner can change roles, and not their own');
      await this.conversations.setRole(conversation.id, cmd.userId, cmd.role);
      return;
    }
    await this.assertUsersExist([cmd.userId], 'userId');
    await this.sanctions.assertNotBanned(conversation.id, cmd.userId);
    await this.assertNotBlocked(cmd.caller.userId, [cmd.userId]);
    if (await this.conversations.addMember(conversation.id, cmd.userId, cmd.role ?? 'member', new Date())) {
      this.announce(conversation.id, [cmd.userId]);
    }
  }

  /** Owner/admin remove members (admins only plain members); anyone may remove themself. */
  async removeMember(cmd: RemoveMemberCommand): Promise<void> {
    const { conversation, member: actor } = await this.access.room(cmd.roomId, cmd.caller.userId);
    if (!actor) throw notAMember();
    const target = await this.conversations.findMember(conversation.id, cmd.userId);
    if (!target) throw DomainError.notFound('Member');
    if (!canRemoveMember(actor, target)) throw forbidden('You cannot remove this member');
    await this.remove(conversation.id, target.userId);
  }

  /** When the last owner goes, ownership passes on (see successorOf) in the same write. Also the ban path. */
  async remove(roomId: string, userId: string): Promise<void> {
    const members = await this.conversations.listMembers(roomId);
    await this.conversations.removeMember(roomId, userId, successorOf(members, userId), new Date());
    // The heir chosen above can leave at the same moment (the owner and the only admin both leave): then
    // nobody was promoted. Whichever removal finishes last sees the final members here and fixes it.
    const heir = heirOf(await this.conversations.listMembers(roomId));
    if (heir !== null) await this.conversations.setRole(roomId, heir, 'owner');
  }

  /** `conversation:new` to the new members, through the conversation's delivery queue like every other push. */
  private announce(roomId: string, userIds?: string[]): void {
    this.deliveries.enqueue(roomId, () => this.conversationViews.conversationNew(roomId, userIds));
  }

  private async detail(room: ConversationRecord): Promise<RoomDetail> {
    const members = await this.conversations.listMembers(room.id);
    return roomDetailFromRecord(room, members, await this.users.profiles(members.map((m) => m.userId)));
  }

  /** Putting someone in a room with you is a way to message them: refused when either side blocked the other. */
  private async assertNotBlocked(actorId: string, ids: string[]): Promise<void> {
    const blocked = await Promise.all(ids.map((id) => this.users.isBlocked(actorId, id)));
    if (blocked.some(Boolean)) throw new DomainError(ErrorCode.BLOCKED, 'A user you are adding has blocked you or is blocked by you');
  }

  private async assertUsersExist(ids: string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const known = await this.users.reachable(ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'User not found', { errors: unknown.map(() => ({ field, message: 'unknown user' })), userIds: unknown });
    }
  }
}
