import { useCallback, useState } from 'react';
import { ApiError } from '../../api/api-client.js';
import type { Role } from '../../api/types.js';
import { isAdmin, type AdminApi, type UserFilter } from '../../state/admin-api.js';
import { useChatState } from '../../state/store-context.js';
import { usePagedList } from '../../state/use-paged-list.js';
import { TextInput } from '../atoms/text-input.js';
import { AdminUserRow, ROLE_OPTIONS } from '../molecules/admin-user-row.js';
import { Pager } from '../molecules/pager.js';
import { SelectField } from '../molecules/select-field.js';

const STATUS_FILTER = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
] as const satisfies readonly { value: UserFilter['status']; label: string }[];

const ROLE_FILTER = [{ value: '', label: 'Any role' }, ...ROLE_OPTIONS] as const satisfies readonly { value: UserFilter['role']; label: string }[];

/** Accounts, searched and filtered, with disable/enable (moderators and admins) and role changes (admins). */
export function AdminUsersPanel({ admin }: { admin: AdminApi }) {
  const { me } = useChatState();
  const [filter, setFilter] = useState<UserFilter>({ search: '', status: '', role: '' });
  const load = useCallback((cursor: string | undefined) => admin.users(filter, cursor), [admin, filter]);
  const list = usePagedList(load, JSON.stringify(filter));

  const setRole = async (id: string, role: Role) => {
    try {
      await admin.setRole(id, role);
    } catch (error) {
      // The one refusal an admin can run into by accident: say what to do about it.
      if (error instanceof ApiError && error.code === 'LAST_ADMIN') throw new Error('LAST_ADMIN: this is the last admin. Make someone else admin first.', { cause: error });
      throw error;
    }
    list.reload();
  };

  return (
    <section className="panel" aria-labelledby="admin-users-title">
      <h2 id="admin-users-title">Users</h2>
      <form className="inline-form" role="search" aria-label="Filter users" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="admin-user-search">Username or email starts with</label>
          <TextInput id="admin-user-search" type="search" value={filter.search} onChange={(e) => setFilter({ ...filter, search: e.target.value })} />
        </div>
        <SelectField label="Status" value={filter.status} options={STATUS_FILTER} onChange={(status) => setFilter({ ...filter, status })} />
        <SelectField label="Role" value={filter.role} options={ROLE_FILTER} onChange={(role) => setFilter({ ...filter, role })} />
      </form>
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      <ul className="user-list" aria-label="Accounts" aria-busy={list.loading}>
        {list.items.map((account) => (
          <AdminUserRow
            key={account.id}
            account={account}
            canChangeRole={isAdmin(me)}
            isSelf={account.id === me?.id}
            onDisable={async (reason) => {
              await admin.disable(account.id, reason);
              list.reload();
            }}
            onEnable={async () => {
              await admin.enable(account.id);
              list.reload();
            }}
            onRoleChange={(role) => setRole(account.id, role)}
          />
        ))}
      </ul>
      {!list.loading && list.items.length === 0 && !list.error && <p className="muted">No account matches.</p>}
      <Pager what="users" page={list.page} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </section>
  );
}
