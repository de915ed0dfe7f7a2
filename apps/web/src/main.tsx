import { StrictMode, useEffect, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminPage, isAdminPath } from './components/pages/admin-page.js';
import { AuthPage } from './components/pages/auth-page.js';
import { ChatPage } from './components/pages/chat-page.js';
import { EmailLinkPage, isEmailLinkPath } from './components/pages/email-link-page.js';
import { startServiceWorker, takeConversationFromUrl } from './push/service-worker-registration.js';
import { ChatStore } from './state/chat-store.js';
import { navigate, usePathname } from './state/location.js';
import { StoreContext } from './state/store-context.js';
import './styles.css';

const store = new ChatStore();
// A notification click: in an open tab (the service worker's message), or a new window at /?conversation=….
const showConversation = (id: string) => {
  navigate('/');
  void store.openConversation(id).catch(() => undefined);
};
startServiceWorker((id) => {
  if (store.getState().me) showConversation(id);
});
let openAfterLogin = takeConversationFromUrl();

function App() {
  const { me } = useSyncExternalStore(store.subscribe, store.getState);
  const path = usePathname();
  useEffect(() => {
    if (!me || !openAfterLogin) return;
    showConversation(openAfterLogin);
    openAfterLogin = null;
  }, [me]);
  // The links in auth's mails open these pages, signed in or not.
  const page = isEmailLinkPath(path) ? <EmailLinkPage path={path} /> : !me ? <AuthPage /> : isAdminPath(path) ? <AdminPage /> : <ChatPage />;
  return <StoreContext.Provider value={store}>{page}</StoreContext.Provider>;
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
