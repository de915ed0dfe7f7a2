import { useEffect, useId, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import type { Attachment, Conversation } from '../../api/types.js';
import { useChatState, useStore } from '../../state/store-context.js';
import type { useUploads } from '../../state/use-uploads.js';
import { Button } from '../atoms/button.js';
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

/** Whether I may write `@room` here: a room's owner or admin (API.md: for anyone else it mentions nobody). */
function useMayMentionRoom(conversation: Conversation | undefined): boolean {
  const store = useStore();
  const meId = useChatState().me?.id;
  const [may, setMay] = useState(false);
  const roomId = conversation?.type === 'group' ? conversation.id : null;
  useEffect(() => {
    setMay(false);
    if (!roomId) return;
    let current = true;
    void store.api
      .call((signal) => store.api.http.GET('/api/chat/rooms/{id}', { params: { path: { id: roomId } }, signal }))
      .then((room) => current && setMay(room.members.some((m) => m.user.id === meId && (m.role === 'owner' || m.role === 'admin'))))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [store, roomId, meId]);
  return may;
}

/** Text with @-mention autocomplete, a file button, the uploads under way, and Send. */
export function Composer({ conversation, label, placeholder, uploads, onSend, onInput, onBlur, onEscape, inputRef }: ComposerProps) {
  const me = useChatState().me;
  const [text, setText] = useState('');
  const listId = useId();
  const mayMentionRoom = useMayMentionRoom(conversation);
  const candidates: MentionCandidate[] = [
    ...(mayMentionRoom ? [{ username: ROOM_MENTION, displayName: 'everyone in the room' }] : []),
    ...(conversation?.members ?? []).filter((m) => m.id !== me?.id).map((m) => ({ username: m.username, displayName: m.displayName })),
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
          <span aria-hidden="true">📎</span>
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
        />
        <Button type="submit" variant="primary" disabled={!sendable}>
          Send
        </Button>
      </div>
    </form>
  );
}
