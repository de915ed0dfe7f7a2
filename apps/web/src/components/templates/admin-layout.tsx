import type { ReactNode } from 'react';

export interface AdminLayoutProps {
  header: ReactNode;
  main: ReactNode;
}

/** The staff screens: a header with the sections, one column of content (wide tables scroll on a phone). */
export function AdminLayout({ header, main }: AdminLayoutProps) {
  return (
    <div className="app-shell admin-layout">
      <header className="app-header">{header}</header>
      <main className="app-main admin-main">{main}</main>
    </div>
  );
}
