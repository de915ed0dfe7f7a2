export interface CallEntryProps {
  seq: number;
  media: 'audio' | 'video';
  reason: string;
  durationSeconds: number;
  /** The call was placed by the reader. */
  own: boolean;
  time: string;
}

const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/** A call in the timeline (a call.ended event of the log). */
export function CallEntry({ seq, media, reason, durationSeconds, own, time }: CallEntryProps) {
  const kind = media === 'video' ? 'Video call' : 'Audio call';
  const text =
    reason === 'missed' ? (own ? `${kind}, no answer` : `Missed ${kind.toLowerCase()}`)
    : reason === 'declined' ? `${kind} declined`
    : reason === 'busy' ? `${kind}, busy`
    : durationSeconds > 0 ? `${kind} · ${duration(durationSeconds)}`
    : `${kind} cancelled`;
  return (
    <li className={`call-entry${reason === 'missed' && !own ? ' missed' : ''}`} data-testid="call-entry" data-seq={seq}>
      {text}{' '}
      <time dateTime={time}>{new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
    </li>
  );
}
