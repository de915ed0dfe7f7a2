import { useState } from 'react';
import type { NotificationLevel } from '../../api/types.js';
import { Select } from '../atoms/select.js';

const LEVELS = [
  { value: 'all', label: 'All messages' },
  { value: 'mentions', label: 'Mentions only' },
  { value: 'none', label: 'Nothing' },
] as const satisfies readonly { value: NotificationLevel; label: string }[];

export interface NotificationLevelSelectProps {
  /** The conversation's title, for the control's accessible name. */
  title: string;
  level: NotificationLevel;
  onChange: (level: NotificationLevel) => Promise<void>;
}

/** How much of one conversation notifies (push and email); a refused change shows why and keeps the old level. */
export function NotificationLevelSelect({ title, level, onChange }: NotificationLevelSelectProps) {
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="notification-level">
      <Select
        aria-label={`Notifications for ${title}`}
        value={level}
        options={LEVELS}
        onChange={(next) => {
          setError(null);
          onChange(next).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Something went wrong'));
        }}
      />
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
