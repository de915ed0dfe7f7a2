import { useState, type FormEvent } from 'react';
import type { Message } from '../../api/types.js';
import { errorText, useChatState, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { TextInput } from '../atoms/text-input.js';
import { titleOf } from './conversation-list.js';

/** Message search; a result opens its conversation scrolled to it. */
export function SearchPanel({ onJump }: { onJump: () => void }) {
  const store = useStore();
  const { conversations, me } = useChatState();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    store.searchMessages(q).then(setHits, (e: unknown) => setError(errorText(e)));
  };
  const where = (m: Message) => {
    const c = conversations.find((x) => x.id === m.conversationId);
    return c ? titleOf(c, me?.id) : 'a conversation';
  };

  return (
    <section className="panel" aria-labelledby="search-title">
      <h2 id="search-title">Search messages</h2>
      <form role="search" onSubmit={submit} className="inline-form">
        <TextInput aria-label="Search messages" placeholder="Words to find" value={q} onChange={(e) => setQ(e.target.value)} required />
        <Button type="submit">Search</Button>
      </form>
      {error && <p role="alert">{error}</p>}
      {hits && hits.length === 0 && <p>No messages found.</p>}
      <ul aria-label="Message search results" className="user-list">
        {hits?.map((m) => (
          <li key={m.id} className="user-row">
            <Button
              variant="link"
              onClick={() => {
                onJump();
                void store.openConversation(m.conversationId, m.seq).catch(() => undefined);
              }}
            >
              “{m.content}” in {where(m)}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
