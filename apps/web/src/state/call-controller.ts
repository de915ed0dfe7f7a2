import { SERVER_EVENTS } from '@contracts/realtime/realtime.events.js';
import type { CallRinging, CallSignal } from '@contracts/chat/chat-calls.dto.js';
import type { CallEndReason, CallMedia } from '@contracts/chat/chat.views.js';
import type { ApiClient } from '../api/api-client.js';
import { emitWithAck, type RealtimeSocket } from '../realtime/realtime-socket.js';

// Calls in the browser: full-mesh WebRTC (one RTCPeerConnection per other participant), signalled over the socket.
// Who offers: a participant already in the call offers to each newcomer (call:participant-joined), so two peers
// never offer to each other at once. Media never touches our servers; only SDP and ICE candidates do.

export interface RemotePeer {
  userId: string;
  stream: MediaStream | null;
  connectionState: RTCPeerConnectionState;
}

export interface ActiveCall {
  callId: string;
  conversationId: string;
  media: CallMedia;
  /** ringing: placed, nobody answered yet; active: someone is in it with us. */
  status: 'ringing' | 'active';
  localStream: MediaStream | null;
  peers: Record<string, RemotePeer>;
  muted: boolean;
  cameraOff: boolean;
}

export interface CallState {
  incoming: CallRinging | null;
  active: ActiveCall | null;
  /** The last call that ended on this device, and why (shown until the next call). */
  ended: { callId: string; reason: CallEndReason } | null;
  error: string | null;
}

const IDLE: CallState = { incoming: null, active: null, ended: null, error: null };

/** The call sub-store of ChatStore: its own state and listeners, so call UI re-renders without the chat's. */
export class CallController {
  private state: CallState = IDLE;
  private readonly listeners = new Set<() => void>();
  private socket: RealtimeSocket | null = null;
  private readonly connections = new Map<string, RTCPeerConnection>();
  /** Candidates that arrived before their connection had a remote description. */
  private readonly early = new Map<string, RTCIceCandidateInit[]>();
  private iceServers: RTCIceServer[] | null = null;
  /** The conversation of each call this device heard of (call:ended names only the call). */
  private readonly conversations = new Map<string, string>();

  constructor(
    private readonly api: ApiClient,
    private readonly myId: () => string | undefined,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): CallState => this.state;

  conversationOf(callId: string): string | undefined {
    return this.conversations.get(callId);
  }

  private set(patch: Partial<CallState> | ((s: CallState) => Partial<CallState>)): void {
    this.state = { ...this.state, ...(typeof patch === 'function' ? patch(this.state) : patch) };
    for (const listener of this.listeners) listener();
  }

  private patchActive(patch: Partial<ActiveCall> | ((a: ActiveCall) => Partial<ActiveCall>)): void {
    this.set((s) => (s.active ? { active: { ...s.active, ...(typeof patch === 'function' ? patch(s.active) : patch) } } : {}));
  }

  /** Listens on a (new) socket of the session. */
  attach(socket: RealtimeSocket): void {
    this.socket = socket;
    // A reconnect is a new socket: answer again from it within the grace period, or the call drops us. The peer
    // connections themselves do not depend on the signalling socket and carry on.
    socket.on('connect', () => {
      const callId = this.state.active?.callId;
      if (callId) void emitWithAck(socket, 'call:accept', { callId }).catch(() => this.finish({ callId, reason: 'failed' }));
    });
    socket.on(SERVER_EVENTS.callRinging, (ring) => {
      this.conversations.set(ring.callId, ring.conversationId);
      // Busy on this device: the dialog shows one call at a time.
      if (!this.state.active && !this.state.incoming) this.set({ incoming: ring, ended: null });
    });
    socket.on(SERVER_EVENTS.callAccepted, ({ callId, userId }) => {
      if (this.state.active?.callId === callId && userId !== this.myId()) this.patchActive({ status: 'active' });
    });
    socket.on(SERVER_EVENTS.callParticipantJoined, ({ callId, userId }) => {
      if (this.state.active?.callId === callId && userId !== this.myId()) void this.offerTo(userId).catch((e: unknown) => this.fail(e));
    });
    socket.on(SERVER_EVENTS.callParticipantLeft, ({ callId, userId }) => {
      if (this.state.active?.callId === callId) this.dropPeer(userId);
    });
    socket.on(SERVER_EVENTS.callSignal, (signal) => {
      if (this.state.active?.callId === signal.callId) void this.onSignal(signal).catch((e: unknown) => this.fail(e));
    });
    socket.on(SERVER_EVENTS.callEnded, ({ callId, reason }) => {
      if (this.state.incoming?.callId === callId) this.set({ incoming: null, ended: { callId, reason } });
      else if (this.state.active?.callId === callId) this.finish({ callId, reason });
      // Not (yet) ours: remembered, in case it is the call whose start ack is still on its way.
      else this.set({ ended: { callId, reason } });
    });
  }

  /** The session ended: leave any call without telling anyone (the server ends it after the grace period). */
  reset(): void {
    this.closeMedia();
    this.socket = null;
    this.iceServers = null;
    this.set(IDLE);
  }

  async start(conversationId: string, media: CallMedia): Promise<void> {
    if (this.state.active) return;
    const socket = this.requireSocket();
    try {
      const localStream = await this.localMedia(media);
      this.set({ active: { callId: '', conversationId, media, status: 'ringing', localStream, peers: {}, muted: false, cameraOff: false }, ended: null, error: null });
      const { callId } = await emitWithAck(socket, 'call:start', { conversationId, media });
      this.conversations.set(callId, conversationId);
      // Ended before the ack came back (busy): call:ended named a call we did not know yet.
      if (this.state.ended?.callId === callId) this.finish(this.state.ended);
      else this.patchActive({ callId });
    } catch (error) {
      this.closeMedia();
      this.set({ active: null });
      this.fail(error);
    }
  }

