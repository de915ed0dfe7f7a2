import { useState } from 'react';
import { Button } from '../atoms/button.js';

export interface ReactionView {
  emoji: string;
  count: number;
  mine: boolean;
}

/** The quick picker: a client may offer any emoji or :shortcode:; these cover most reactions. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

export interface ReactionBarProps {
  reactions: ReactionView[];
  /** Absent: reactions are shown but cannot be changed (a pending or deleted message). */
  onToggle?: (emoji: string) => void;
}

export function ReactionBar({ reactions, onToggle }: ReactionBarProps) {
  const [picking, setPicking] = useState(false);
  if (!onToggle && reactions.length === 0) return null;
  return (
    <div className="reaction-bar">
      {reactions.map((r) => (
        <Button
          key={r.emoji}
          variant="link"
          className={`reaction${r.mine ? ' mine' : ''}`}
          aria-pressed={r.mine}
          aria-label={`${r.emoji} ${r.count}${r.mine ? ', you reacted' : ''}`}
          disabled={!onToggle}
          onClick={() => onToggle?.(r.emoji)}
        >
          {r.emoji} {r.count}
        </Button>
      ))}
      {onToggle && (
        <Button variant="link" aria-expanded={picking} aria-label="Add reaction" onClick={() => setPicking(!picking)}>
          ☺+
        </Button>
      )}
      {picking && onToggle && (
        <span role="group" aria-label="Pick a reaction" className="reaction-picker">
          {QUICK_REACTIONS.map((emoji) => (
            <Button
              key={emoji}
              variant="link"
              aria-label={`React with ${emoji}`}
              onClick={() => {
                setPicking(false);
                onToggle(emoji);
              }}
            >
              {emoji}
            </Button>
          ))}
        </span>
      )}
    </div>
  );
}
