import { useState } from 'react';
import type { AdminAccount, Role } from '../../api/types.js';
import { Avatar } from '../atoms/avatar.js';
import { Button } from '../atoms/button.js';
import { Select } from '../atoms/select.js';
import { Tag } from '../atoms/tag.js';
import { ReasonForm } from './reason-form.js';

export const ROLE_OPTIONS = [
  { value: 'user', label: 'User' },
  { value: 'moderator', label: 'Moderator' },
  { value: 'admin', label: 'Admin' },
] as const satisfies readonly { value: Role; label: string }[];

export interface AdminUserRowProps {
  account: AdminAccount;
  /** Only admins change roles; moderators see the role. */
  canChangeRole: boolean;
  /** Not on one's own account: the server would refuse, and it is an easy way to lock oneself out. */
  isSelf: boolean;
  onDisable: (reason: string) => Promise<void>;
  onEnable: () => Promise<void>;
  onRoleChange: (role: Role) => Promise<void>;
}

/** One account in the staff user list, with its actions; each action's failure (LAST_ADMIN, FORBIDDEN) shows on the row. */
export function AdminUserRow({ account, canChangeRole, isSelf, onDisable, onEnable, onRoleChange }: AdminUserRowProps) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = account.username;
  const run = (action: Promise<void>) => {
    setError(null);
    action.catch((e: unknown) => setError(e instanceof Error ? e.message : 'Something went wrong'));
  };
  return (
    <li className="admin-row" data-testid="admin-user" data-username={name}>
      <Avatar name={account.displayName || name} url={account.avatarUrl} />
      <span className="user-name">
        <strong>{account.displayName || name}</strong> <span className="muted">@{name} · {account.email}</span>
      </span>
      {account.role !== 'user' && <Tag tone="strong">{account.role}</Tag>}
      {account.disabled && <Tag tone="warning">disabled</Tag>}
      <span className="row-actions">
        {canChangeRole ? (
          <Select aria-label={`Role of ${name}`} value={account.role} options={ROLE_OPTIONS} onChange={(role) => run(onRoleChange(role))} />
        ) : null}
        {!isSelf &&
          (account.disabled ? (
            <Button onClick={() => run(onEnable())}>Enable {name}</Button>
          ) : (
            !asking && (
              <Button variant="danger" onClick={() => setAsking(true)}>
                Disable {name}
              </Button>
            )
          ))}
      </span>
      {asking && !account.disabled && (
        <ReasonForm
          action={`Disable ${name}`}
          onCancel={() => setAsking(false)}
          onSubmit={async (reason) => {
            await onDisable(reason);
            setAsking(false);
          }}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
