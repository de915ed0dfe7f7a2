import { Button } from '../atoms/button.js';

export interface CallButtonsProps {
  disabled: boolean;
  onCall: (media: 'audio' | 'video') => void;
}

/** Start an audio or a video call in the open conversation. */
export function CallButtons({ disabled, onCall }: CallButtonsProps) {
  return (
    <span className="call-buttons">
      <Button disabled={disabled} onClick={() => onCall('audio')}>
        Audio call
      </Button>
      <Button disabled={disabled} onClick={() => onCall('video')}>
        Video call
      </Button>
    </span>
  );
}
