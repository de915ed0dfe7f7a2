import type { ConnectionState } from '../../realtime/realtime-socket.js';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <span className={`connection connection-${state}`} role="status" aria-live="polite" data-state={state}>
      {LABELS[state]}
    </span>
  );
}
