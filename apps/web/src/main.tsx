import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthPage } from './components/pages/auth-page.js';
import { ChatPage } from './components/pages/chat-page.js';
import { EmailLinkPage, isEmailLinkPath } from './components/pages/email-link-page.js';
import { ChatStore } from './state/chat-store.js';
import { StoreContext } from './state/store-context.js';
import './styles.css';

const store = new ChatStore();

function App() {
  const { me } = useSyncExternalStore(store.subscribe, store.getState);
  const path = window.location.pathname;
  // The links in auth's mails open these pages, signed in or not.
  const page = isEmailLinkPath(path) ? <EmailLinkPage path={path} /> : me ? <ChatPage /> : <AuthPage />;
  return <StoreContext.Provider value={store}>{page}</StoreContext.Provider>;
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
