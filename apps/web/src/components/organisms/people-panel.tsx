import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Friend, FriendRequests, PublicUser } from '../../api/types.js';
import { errorText, useChatState, useStore } from '../../state/store-context.js';
import { Avatar } from '../atoms/avatar.js';
import { Button } from '../atoms/button.js';
import { PresenceDot } from '../atoms/presence-dot.js';
import { TextInput } from '../atoms/text-input.js';

function UserRow({ user, children }: { user: PublicUser; children: ReactNode }) {
  const { presence } = useChatState();
  const name = user.displayName || user.username;
  return (
    <li className="user-row" data-username={user.username}>
      <Avatar name={name} url={user.avatarUrl} />
      <PresenceDot status={presence[user.id] ?? user.onlineStatus} />
      <span className="user-name">
        {name} <span className="muted">@{user.username}</span>
      </span>
      <span className="row-actions">{children}</span>
    </li>
  );
}

/** Users: search, direct messages, friends and requests, blocks. */
export function PeoplePanel() {
  const store = useStore();
  const { friendsVersion } = useChatState();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PublicUser[]>([]);
  const [friends, setFriends] = useState<Friend[]>([]);
  const [requests, setRequests] = useState<FriendRequests>({ incoming: [], outgoing: [] });
  const [blocked, setBlocked] = useState<PublicUser[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const { api } = store;

  const reload = useCallback(async () => {
    const [f, r, b] = await Promise.all([
      api.call((signal) => api.http.GET('/api/users/friends', { params: { query: { limit: 100 } }, signal })),
      api.call((signal) => api.http.GET('/api/users/friends/requests', { signal })),
      api.call((signal) => api.http.GET('/api/users/blocks', { signal })),
    ]);
    setFriends(f.items);
    setRequests(r);
    setBlocked(b.items);
  }, [api]);

  useEffect(() => {
    reload().catch((e: unknown) => setNotice(errorText(e)));
  }, [reload, friendsVersion]);

  const act = (action: () => Promise<unknown>, done: string) => {
    action()
      .then(() => (setNotice(done), reload()))
      .catch((e: unknown) => setNotice(errorText(e)));
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    api
      .call((signal) => api.http.GET('/api/users', { params: { query: { search: query, limit: 20 } }, signal }))
      .then((page) => setResults(page.items))
      .catch((e: unknown) => setNotice(errorText(e)));
  };

  const addFriend = (u: PublicUser) => act(() => api.call((signal) => api.http.POST('/api/users/friends', { body: { friendId: u.id }, signal })), `Friend request sent to ${u.username}`);
  const block = (u: PublicUser) => act(() => api.call((signal) => api.http.POST('/api/users/blocks', { body: { userId: u.id }, signal })), `${u.username} is blocked`);
  const message = (u: PublicUser) => store.openDirect(u);
  const name = (u: PublicUser) => u.displayName || u.username;

  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      <form role="search" onSubmit={search} className="inline-form">
        <TextInput aria-label="Search users" placeholder="Search users" value={query} onChange={(e) => setQuery(e.target.value)} />
        <Button type="submit">Search</Button>
      </form>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {results.length > 0 && (
        <ul aria-label="Search results" className="user-list">
          {results.map((u) => (
            <UserRow key={u.id} user={u}>
              <Button onClick={() => message(u)} aria-label={`Message ${name(u)}`}>Message</Button>
              <Button onClick={() => addFriend(u)} aria-label={`Add ${name(u)} as friend`}>Add friend</Button>
              <Button variant="danger" onClick={() => block(u)} aria-label={`Block ${name(u)}`}>Block</Button>
            </UserRow>
          ))}
        </ul>
      )}
      <h3>Friend requests</h3>
      <ul aria-label="Incoming friend requests" className="user-list">
        {requests.incoming.map(({ user: u }) => (
          <UserRow key={u.id} user={u}>
            <Button variant="primary" onClick={() => act(() => api.call((signal) => api.http.POST('/api/users/friends/requests/{userId}/accept', { params: { path: { userId: u.id } }, signal })), `You and ${u.username} are friends`)} aria-label={`Accept ${name(u)}`}>
              Accept
            </Button>
            <Button onClick={() => act(() => api.call((signal) => api.http.POST('/api/users/friends/requests/{userId}/decline', { params: { path: { userId: u.id } }, signal })), 'Request declined')} aria-label={`Decline ${name(u)}`}>
              Decline
            </Button>
          </UserRow>
        ))}
      </ul>
      {requests.outgoing.length > 0 && (
        <ul aria-label="Sent friend requests" className="user-list">
          {requests.outgoing.map(({ user: u }) => (
            <UserRow key={u.id} user={u}>
              <span className="muted">pending</span>
            </UserRow>
          ))}
        </ul>
      )}
      <h3>Friends</h3>
      <ul aria-label="Friends" className="user-list">
        {friends.map((u) => (
          <UserRow key={u.id} user={u}>
            <Button onClick={() => message(u)} aria-label={`Message ${name(u)}`}>Message</Button>
            <Button onClick={() => act(() => api.call((signal) => api.http.DELETE('/api/users/friends/{friendId}', { params: { path: { friendId: u.id } }, signal })), 'Friend removed')} aria-label={`Remove friend ${name(u)}`}>
              Remove
            </Button>
            <Button variant="danger" onClick={() => block(u)} aria-label={`Block ${name(u)}`}>Block</Button>
          </UserRow>
        ))}
      </ul>
      <h3>Blocked</h3>
      <ul aria-label="Blocked users" className="user-list">
        {blocked.map((u) => (
          <UserRow key={u.id} user={u}>
            <Button onClick={() => act(() => api.call((signal) => api.http.DELETE('/api/users/blocks/{userId}', { params: { path: { userId: u.id } }, signal })), `${u.username} is unblocked`)} aria-label={`Unblock ${name(u)}`}>
              Unblock
            </Button>
          </UserRow>
        ))}
      </ul>
    </section>
  );
}
