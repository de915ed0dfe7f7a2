import { Button } from '../atoms/button.js';

export interface CallControlsProps {
  muted: boolean;
  cameraOff: boolean;
  video: boolean;
  onToggleMute: () => void;
  onToggleCamera: () => void;
  onHangup: () => void;
}

/** Mute, camera and hang up: toggles say what they do and expose their state (aria-pressed). */
export function CallControls({ muted, cameraOff, video, onToggleMute, onToggleCamera, onHangup }: CallControlsProps) {
  return (
    <div className="call-controls" role="group" aria-label="Call controls">
      <Button aria-pressed={muted} onClick={onToggleMute}>
        {muted ? 'Unmute' : 'Mute'}
      </Button>
      {video && (
        <Button aria-pressed={cameraOff} onClick={onToggleCamera}>
          {cameraOff ? 'Camera on' : 'Camera off'}
        </Button>
      )}
      <Button variant="danger" onClick={onHangup}>
        Hang up
      </Button>
    </div>
  );
}