  async accept(): Promise<void> {
    const ring = this.state.incoming;
    if (!ring) return;
    const socket = this.requireSocket();
    try {
      const localStream = await this.localMedia(ring.media);
      this.set({
        incoming: null,
        active: { callId: ring.callId, conversationId: ring.conversationId, media: ring.media, status: 'active', localStream, peers: {}, muted: false, cameraOff: false },
        error: null,
      });
      // The participants already in the call send us offers once we are in (call:participant-joined on their side).
      await emitWithAck(socket, 'call:accept', { callId: ring.callId });
    } catch (error) {
      this.closeMedia();
      this.set({ active: null });
      this.fail(error);
    }
  }

  async decline(): Promise<void> {
    const ring = this.state.incoming;
    if (!ring) return;
    this.set({ incoming: null });
    await emitWithAck(this.requireSocket(), 'call:decline', { callId: ring.callId }).catch((e: unknown) => this.fail(e));
  }

  async hangup(): Promise<void> {
    const active = this.state.active;
    if (!active) return;
    this.finish({ callId: active.callId, reason: 'hangup' });
    if (active.callId) await emitWithAck(this.requireSocket(), 'call:hangup', { callId: active.callId }).catch((e: unknown) => this.fail(e));
  }

  toggleMute(): void {
    const active = this.state.active;
    if (!active) return;
    const muted = !active.muted;
    active.localStream?.getAudioTracks().forEach((t) => (t.enabled = !muted));
    this.patchActive({ muted });
  }

  toggleCamera(): void {
    const active = this.state.active;
    if (!active) return;
    const cameraOff = !active.cameraOff;
    active.localStream?.getVideoTracks().forEach((t) => (t.enabled = !cameraOff));
    this.patchActive({ cameraOff });
  }

  private requireSocket(): RealtimeSocket {
    if (!this.socket) throw new Error('Not connected');
    return this.socket;
  }

  private async localMedia(media: CallMedia): Promise<MediaStream> {
    return navigator.mediaDevices.getUserMedia({ audio: true, video: media === 'video' });
  }

  private async servers(): Promise<RTCIceServer[]> {
    if (!this.iceServers) {
      const answer = await this.api.call((signal) => this.api.http.GET('/api/calls/ice-servers', { signal }));
      this.iceServers = answer.iceServers.map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username } : {}), ...(s.credential ? { credential: s.credential } : {}) }));
    }
    return this.iceServers;
  }

  private async connection(userId: string): Promise<RTCPeerConnection> {
    const existing = this.connections.get(userId);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: await this.servers() });
    this.connections.set(userId, pc);
    const active = this.state.active;
    active?.localStream?.getTracks().forEach((track) => pc.addTrack(track, active.localStream as MediaStream));
    pc.onicecandidate = ({ candidate }) => {
      const callId = this.state.active?.callId;
      if (!candidate || !callId || !this.socket) return;
      const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
      void emitWithAck(this.socket, 'call:signal', { callId, toUserId: userId, candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment } }).catch(() => undefined);
    };
    pc.ontrack = ({ streams, track }) => this.setPeer(userId, { stream: streams[0] ?? new MediaStream([track]) });
    pc.onconnectionstatechange = () => this.setPeer(userId, { connectionState: pc.connectionState });
    this.setPeer(userId, {});
    return pc;
  }

  private setPeer(userId: string, patch: Partial<RemotePeer>): void {
    if (!this.connections.has(userId)) return;
    this.patchActive((a) => ({
      peers: { ...a.peers, [userId]: { ...(a.peers[userId] ?? { userId, stream: null, connectionState: 'new' }), ...patch } },
    }));
  }

  private async offerTo(userId: string): Promise<void> {
    const pc = await this.connection(userId);
    await pc.setLocalDescription(await pc.createOffer());
    await this.send(userId, pc.localDescription);
  }

  private async onSignal({ fromUserId, description, candidate }: CallSignal): Promise<void> {
    const pc = await this.connection(fromUserId);
    if (description) {
      await pc.setRemoteDescription(description);
      for (const early of this.early.get(fromUserId) ?? []) await pc.addIceCandidate(early);
      this.early.delete(fromUserId);
      if (description.type === 'offer') {
        await pc.setLocalDescription(await pc.createAnswer());
        await this.send(fromUserId, pc.localDescription);
      }
    } else if (candidate) {
      if (pc.remoteDescription) await pc.addIceCandidate(candidate);
      else this.early.set(fromUserId, [...(this.early.get(fromUserId) ?? []), candidate]);
    }
  }

  private async send(toUserId: string, description: RTCSessionDescription | null): Promise<void> {
    const callId = this.state.active?.callId;
    if (!description || !callId) return;
    await emitWithAck(this.requireSocket(), 'call:signal', { callId, toUserId, description: { type: description.type, sdp: description.sdp } });
  }

  private dropPeer(userId: string): void {
    this.connections.get(userId)?.close();
    this.connections.delete(userId);
    this.early.delete(userId);
    this.patchActive((a) => {
      const { [userId]: _gone, ...peers } = a.peers;
      return { peers };
    });
  }

  private finish(ended: { callId: string; reason: CallEndReason }): void {
    this.closeMedia();
    this.set({ active: null, ended });
  }

  private closeMedia(): void {
    for (const pc of this.connections.values()) pc.close();
    this.connections.clear();
    this.early.clear();
    this.state.active?.localStream?.getTracks().forEach((t) => t.stop());
  }

  private fail(error: unknown): void {
    this.set({ error: error instanceof Error ? error.message : 'The call failed' });
  }
}
