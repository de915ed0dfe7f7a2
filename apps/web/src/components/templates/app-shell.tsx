import type { ReactNode } from 'react';

export interface AppShellProps {
  header: ReactNode;
  banner?: ReactNode;
  sidebar: ReactNode;
  main: ReactNode;
  /** On a phone only one column shows: the main one while something is open in it. */
  mainOpen: boolean;
}

export function AppShell({ header, banner, sidebar, main, mainOpen }: AppShellProps) {
  return (
    <div className={`app-shell${mainOpen ? ' main-open' : ''}`}>
      <header className="app-header">{header}</header>
      {banner}
      <div className="app-body">
        <aside className="app-sidebar">{sidebar}</aside>
        <main className="app-main">{main}</main>
      </div>
    </div>
  );
}
