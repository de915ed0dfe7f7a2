import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import type { Attachment, Conversation, RoomMember } from '../../api/types.js';
import { useChatState, useStore } from '../../state/store-context.js';
import type { useUploads } from '../../state/use-uploads.js';
import { Button } from '../atoms/button.js';
import { PaperclipIcon } from '../atoms/paperclip-icon.js';
import { ROOM_MENTION } from '../molecules/mention-text.js';
import { MentionInput, type MentionCandidate } from '../molecules/mention-input.js';
import { UploadItem } from '../molecules/upload-item.js';

export interface ComposerProps {
  /** Where it posts; undefined for a direct conversation that the first message creates. */
  conversation: Conversation | undefined;
  /** The textarea's accessible name. */
  label: string;
  placeholder: string;
  uploads: ReturnType<typeof useUploads>;
  onSend: (text: string, attachments: Attachment[]) => void;
  onInput?: (text: string) => void;
  onBlur?: () => void;
  /** Escape with no suggestion list open (cancels a reply). */
  onEscape?: () => void;
  inputRef?: Ref<HTMLTextAreaElement>;
}

// A room's member list is read again when the composer gets focus, at most this often (members join and leave).
const ROOM_REFRESH_MS = 10_000;

/**
 * Who can be mentioned in a room, and whether I may write `@room` (its owner or an admin; API.md: for anyone else it
 * mentions nobody). Read from the room itself: the conversation's member list is as of when this client loaded it.
 */
function useRoomMentions(conversation: Conversation | undefined): { members: RoomMember[]; refresh: () => void } {
  const store = useStore();
  const [members, setMembers] = useState<RoomMember[]>([]);
  const loadedAt = useRef(0);
  const roomId = conversation?.type === 'group' ? conversation.id : null;
  const load = useCallback(() => {
    if (!roomId || Date.now() - loadedAt.current < ROOM_REFRESH_MS) return;
    loadedAt.current = Date.now();
    void store.api
      .call((signal) => store.api.http.GET('/api/chat/rooms/{id}', { params: { path: { id: roomId } }, signal }))
      .then((room) => room.id === roomId && setMembers(room.members))
      .catch(() => (loadedAt.current = 0));
  }, [store, roomId]);
  useEffect(() => {
    setMembers([]);
    loadedAt.current = 0;
    load();
  }, [load]);
  return { members: roomId ? members : [], refresh: load };
}

/** Text with @-mention autocomplete, a file button, the uploads under way, and Send. */
export function Composer({ conversation, label, placeholder, uploads, onSend, onInput, onBlur, onEscape, inputRef }: ComposerProps) {
  const me = useChatState().me;
  const [text, setText] = useState('');
  const listId = useId();
  const room = useRoomMentions(conversation);
  const mayMentionRoom = room.members.some((m) => m.user.id === me?.id && (m.role === 'owner' || m.role === 'admin'));
  const people = room.members.length > 0 ? room.members.map((m) => m.user) : (conversation?.members ?? []);
  const candidates: MentionCandidate[] = [
    ...(mayMentionRoom ? [{ username: ROOM_MENTION, displayName: 'everyone in the room' }] : []),
    ...people.filter((m) => m.id !== me?.id).map((m) => ({ username: m.username, displayName: m.displayName })),
  ];
  const sendable = (text.trim() !== '' || uploads.ready.length > 0) && !uploads.busy;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!sendable) return;
    onSend(text, uploads.ready);
    setText('');
    uploads.clear();
  };

  return (
    <form className="composer" onSubmit={submit}>
      {uploads.uploads.length > 0 && (
        <ul className="upload-list" aria-label="Files to send">
          {uploads.uploads.map((u) => (
            <UploadItem key={u.key} name={u.file.name} size={u.file.size} status={u.status} progress={u.progress} error={u.error} onRemove={() => uploads.remove(u.key)} />
          ))}
        </ul>
      )}
      <div className="composer-row">
        <label className="btn file-button" title="Attach files">
          <PaperclipIcon />
          <input
            type="file"
            multiple
            className="visually-hidden"
            aria-label={`Attach files (${label})`}
            onChange={(e) => {
              uploads.add([...(e.target.files ?? [])]);
              // The same file may be chosen again after a failure.
              e.target.value = '';
            }}
          />
        </label>
        <MentionInput
          ref={inputRef}
          aria-label={label}
          placeholder={placeholder}
          value={text}
          rows={1}
          maxLength={4000}
          listId={listId}
          candidates={candidates}
          onChange={(value) => {
            setText(value);
            onInput?.(value);
          }}
          onSubmit={submit}
          onKeyDown={(e: KeyboardEvent<HTMLTextAreaElement>) => {
            if (e.key === 'Escape') onEscape?.();
          }}
          onBlur={onBlur}
          onFocus={room.refresh}
        />
        <Button type="submit" variant="primary" disabled={!sendable}>
          Send
        </Button>
      </div>
    </form>
  );
}
