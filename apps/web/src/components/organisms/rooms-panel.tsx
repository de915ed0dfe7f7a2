import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Room, RoomDetail } from '../../api/types.js';
import { errorText, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { TextInput } from '../atoms/text-input.js';
import { FormField } from '../molecules/form-field.js';

/** Rooms: browse and search public rooms, mine, create, join, leave, members with roles. */
export function RoomsPanel() {
  const store = useStore();
  const { api } = store;
  const [scope, setScope] = useState<'public' | 'mine'>('public');
  const [query, setQuery] = useState('');
  const [rooms, setRooms] = useState<Room[]>([]);
  const [detail, setDetail] = useState<RoomDetail | null>(null);
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    (search: string) =>
      api
        .call((signal) => api.http.GET('/api/chat/rooms', { params: { query: { scope, limit: 50, ...(search ? { search } : {}) } }, signal }))
        .then((page) => setRooms(page.items))
        .catch((e: unknown) => setNotice(errorText(e))),
    [api, scope],
  );

  useEffect(() => void load(''), [load]);

  const show = (id: string) =>
    api
      .call((signal) => api.http.GET('/api/chat/rooms/{id}', { params: { path: { id } }, signal }))
      .then(setDetail)
      .catch((e: unknown) => setNotice(errorText(e)));

  const create = (event: FormEvent) => {
    event.preventDefault();
    api
      .call((signal) => api.http.POST('/api/chat/rooms', { body: { name, visibility }, signal }))
      .then((room) => (setName(''), setNotice(`Room ${room.name} created`), void load(query), store.openConversation(room.id)))
      .catch((e: unknown) => setNotice(errorText(e)));
  };

  const join = (room: Room) =>
    api
      .call((signal) => api.http.POST('/api/chat/rooms/{id}/join', { params: { path: { id: room.id } }, signal }))
      .then(() => (setNotice(`Joined ${room.name}`), store.openConversation(room.id)))
      .catch((e: unknown) => setNotice(errorText(e)));

  const leave = (room: Room) =>
    api
      .call((signal) => api.http.POST('/api/chat/rooms/{id}/leave', { params: { path: { id: room.id } }, signal }))
      .then(() => (setNotice(`Left ${room.name}`), setDetail(null), store.closeConversation(), store.loadConversations()))
      .catch((e: unknown) => setNotice(errorText(e)));

  return (
    <section className="panel" aria-labelledby="rooms-title">
      <h2 id="rooms-title">Rooms</h2>
      <form onSubmit={create} className="inline-form" aria-label="Create a room">
        <FormField label="New room name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} />
        <label>
          Visibility{' '}
          <select value={visibility} onChange={(e) => setVisibility(e.target.value === 'private' ? 'private' : 'public')}>
            <option value="public">Public</option>
            <option value="private">Private</option>
          </select>
        </label>
        <Button type="submit" variant="primary">
          Create room
        </Button>
      </form>
      <form
        role="search"
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void load(query);
        }}
      >
        <TextInput aria-label="Search rooms" placeholder="Search rooms" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label>
          Show{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value === 'mine' ? 'mine' : 'public')}>
            <option value="public">Public rooms</option>
            <option value="mine">My rooms</option>
          </select>
        </label>
        <Button type="submit">Search</Button>
      </form>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <ul aria-label="Rooms" className="user-list">
        {rooms.map((room) => (
          <li key={room.id} className="user-row">
            <span className="user-name">
              {room.name} <span className="muted">{room.visibility} · {room.memberCount} members</span>
            </span>
            <span className="row-actions">
              <Button onClick={() => void join(room)} aria-label={`Join ${room.name}`}>Join</Button>
              <Button onClick={() => void show(room.id)} aria-label={`Members of ${room.name}`}>Members</Button>
              <Button onClick={() => void leave(room)} aria-label={`Leave ${room.name}`}>Leave</Button>
            </span>
          </li>
        ))}
      </ul>
      {detail && (
        <section aria-label={`Members of ${detail.name}`}>
          <h3>Members of {detail.name}</h3>
          <ul className="user-list">
            {detail.members.map((m) => (
              <li key={m.user.id} className="user-row">
                {m.user.displayName || m.user.username} <span className="muted">{m.role}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
