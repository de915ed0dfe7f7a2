import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CallState } from './call-controller.js';
import type { ChatState, ChatStore } from './chat-store.js';

export const StoreContext = createContext<ChatStore | null>(null);

export function useStore(): ChatStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside <StoreContext.Provider>');
  return store;
}

export function useChatState(): ChatState {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}

/** The message of whatever a failed action threw, for display. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}

/** The call sub-store's state (incoming ring, the call on this device). */
export function useCallState(): CallState {
  const store = useStore();
  return useSyncExternalStore(store.calls.subscribe, store.calls.getState);
}
