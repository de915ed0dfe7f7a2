import { useCallback, useState, type FormEvent } from 'react';
import type { AdminApi } from '../../state/admin-api.js';
import { errorText } from '../../state/store-context.js';
import { usePagedList } from '../../state/use-paged-list.js';
import { Button } from '../atoms/button.js';
import { Pager } from '../molecules/pager.js';

// Announcements page backwards by seq (`before`), which plays the part of a cursor here.
const olderThan = (items: { seq: number }[]) => items.at(-1)?.seq ?? null;

/** Posting an announcement (admins): every user gets it live, in the "Announcements" conversation. */
export function AdminAnnouncementsPanel({ admin, canPost }: { admin: AdminApi; canPost: boolean }) {
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    async (before: number | undefined) => {
      const page = await admin.announcements(before);
      return { items: page.items, nextCursor: page.nextCursor === null ? null : olderThan(page.items) };
    },
    [admin],
  );
  const list = usePagedList(load, 'announcements');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setNotice(null);
    admin
      .announce(text.trim())
      .then(() => {
        setText('');
        setNotice('Announcement sent to every user');
        list.reload();
      })
      .catch((e: unknown) => setNotice(errorText(e)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="panel" aria-labelledby="admin-announcements-title">
      <h2 id="admin-announcements-title">Announcements</h2>
      {canPost ? (
        <form className="announcement-form" onSubmit={submit}>
          <label htmlFor="announcement-text">New announcement (every user receives it live)</label>
          <textarea id="announcement-text" value={text} maxLength={4000} rows={3} onChange={(e) => setText(e.target.value)} />
          <Button type="submit" variant="primary" disabled={busy || !text.trim()}>
            Post announcement
          </Button>
        </form>
      ) : (
        <p className="muted">Only admins post announcements.</p>
      )}
      {notice && <p role="status">{notice}</p>}
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      <ul className="user-list" aria-label="Posted announcements">
        {list.items.map((m) => (
          <li key={m.id} className="user-row" data-testid="announcement">
            <span className="user-name">{m.content}</span>
            <time className="muted" dateTime={m.createdAt}>
              {new Date(m.createdAt).toLocaleString()}
            </time>
          </li>
        ))}
      </ul>
      <Pager what="announcements" page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </section>
  );
}
