import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';

export interface MentionCandidate {
  username: string;
  displayName: string;
}

export interface MentionInputProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'onSubmit'> {
  value: string;
  onChange: (value: string) => void;
  /** Who can be mentioned here (the conversation's members, and `room` where allowed). */
  candidates: readonly MentionCandidate[];
  /** Enter without Shift while no suggestion list is open. */
  onSubmit: () => void;
  /** Unique per page: the listbox's id. */
  listId: string;
}

const SHOWN = 8;
// `@` plus what was typed of a name, right before the caret, with the `@` not glued to a word (as the server reads it).
const TYPING_MENTION = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9_.-]{0,32})$/u;

/** The `@name` being typed before the caret: where it starts and what is typed, or null. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = TYPING_MENTION.exec(text.slice(0, caret));
  return match ? { start: match.index, query: match[1] ?? '' } : null;
}

/**
 * A message textarea with `@` autocomplete. The textarea stays a textbox (several lines, Enter sends) and drives the
 * suggestion listbox the combobox way: aria-controls, aria-activedescendant, arrows to move, Enter or Tab to pick,
 * Escape to close; focus never leaves the textarea.
 */
export const MentionInput = forwardRef<HTMLTextAreaElement, MentionInputProps>(function MentionInput(props, forwarded) {
  const { value, onChange, candidates, onSubmit, listId, onKeyDown, ...rest } = props;
  const ref = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(forwarded, () => ref.current as HTMLTextAreaElement);
  const [caret, setCaret] = useState(value.length);
  const [active, setActive] = useState(0);
  // Escape closes the list for this `@…` until something else is typed.
  const [dismissed, setDismissed] = useState<string | null>(null);
  // Where the caret goes once a picked name is in the textarea.
  const pickedCaret = useRef<number | null>(null);

  // In the same task as the key that picked the name (React commits a keydown's update before the next event), not on
  // a later frame: keys typed meanwhile would be inserted first and then find the caret moved back before them.
  useLayoutEffect(() => {
    if (pickedCaret.current === null) return;
    ref.current?.setSelectionRange(pickedCaret.current, pickedCaret.current);
    pickedCaret.current = null;
  }, [value]);

  const typing = mentionAt(value, Math.min(caret, value.length));
  const query = typing?.query.toLowerCase() ?? '';
  const options =
    typing && `${typing.start}:${typing.query}` !== dismissed
      ? candidates.filter((c) => c.username.toLowerCase().startsWith(query) || c.displayName.toLowerCase().startsWith(query)).slice(0, SHOWN)
      : [];
  const open = options.length > 0;
  const current = open ? Math.min(active, options.length - 1) : -1;

  const pick = (candidate: MentionCandidate) => {
    if (!typing) return;
    const inserted = `@${candidate.username} `;
    const next = value.slice(0, typing.start) + inserted + value.slice(typing.start + 1 + typing.query.length);
    const at = typing.start + inserted.length;
    onChange(next);
    setCaret(at);
    setActive(0);
    pickedCaret.current = at;
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + options.length) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const chosen = options[current];
        if (chosen) pick(chosen);
        return;
      }
      if (event.key === 'Escape' && typing) {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(`${typing.start}:${typing.query}`);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      onSubmit();
      return;
    }
    onKeyDown?.(event);
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="mention-input">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(current) : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={keyDown}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label="Mention suggestions" className="mention-list">
          {options.map((c, i) => (
            <li
              key={c.username}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'active' : undefined}
              // mousedown, not click: picking must not take the focus out of the textarea first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(c);
              }}
            >
              @{c.username}
              {c.displayName && c.displayName.toLowerCase() !== c.username.toLowerCase() && <span className="muted"> {c.displayName}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
