import { useEffect, useRef } from 'react';
import type { RemotePeer } from '../../state/call-controller.js';
import { useCallState, useChatState, useStore } from '../../state/store-context.js';
import { CallControls } from '../molecules/call-controls.js';

function StreamVideo({ stream, muted, label, testId, state }: { stream: MediaStream | null; muted: boolean; label: string; testId: string; state?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <figure className="call-tile" data-testid={testId} data-connection-state={state}>
      <video ref={ref} autoPlay playsInline muted={muted} aria-label={label} />
      <figcaption>
        {label}
        {state && state !== 'connected' ? ` (${state})` : ''}
      </figcaption>
    </figure>
  );
}

/** The call on this device: local and remote video (or audio), the controls, and why the last call ended. */
export function CallPanel() {
  const store = useStore();
  const { active, ended, error } = useCallState();
  const { conversations } = useChatState();
  if (!active) {
    if (!ended && !error) return null;
    return (
      <p className="call-status" role="status" data-testid="call-ended" data-reason={ended?.reason}>
        {error ?? `Call ended (${ended?.reason.replace('_', ' ')})`}
      </p>
    );
  }
  const members = new Map((conversations.find((c) => c.id === active.conversationId)?.members ?? []).map((m) => [m.id, m]));
  const nameOf = (peer: RemotePeer) => members.get(peer.userId)?.displayName || members.get(peer.userId)?.username || 'Participant';
  const peers = Object.values(active.peers);
  return (
    <section className="call-panel" aria-label="Call" data-testid="call-panel" data-call-id={active.callId}>
      <p className="call-status" role="status">
        {active.status === 'ringing' ? 'Calling…' : peers.length === 0 ? 'Connecting…' : `In call with ${peers.map(nameOf).join(', ')}`}
      </p>
      <div className="call-tiles">
        {active.media === 'video' && <StreamVideo stream={active.localStream} muted label="You" testId="local-video" />}
        {peers.map((peer) => (
          <StreamVideo key={peer.userId} stream={peer.stream} muted={false} label={nameOf(peer)} testId="remote-video" state={peer.connectionState} />
        ))}
      </div>
      <CallControls
        muted={active.muted}
        cameraOff={active.cameraOff}
        video={active.media === 'video'}
        onToggleMute={() => store.calls.toggleMute()}
        onToggleCamera={() => store.calls.toggleCamera()}
        onHangup={() => void store.calls.hangup()}
      />
    </section>
  );
}
