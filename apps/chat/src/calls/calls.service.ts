import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type CallCommand,
  type CallEndReason,
  type CallJoined,
  type CallRef,
  type CallSignalCommand,
  type ChatDelivery,
  type EmptyReply,
  ErrorCode,
  SERVER_EVENTS,
  type StartCallCommand,
} from '#contracts';
import { DomainError, newId } from '#common';
import { ChatEnv } from '../chat.env.js';
import { ConversationAccess } from '../conversations/conversation-access.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { ChatDeliveries } from '../deliveries/chat-deliveries.js';
import { audienceOf, declineCall, endCall, isOpen, joinCall, leaveCall, participantIds, stillRinging } from './call-rules.js';
import type { CallRecord } from './call.entity.js';
import { CallRepository } from './call.repository.js';

/** Rounds of read-decide-write a change makes before giving up (each lost round means another change came first). */
const CHANGE_ATTEMPTS = 10;

/**
 * Calls (API.md "Calls"): the state machine is call-rules.ts, the state the CallRepository, and every socket event goes
 * through ChatDeliveries (per-user subjects, so any gateway replica reaches the sockets). Ring timeouts and disconnect
 * grace periods are timers of the process that saw the start or the disconnect; each re-reads the call when it fires,
 * so a change made meanwhile by another replica wins. A ringing call older than the ring timeout is also ended
 * "missed" by the next start in its conversation, in case the process holding its timer died.
 */
