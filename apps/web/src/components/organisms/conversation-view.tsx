import { Fragment, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Attachment, Message, PublicUser, SyncEvent } from '../../api/types.js';
import { useCallState, useChatState, useStore } from '../../state/store-context.js';
import { useUploads } from '../../state/use-uploads.js';
import { Button } from '../atoms/button.js';
import { CallButtons } from '../molecules/call-buttons.js';
import { CallEntry } from '../molecules/call-entry.js';
import { DropZone } from '../molecules/drop-zone.js';
import { MessageItem } from '../molecules/message-item.js';
import { TypingIndicator } from '../molecules/typing-indicator.js';
import { Composer } from './composer.js';
import { peerOf, titleOf } from './conversation-list.js';
import { mentionableIn, pendingMessageProps, storedMessageProps, type MessageContext } from './message-item-props.js';
import { ThreadPanel } from './thread-panel.js';

// Sending "typing: true" again at most this often while keys are pressed; "false" after this much silence.
const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 2500;

export function ConversationView() {
  const store = useStore();
  const state = useChatState();
  const { activeId, draft, conversations, logs, pending, typing, readBy, me, focusSeq, callEntries, openThreadId } = state;
  const calling = useCallState().active !== null;
  const conversation = conversations.find((c) => c.id === activeId);
  const log = activeId ? logs[activeId] : undefined;
  const listRef = useRef<HTMLOListElement>(null);
  const topRef = useRef<HTMLLIElement>(null);
  const stickToBottom = useRef(true);
  const previousHeight = useRef(0);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const typingSent = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const uploads = useUploads(store);
  const resetUploads = uploads.reset;
  // Files picked for one conversation never go out with another's message.
  useEffect(() => resetUploads(), [activeId, draft, resetUploads]);

  const members = new Map<string, PublicUser>((conversation?.members ?? []).map((m) => [m.id, m]));
  const nameOf = (id: string) => (id === me?.id ? 'You' : (members.get(id)?.displayName ?? members.get(id)?.username ?? 'Someone'));

  // Backwards infinite scroll: the sentinel at the top loads the previous page when it comes into view.
  useEffect(() => {
    const top = topRef.current;
    if (!top || !activeId) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        previousHeight.current = listRef.current?.scrollHeight ?? 0;
        void store.loadOlder(activeId).catch(() => undefined);
      }
    });
    observer.observe(top);
    return () => observer.disconnect();
    // Re-observed after each page: a page too short to push the sentinel out of view loads the next one.
  }, [activeId, store, log?.hasMore, log?.messages.length]);

  // Keep the view where the reader was: at the bottom for new messages, in place when older ones are prepended.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (focusSeq !== null) {
      list.querySelector(`[data-seq="${focusSeq}"]`)?.scrollIntoView({ block: 'center' });
    } else if (stickToBottom.current) {
      list.scrollTop = list.scrollHeight;
    } else if (previousHeight.current) {
      list.scrollTop += list.scrollHeight - previousHeight.current;
    }
    previousHeight.current = 0;
  }, [log?.messages, pending, focusSeq]);

  useEffect(() => {
    const onVisible = () => activeId && store.markSeen(activeId);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [activeId, store]);

  if (!conversation && !draft) {
    return (
      <section className="conversation-view empty" aria-label="Conversation">
        <p>Select a conversation, or find someone in People.</p>
      </section>
    );
  }

  const title = conversation ? titleOf(conversation, me?.id) : (draft?.user.displayName ?? draft?.user.username ?? '');
  const peer = conversation ? peerOf(conversation, me?.id) : draft?.user;
  const peerRead = conversation && peer ? (readBy[conversation.id]?.[peer.id] ?? 0) : 0;
  const messages = log?.messages ?? [];
  // Calls sit among the messages by seq, within the loaded range (older ones come with older pages).
  const firstSeq = log?.hasMore === false ? 0 : (messages[0]?.seq ?? Number.MAX_SAFE_INTEGER);
  const callsBefore = new Map<string, SyncEvent[]>();
  const trailingCalls: SyncEvent[] = [];
  for (const call of activeId ? (callEntries[activeId] ?? []) : []) {
    if (call.seq <= firstSeq) continue;
    const next = messages.find((m) => m.seq > call.seq);
    if (next) callsBefore.set(next.id, [...(callsBefore.get(next.id) ?? []), call]);
    else trailingCalls.push(call);
  }
  const callItem = (e: SyncEvent) => (
    <CallEntry
      key={`call-${e.seq}`}
      seq={e.seq}
      media={e.call?.media ?? 'audio'}
      reason={e.call?.reason ?? 'hangup'}
      durationSeconds={e.call?.durationSeconds ?? 0}
      own={e.userId === me?.id}
      time={e.at}
    />
  );
  const lastOwnSeen = conversation?.type === 'direct' ? messages.filter((m) => m.senderId === me?.id && m.seq <= peerRead).at(-1)?.id : undefined;
  const pendingHere = pending.filter((p) => p.conversationId === (activeId ?? `draft:${draft?.user.id}`) && !p.threadId);
  const context: MessageContext = { store, me, nameOf, mentionable: mentionableIn(conversation ?? (draft ? { type: 'direct', members: [draft.user] } : undefined)) };
  const threadRoot = openThreadId ? messages.find((m) => m.id === openThreadId) : undefined;
  const typingNames = (activeId ? (typing[activeId] ?? []) : []).map(nameOf);

  const stopTyping = () => {
    clearTimeout(idleTimer.current);
    if (activeId && typingSent.current) store.setTyping(activeId, false);
    typingSent.current = 0;
  };

  const onInput = (value: string) => {
    if (!activeId || !value) return;
    if (Date.now() - typingSent.current > TYPING_REFRESH_MS) {
      store.setTyping(activeId, true);
      typingSent.current = Date.now();
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const submit = (text: string, attachments: Attachment[]) => {
    stickToBottom.current = true;
    store.send(text, { replyToId: replyTo?.id, attachments });
    setReplyTo(null);
    stopTyping();
  };

  return (
    <div className={`conversation-area${threadRoot ? ' thread-open' : ''}`}>
      <DropZone label="Drop files to attach to the message" onFiles={uploads.add} className="conversation-view">
        <section className="conversation-main" aria-label={`Conversation with ${title}`}>
          <header className="conversation-header">
            <Button className="back" onClick={() => store.closeConversation()} aria-label="Back to conversations">
              ←
            </Button>
            <h2>{title}</h2>
            {conversation && <CallButtons disabled={calling} onCall={(media) => void store.calls.start(conversation.id, media)} />}
          </header>
          <ol
            className="messages"
            ref={listRef}
            aria-label="Messages"
            tabIndex={0}
            onScroll={(e) => {
              const el = e.currentTarget;
              stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
            }}
          >
            <li ref={topRef} className="history-edge" aria-hidden={!log?.loading}>
              {log?.loading ? 'Loading…' : log?.hasMore === false ? 'Beginning of the conversation' : ''}
            </li>
            {messages.map((m) => (
              <Fragment key={m.id}>
                {(callsBefore.get(m.id) ?? []).map(callItem)}
                <MessageItem
                  {...storedMessageProps(m, context)}
                  key={m.id}
                  seen={m.id === lastOwnSeen}
                  highlighted={m.seq === focusSeq}
                  replyCount={m.thread?.replyCount ?? 0}
                  onOpenThread={activeId && m.kind === 'user' ? () => void store.openThread(m).catch(() => undefined) : undefined}
                  onReply={() => {
                    setReplyTo(m);
                    composerRef.current?.focus();
                  }}
                  onPin={activeId ? (pinned) => store.pin(m, pinned) : undefined}
                />
              </Fragment>
            ))}
            {trailingCalls.map(callItem)}
            {pendingHere.map((p) => (
              <MessageItem key={p.clientMsgId} {...pendingMessageProps(p, store)} />
            ))}
          </ol>
          <TypingIndicator names={typingNames} />
          {replyTo && (
            <div className="composer-reply">
              <span>
                Replying to {nameOf(replyTo.senderId)}: <q>{replyTo.content.slice(0, 80)}</q>
              </span>
              <Button variant="link" onClick={() => setReplyTo(null)} aria-label="Cancel reply">
                ✕
              </Button>
            </div>
          )}
          {/* Announcements are posted from the admin screens only: the ordinary send route refuses them. */}
          {conversation?.type !== 'announcements' && (
          <Composer
            conversation={conversation}
            label="Message"
            placeholder={`Message ${title}`}
            uploads={uploads}
            inputRef={composerRef}
            onSend={submit}
            onInput={onInput}
            onBlur={stopTyping}
            onEscape={() => setReplyTo(null)}
          />
          )}
        </section>
      </DropZone>
      {conversation && threadRoot && <ThreadPanel key={threadRoot.id} conversation={conversation} root={threadRoot} context={context} />}
    </div>
  );
}
