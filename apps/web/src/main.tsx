import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthPage } from './components/pages/auth-page.js';
import { ChatPage } from './components/pages/chat-page.js';
import { ChatStore } from './state/chat-store.js';
import { StoreContext } from './state/store-context.js';
import './styles.css';

const store = new ChatStore();

function App() {
  const { me } = useSyncExternalStore(store.subscribe, store.getState);
  return <StoreContext.Provider value={store}>{me ? <ChatPage /> : <AuthPage />}</StoreContext.Provider>;
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