@Injectable()
export class CallsService implements OnApplicationShutdown {
  private readonly logger = new Logger(CallsService.name);
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly calls: CallRepository,
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationsService,
    private readonly deliveries: ChatDeliveries,
    @Inject(ChatEnv) private readonly env: ChatEnv,
  ) {}

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Places a call, or joins the conversation's open call: two people calling each other at once share one call. */
  async start(cmd: StartCallCommand): Promise<CallRef> {
    const userId = cmd.caller.userId;
    const { conversation } = await this.access.asMember(cmd.conversationId, userId);
    await this.access.assertCanWrite(conversation, userId);
    const memberIds = await this.conversations.memberIds(conversation.id);
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
      const now = new Date();
      const { call, created } = await this.calls.start({
        id: newId(),
        conversationId: conversation.id,
        initiatorId: userId,
        media: cmd.media,
        state: 'ringing',
        reason: null,
        invitees: memberIds.filter((id) => id !== userId),
        declined: [],
        joined: [userId],
        participants: [{ userId, socketId: cmd.socketId }],
        version: 1,
        createdAt: now,
        answeredAt: null,
        endedAt: null,
        endedSeq: null,
      });
      if (created) {
        await this.placed(call, conversation.type === 'direct');
        return { callId: call.id };
      }
      if (call.state === 'ringing' && now.getTime() - call.createdAt.getTime() > this.env.CALL_RING_SECONDS * 1000) {
        await this.change(call.id, (c) => (c.state === 'ringing' ? endCall(c, 'missed', now) : null));
        continue;
      }
      await this.join(call.id, userId, cmd.socketId);
      return { callId: call.id };
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The conversation is too busy; try again');
  }

  async accept(cmd: CallCommand): Promise<CallJoined> {
    const call = await this.openCall(cmd.callId, cmd.caller.userId);
    return this.join(call.id, cmd.caller.userId, cmd.socketId);
  }

  async decline(cmd: CallCommand): Promise<EmptyReply> {
    const userId = cmd.caller.userId;
    await this.openCall(cmd.callId, userId);
    const next = await this.change(cmd.callId, (c) => declineCall(c, userId, new Date()));
    // The decliner's other devices stop ringing too (a 1:1 call that ended tells everyone).
    if (next && next.state !== 'ended') this.push(next.conversationId, [{ userIds: [userId], event: SERVER_EVENTS.callEnded, data: { callId: next.id, reason: 'declined' } }]);
    return {};
  }

  async hangup(cmd: CallCommand): Promise<EmptyReply> {
    const userId = cmd.caller.userId;
    const call = await this.calls.findById(cmd.callId);
    // Hanging up a call that is over (or that you already left) is done already.
    if (!call || !isOpen(call)) return {};
    await this.access.asMember(call.conversationId, userId);
    await this.leave(call.id, userId, 'hangup');
    return {};
  }

  /** Relays an SDP or ICE candidate between two participants, to the addressee's socket in the call. */
  async signal(cmd: CallSignalCommand): Promise<EmptyReply> {
    const userId = cmd.caller.userId;
    const call = await this.openCall(cmd.callId, userId);
    const parts = participantIds(call);
    if (!parts.includes(userId)) throw new DomainError(ErrorCode.FORBIDDEN, 'You are not in this call');
    const to = call.participants.find((p) => p.userId === cmd.toUserId);
    if (!to || to.userId === userId) throw new DomainError(ErrorCode.FORBIDDEN, 'Signals go to another participant of the call');
    const data = {
      callId: call.id,
      fromUserId: userId,
      ...(cmd.description ? { description: cmd.description } : {}),
      ...(cmd.candidate ? { candidate: cmd.candidate } : {}),
    };
    this.push(call.conversationId, [{ userIds: [to.userId], socketId: to.socketId, event: SERVER_EVENTS.callSignal, data }]);
    return {};
  }

  /**
   * A socket that was in the call disconnected (told by its gateway). If it is still its participant's socket in the call
   * after the grace period (the client did not come back and accept again from a new socket), the participant leaves.
   */
  async socketGone(cmd: CallCommand): Promise<EmptyReply> {
    const { userId } = cmd.caller;
    const bound = (c: CallRecord | null) => c !== null && isOpen(c) && c.participants.some((p) => p.userId === userId && p.socketId === cmd.socketId);
    if (!bound(await this.calls.findById(cmd.callId))) return {};
    this.after(this.env.CALL_DISCONNECT_GRACE_SECONDS, async () => {
      if (bound(await this.calls.findById(cmd.callId))) await this.leave(cmd.callId, userId, 'failed');
    });
    return {};
  }

  /** A new call: busy when the other side of a direct call is in another call; otherwise it rings. */
  private async placed(call: CallRecord, direct: boolean): Promise<void> {
    if (direct) {
      const busy = await Promise.all(call.invitees.map(async (id) => (await this.calls.openWith(id)).some((c) => c.id !== call.id)));
      if (busy.some(Boolean)) {
        await this.change(call.id, (c) => endCall(c, 'busy', new Date()));
        return;
      }
    }
    this.push(call.conversationId, [
      { userIds: call.invitees, event: SERVER_EVENTS.callRinging, data: { callId: call.id, conversationId: call.conversationId, fromUserId: call.initiatorId, media: call.media } },
    ]);
    this.after(this.env.CALL_RING_SECONDS, () => this.ringTimeout(call.id));
  }

  /** Unanswered: a ringing call ends "missed"; callees of an active group call who never answered stop ringing. */
  private async ringTimeout(callId: string): Promise<void> {
    const at = new Date();
    const next = await this.change(callId, (c) => (c.state === 'ringing' ? endCall(c, 'missed', at) : null));
    if (next) return;
    const call = await this.calls.findById(callId);
    if (call && call.state === 'active') {
      const silent = stillRinging(call);
      if (silent.length > 0) this.push(call.conversationId, [{ userIds: silent, event: SERVER_EVENTS.callEnded, data: { callId, reason: 'missed' } }]);
    }
  }

  private async join(callId: string, userId: string, socketId: string): Promise<CallJoined> {
    let before: CallRecord | undefined;
    const next = await this.change(callId, (c) => {
      before = c;
      return joinCall(c, userId, socketId, new Date());
    });
    const call = next ?? before;
    if (!call) throw DomainError.notFound('Call');
    const wasIn = before?.participants.some((p) => p.userId === userId) ?? false;
    if (next && !wasIn) {
      const others = participantIds(next).filter((id) => id !== userId);
      this.push(next.conversationId, [
        { userIds: participantIds(next), event: SERVER_EVENTS.callAccepted, data: { callId, userId } },
        { userIds: others, event: SERVER_EVENTS.callParticipantJoined, data: { callId, userId } },
        { userIds: [userId], exceptSocketId: socketId, event: SERVER_EVENTS.callEnded, data: { callId, reason: 'answered_elsewhere' } },
      ]);
    }
    return { callId, participantIds: participantIds(call) };
  }

  private async leave(callId: string, userId: string, reason: CallEndReason): Promise<void> {
    const next = await this.change(callId, (c) => leaveCall(c, userId, reason, new Date()));
    if (next && next.state !== 'ended') {
      this.push(next.conversationId, [{ userIds: [userId, ...participantIds(next)], event: SERVER_EVENTS.callParticipantLeft, data: { callId, userId } }]);
    }
  }

  /** The open call, for a member of its conversation (NOT_FOUND for an unknown or ended call, as for an outsider's). */
  private async openCall(callId: string, userId: string): Promise<CallRecord> {
    const call = await this.calls.findById(callId);
    if (!call || !isOpen(call)) throw DomainError.notFound('Call');
    await this.access.asMember(call.conversationId, userId);
    return call;
  }

  /**
   * Read, decide, write compare-and-set, again while another change wins the race. Returns the stored next state, or
   * null when `decide` had nothing to change. An end also tells everyone the call concerns.
   */
  private async change(callId: string, decide: (call: CallRecord) => CallRecord | null): Promise<CallRecord | null> {
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
      const call = await this.calls.findById(callId);
      if (!call) throw DomainError.notFound('Call');
      const next = decide(call);
      if (!next) return null;
      if (next.state === 'ended') {
        const ended = await this.calls.end(next);
        if (!ended) continue;
        this.push(call.conversationId, [{ userIds: audienceOf(call), event: SERVER_EVENTS.callEnded, data: { callId, reason: next.reason ?? 'hangup' } }]);
        return ended.call;
      }
      if (await this.calls.update(next)) return next;
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The call is changing too fast; try again');
  }

  private push(conversationId: string, deliveries: ChatDelivery[]): void {
    this.deliveries.enqueue(conversationId, async () => deliveries);
  }

  private after(seconds: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run().catch((error: unknown) => this.logger.warn({ err: error }, 'call timer failed'));
    }, seconds * 1000);
    timer.unref();
    this.timers.add(timer);
  }
}
