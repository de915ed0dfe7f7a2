import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Conversation, Message } from '../../api/types.js';
import { errorText, useChatState, useStore } from '../../state/store-context.js';
import { useUploads } from '../../state/use-uploads.js';
import { Button } from '../atoms/button.js';
import { DropZone } from '../molecules/drop-zone.js';
import { MessageItem } from '../molecules/message-item.js';
import { Composer } from './composer.js';
import { pendingMessageProps, storedMessageProps, type MessageContext } from './message-item-props.js';

export interface ThreadPanelProps {
  conversation: Conversation;
  root: Message;
  context: MessageContext;
}

/** A thread: its root, its replies (older pages on demand) and a composer that posts into it. Replies arrive live. */
export function ThreadPanel({ conversation, root, context }: ThreadPanelProps) {
  const store = useStore();
  const { threads, pending } = useChatState();
  const thread = threads[root.id];
  const replies = thread?.replies ?? [];
  const pendingHere = pending.filter((p) => p.threadId === root.id);
  const uploads = useUploads(store);
  const listRef = useRef<HTMLOListElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<string | null>(null);
  const lastSeq = replies.at(-1)?.seq;

  // Focus moves to the thread's composer when it opens: a keyboard user lands where they can reply (Escape closes).
  useEffect(() => inputRef.current?.focus(), [root.id]);

  // New replies (and one's own pending ones) scroll into view; an older page does not move the reader.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [lastSeq, pendingHere.length]);

  return (
    <DropZone label="Drop files to attach to the reply" onFiles={uploads.add} className="thread-panel">
      <section aria-label="Thread" className="thread">
        <header className="thread-header">
          <h3>Thread</h3>
          <Button onClick={() => store.closeThread()} aria-label="Close thread">
            ✕
          </Button>
        </header>
        <ol className="messages thread-messages" ref={listRef} aria-label="Thread replies" tabIndex={0}>
          <MessageItem {...storedMessageProps(root, context)} onEdit={undefined} onDelete={undefined} />
          <li className="history-edge" aria-hidden={!thread?.loading && thread?.hasMore !== true}>
            {thread?.loading ? (
              'Loading…'
            ) : thread?.hasMore ? (
              <Button variant="link" onClick={() => void store.loadOlderReplies(root.id).then(() => setError(null), (e: unknown) => setError(errorText(e)))}>
                Earlier replies
              </Button>
            ) : (
              'Start of the thread'
            )}
          </li>
          {error && (
            <li role="alert" className="form-error">
              {error}
            </li>
          )}
          {replies.map((m) => (
            <MessageItem key={m.id} {...storedMessageProps(m, context)} />
          ))}
          {pendingHere.map((p) => (
            <MessageItem key={p.clientMsgId} {...pendingMessageProps(p, store)} />
          ))}
        </ol>
        <Composer
          conversation={conversation}
          label="Reply in thread"
          placeholder="Reply in thread"
          uploads={uploads}
          inputRef={inputRef}
          onSend={(text, attachments) => store.send(text, { threadId: root.id, attachments })}
          onEscape={() => store.closeThread()}
        />
      </section>
    </DropZone>
  );
}
