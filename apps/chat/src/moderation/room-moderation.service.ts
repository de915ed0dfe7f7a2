import { Injectable } from '@nestjs/common';
import { type BanMemberCommand, ErrorCode, type MuteMemberCommand, type RoomMute, SERVER_EVENTS } from '#contracts';
import { DomainError } from '#common';
import { ConversationAccess, notAMember } from '../conversations/conversation-access.js';
import type { MemberRecord } from '../conversations/conversation.entity.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { canRemoveMember } from '../rooms/room-rules.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { ChatAudit } from './chat-audit.js';
import { RoomSanctionRepository } from './room-sanction.repository.js';

/**
 * Room moderation by the room's owner/admins (not the global roles): mute a member for a while, or ban them
 * (removed, and refused when they join or are added again). The same hierarchy as removing a member applies:
 * owners act on admins and members, admins on members.
 */
@Injectable()
export class RoomModerationService {
  constructor(
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationRepository,
    private readonly conversationViews: ConversationsService,
    private readonly rooms: RoomsService,
    private readonly sanctions: RoomSanctionRepository,
    private readonly deliveries: ChatDeliveries,
    private readonly audit: ChatAudit,
  ) {}

  async mute(cmd: MuteMemberCommand): Promise<RoomMute> {
    const { roomId, target } = await this.target(cmd.caller.userId, cmd.roomId, cmd.userId);
    const until = new Date(Date.now() + cmd.durationSeconds * 1000);
    await this.sanctions.mute(roomId, target.userId, until, cmd.caller.userId);
    const mute: RoomMute = { roomId, userId: target.userId, until: until.toISOString() };
    this.deliveries.enqueue(roomId, async () => [
      { userIds: await this.conversationViews.memberIds(roomId), event: SERVER_EVENTS.roomMemberMuted, data: mute },
    ]);
    await this.audit.record(cmd.caller.userId, 'room.member.muted', { type: 'user', id: target.userId }, `room ${roomId} until ${mute.until}${cmd.reason ? `: ${cmd.reason}` : ''}`);
    return mute;
  }

  async ban(cmd: BanMemberCommand): Promise<void> {
    const { roomId, target } = await this.target(cmd.caller.userId, cmd.roomId, cmd.userId);
    await this.sanctions.ban(roomId, target.userId, cmd.caller.userId, new Date());
    // Told while still a member (the banned user learns it too), then removed through the usual leave path.
    const members = await this.conversationViews.memberIds(roomId);
    this.deliveries.enqueue(roomId, async () => [{ userIds: members, event: SERVER_EVENTS.roomMemberBanned, data: { roomId, userId: target.userId } }]);
    await this.rooms.remove(roomId, target.userId);
    await this.audit.record(cmd.caller.userId, 'room.member.banned', { type: 'user', id: target.userId }, `room ${roomId}${cmd.reason ? `: ${cmd.reason}` : ''}`);
  }

  private async target(actorId: string, roomId: string, userId: string): Promise<{ roomId: string; target: MemberRecord }> {
    const { conversation, member: actor } = await this.access.room(roomId, actorId);
    if (!actor) throw notAMember();
    const target = await this.conversations.findMember(conversation.id, userId);
    if (!target) throw DomainError.notFound('Member');
    if (target.userId === actorId || !canRemoveMember(actor, target)) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only the owner or an admin can do this, and only to members below them');
    }
    return { roomId: conversation.id, target };
  }
}
