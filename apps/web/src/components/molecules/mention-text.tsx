import { Fragment, type ReactNode } from 'react';

/** `@room`: every member of a room, when its owner or an admin writes it. */
export const ROOM_MENTION = 'room';
// As the server reads mentions: `@` not glued to a word, then a username's characters (letters, digits, _ . -).
const MENTION = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9_.-]{1,32})/gu;

export interface MentionTextProps {
  content: string;
  /** Usernames (any case) that mention someone here: the conversation's members, and `room`. */
  mentionable: readonly string[];
  /** My username: a mention of me stands out more. */
  myUsername?: string;
  /** The server counted this message as mentioning me (`@room` from an owner/admin, for one). */
  mentionsMe?: boolean;
}

/** Message text with its mentions marked; a mention of the reader is marked more strongly. */
export function MentionText({ content, mentionable, myUsername, mentionsMe = false }: MentionTextProps) {
  const names = new Set(mentionable.map((n) => n.toLowerCase()));
  const me = myUsername?.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of content.matchAll(MENTION)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!names.has(name)) continue;
    const start = match.index;
    parts.push(content.slice(at, start));
    const mine = name === me || (name === ROOM_MENTION && mentionsMe);
    parts.push(
      <mark key={start} className={`mention${mine ? ' mention-me' : ''}`} data-testid={mine ? 'mention-me' : 'mention'}>
        {match[0]}
      </mark>,
    );
    at = start + match[0].length;
  }
  parts.push(content.slice(at));
  return <>{parts.map((p, i) => (typeof p === 'string' ? <Fragment key={`t${i}`}>{p}</Fragment> : p))}</>;
}
