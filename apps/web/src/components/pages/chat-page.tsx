import { useState } from 'react';
import { useChatState, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { AlertBanner } from '../molecules/alert-banner.js';
import { ConnectionStatus } from '../molecules/connection-status.js';
import { ConversationList } from '../organisms/conversation-list.js';
import { ConversationView } from '../organisms/conversation-view.js';
import { PeoplePanel } from '../organisms/people-panel.js';
import { ProfileForm } from '../organisms/profile-form.js';
import { RoomsPanel } from '../organisms/rooms-panel.js';
import { SearchPanel } from '../organisms/search-panel.js';
import { CallPanel } from '../organisms/call-panel.js';
import { IncomingCallDialog } from '../organisms/incoming-call-dialog.js';
import { AppShell } from '../templates/app-shell.js';
import { NotificationSettings } from '../organisms/notification-settings.js';
import { isStaff } from '../../state/admin-api.js';
import { navigate } from '../../state/location.js';
import { ADMIN_PATH } from './admin-page.js';

type Tab = 'chats' | 'people' | 'rooms' | 'search' | 'profile' | 'settings';
const TABS: { id: Tab; label: string }[] = [
  { id: 'chats', label: 'Chats' },
  { id: 'people', label: 'People' },
  { id: 'rooms', label: 'Rooms' },
  { id: 'search', label: 'Search' },
  { id: 'profile', label: 'Profile' },
  { id: 'settings', label: 'Settings' },
];

export function ChatPage() {
  const store = useStore();
  const { me, connection, banner, activeId, draft } = useChatState();
  const [tab, setTab] = useState<Tab>('chats');
  const conversationOpen = activeId !== null || draft !== null;
  // Opening a conversation from another section (a friend, a room, a search hit) shows it, under Chats.
  const shown: Tab = conversationOpen ? 'chats' : tab;

  const panel = tab === 'people' ? <PeoplePanel /> : tab === 'rooms' ? <RoomsPanel /> : tab === 'search' ? <SearchPanel onJump={() => setTab('chats')} /> : tab === 'settings' ? <NotificationSettings /> : <ProfileForm />;

  return (
    <AppShell
      mainOpen={conversationOpen || shown !== 'chats'}
      header={
        <>
          <span className="brand">Chat</span>
          <nav aria-label="Sections" className="tabs">
            {TABS.map((t) => (
              <Button
                key={t.id}
                variant={shown === t.id ? 'primary' : 'secondary'}
                aria-current={shown === t.id ? 'page' : undefined}
                onClick={() => {
                  setTab(t.id);
                  if (t.id !== 'chats') store.closeConversation();
                }}
              >
                {t.label}
              </Button>
            ))}
          </nav>
          {isStaff(me) && <Button onClick={() => navigate(ADMIN_PATH)}>Admin</Button>}
          <ConnectionStatus state={connection} />
          <span className="me">{me?.displayName || me?.username}</span>
          <Button onClick={() => void store.logout()}>Log out</Button>
        </>
      }
      banner={
        <>
          {banner && <AlertBanner code={banner.code} message={banner.message} onDismiss={() => store.dismissBanner()} />}
          <IncomingCallDialog />
          <CallPanel />
        </>
      }
      sidebar={<ConversationList />}
      main={shown === 'chats' ? <ConversationView /> : panel}
    />
  );
}
