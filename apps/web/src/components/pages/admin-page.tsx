import { useMemo } from 'react';
import { AdminApi, isAdmin, isStaff } from '../../state/admin-api.js';
import { navigate, usePathname } from '../../state/location.js';
import { useChatState, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { AdminAnnouncementsPanel } from '../organisms/admin-announcements-panel.js';
import { AdminAuditPanel } from '../organisms/admin-audit-panel.js';
import { AdminReportsPanel } from '../organisms/admin-reports-panel.js';
import { AdminUsersPanel } from '../organisms/admin-users-panel.js';
import { AdminLayout } from '../templates/admin-layout.js';

export const ADMIN_PATH = '/admin';

type Section = 'users' | 'reports' | 'announcements' | 'audit';
const SECTIONS: { id: Section; label: string; adminOnly: boolean }[] = [
  { id: 'users', label: 'Users', adminOnly: false },
  { id: 'reports', label: 'Reports', adminOnly: false },
  { id: 'announcements', label: 'Announcements', adminOnly: false },
  { id: 'audit', label: 'Audit log', adminOnly: true },
];

export function isAdminPath(path: string): boolean {
  return path === ADMIN_PATH || path.startsWith(`${ADMIN_PATH}/`);
}

/** `/admin/<section>`: moderators and admins; anyone else (a typed URL) is told they are not allowed. */
export function AdminPage() {
  const store = useStore();
  const { me } = useChatState();
  const path = usePathname();
  const admin = useMemo(() => new AdminApi(store.api), [store]);
  const sections = SECTIONS.filter((s) => !s.adminOnly || isAdmin(me));
  const asked = path.slice(ADMIN_PATH.length + 1);
  const section = sections.find((s) => s.id === asked) ?? sections[0];
  const back = (
    <Button variant="link" onClick={() => navigate('/')}>
      Back to chat
    </Button>
  );

  if (!isStaff(me) || !section) {
    return (
      <AdminLayout
        header={<span className="brand">Administration</span>}
        main={
          <section className="panel" aria-labelledby="not-allowed-title">
            <h2 id="not-allowed-title">Not allowed</h2>
            <p role="alert">This page is for moderators and admins. Your account is not one.</p>
            {back}
          </section>
        }
      />
    );
  }

  return (
    <AdminLayout
      header={
        <>
          <span className="brand">Administration</span>
          <nav aria-label="Administration sections" className="tabs">
            {sections.map((s) => (
              <Button key={s.id} variant={s.id === section.id ? 'primary' : 'secondary'} aria-current={s.id === section.id ? 'page' : undefined} onClick={() => navigate(`${ADMIN_PATH}/${s.id}`)}>
                {s.label}
              </Button>
            ))}
          </nav>
          <span className="me">
            {me?.username} ({me?.role})
          </span>
          {back}
        </>
      }
      main={
        section.id === 'users' ? (
          <AdminUsersPanel admin={admin} />
        ) : section.id === 'reports' ? (
          <AdminReportsPanel admin={admin} />
        ) : section.id === 'announcements' ? (
          <AdminAnnouncementsPanel admin={admin} canPost={isAdmin(me)} />
        ) : (
          <AdminAuditPanel admin={admin} />
        )
      }
    />
  );
}
