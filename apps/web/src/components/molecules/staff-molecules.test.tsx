import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminAccount, AuditEntry, Report } from '../../api/types.js';
import { AdminUserRow } from './admin-user-row.js';
import { AuditItem } from './audit-item.js';
import { NotificationLevelSelect } from './notification-level-select.js';
import { Pager } from './pager.js';
import { ReasonForm } from './reason-form.js';
import { ReportItem, resolutionsFor } from './report-item.js';
import { SelectField } from './select-field.js';
import { SessionEndedNotice } from './session-ended-notice.js';

afterEach(cleanup);

const account: AdminAccount = {
  id: 'u1',
  username: 'carol',
  displayName: 'Carol',
  avatarUrl: null,
  bio: '',
  onlineStatus: 'online',
  lastSeenAt: null,
  email: 'carol@example.com',
  role: 'user',
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: null,
};
const rowActions = { onDisable: () => Promise.resolve(), onEnable: () => Promise.resolve(), onRoleChange: () => Promise.resolve() };

describe('AdminUserRow', () => {
  it('asks for a reason before disabling, and passes it on', async () => {
    const onDisable = vi.fn(() => Promise.resolve());
    render(<AdminUserRow account={account} canChangeRole={false} isSelf={false} {...rowActions} onDisable={onDisable} />);
    fireEvent.click(screen.getByRole('button', { name: 'Disable carol' }));
    const form = screen.getByRole('form', { name: 'Disable carol' });
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'spam' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Disable carol' }));
    expect(onDisable).toHaveBeenCalledWith('spam');
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Disable carol' })).toBeNull());
  });

  it('refuses an empty reason without calling the server', () => {
    const onDisable = vi.fn(() => Promise.resolve());
    render(<AdminUserRow account={account} canChangeRole={false} isSelf={false} {...rowActions} onDisable={onDisable} />);
    fireEvent.click(screen.getByRole('button', { name: 'Disable carol' }));
    fireEvent.click(within(screen.getByRole('form', { name: 'Disable carol' })).getByRole('button', { name: 'Disable carol' }));
    expect(onDisable).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('Give a reason');
  });

  it('offers enable for a disabled account and shows it as disabled', () => {
    const onEnable = vi.fn(() => Promise.resolve());
    render(<AdminUserRow account={{ ...account, disabled: true }} canChangeRole={false} isSelf={false} {...rowActions} onEnable={onEnable} />);
    expect(screen.getByText('disabled')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Enable carol' }));
    expect(onEnable).toHaveBeenCalledTimes(1);
  });

  it('shows the role select to admins only, and a refused change (LAST_ADMIN) on the row', async () => {
    const { rerender } = render(<AdminUserRow account={account} canChangeRole={false} isSelf={false} {...rowActions} />);
    expect(screen.queryByRole('combobox', { name: 'Role of carol' })).toBeNull();
    rerender(<AdminUserRow account={{ ...account, role: 'admin' }} canChangeRole isSelf {...rowActions} onRoleChange={() => Promise.reject(new Error('LAST_ADMIN: this is the last admin'))} />);
    // Nobody disables themselves from here.
    expect(screen.queryByRole('button', { name: 'Disable carol' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Role of carol' }), { target: { value: 'user' } });
    expect((await screen.findByRole('alert')).textContent).toContain('LAST_ADMIN');
  });
});

const report: Report = {
  id: 'r1',
  reporter: 'u2',
  target: { type: 'message', id: 'm1' },
  reason: 'spam',
  note: 'unsolicited',
  status: 'open',
  createdAt: '2026-01-01T00:00:00.000Z',
  resolvedBy: null,
  resolution: null,
};
const names = (id: string) => ({ u1: 'carol', u2: 'dave', u3: 'boss' })[id] ?? id;

describe('ReportItem', () => {
  it('offers each resolution that fits the target and resolves with it', () => {
    expect(resolutionsFor(report)).toEqual(['dismissed', 'message_deleted', 'user_disabled']);
    expect(resolutionsFor({ target: { type: 'user', id: 'u1' } })).toEqual(['dismissed', 'user_disabled']);
    const onResolve = vi.fn(() => Promise.resolve());
    render(<ReportItem report={report} nameOf={names} onResolve={onResolve} />);
    expect(screen.getByText(/reported by dave/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete the message' }));
    expect(onResolve).toHaveBeenCalledWith('message_deleted');
  });

  it('shows a resolved report with its resolution and no actions', () => {
    render(<ReportItem report={{ ...report, status: 'resolved', resolution: 'user_disabled', resolvedBy: 'u3' }} nameOf={names} onResolve={() => Promise.resolve()} />);
    expect(screen.getByText(/resolved: user disabled by boss/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows why resolving failed', async () => {
    render(<ReportItem report={report} nameOf={names} onResolve={() => Promise.reject(new Error('FORBIDDEN'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect((await screen.findByRole('alert')).textContent).toBe('FORBIDDEN');
  });
});

describe('AuditItem', () => {
  it('says who did what to whom and why', () => {
    const entry: AuditEntry = { id: 'a1', actor: 'u3', action: 'account.disabled', target: { type: 'user', id: 'u1' }, reason: 'spam', at: '2026-01-01T00:00:00.000Z' };
    render(
      <table>
        <tbody>
          <AuditItem entry={entry} nameOf={names} />
        </tbody>
      </table>,
    );
    const row = screen.getByTestId('audit-entry');
    expect(row.textContent).toContain('boss');
    expect(row.textContent).toContain('account.disabled');
    expect(row.textContent).toContain('user carol');
    expect(row.textContent).toContain('spam');
  });
});

describe('Pager', () => {
  it('is absent for a single page; otherwise moves both ways, each end disabled', () => {
    const { rerender } = render(<Pager what="users" page={1} hasNext={false} onPrevious={() => undefined} onNext={() => undefined} />);
    expect(screen.queryByRole('navigation')).toBeNull();
    const onNext = vi.fn();
    rerender(<Pager what="users" page={1} hasNext onPrevious={() => undefined} onNext={onNext} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Previous page of users' }).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next page of users' }));
    expect(onNext).toHaveBeenCalledTimes(1);
    rerender(<Pager what="users" page={2} hasNext={false} onPrevious={() => undefined} onNext={onNext} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Next page of users' }).disabled).toBe(true);
    expect(screen.getByText('Page 2')).toBeTruthy();
  });
});

describe('ReasonForm', () => {
  it('keeps the form open with the error when the action fails', async () => {
    render(<ReasonForm action="Disable bob" onSubmit={() => Promise.reject(new Error('FORBIDDEN'))} onCancel={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'abuse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Disable bob' }));
    expect((await screen.findByRole('alert')).textContent).toBe('FORBIDDEN');
    expect(screen.getByRole('button', { name: 'Disable bob' })).toBeTruthy();
  });
});

describe('SelectField', () => {
  it('ties its label to the select', () => {
    const onChange = vi.fn();
    render(<SelectField label="Status" value="" options={[{ value: '', label: 'Any status' }, { value: 'disabled', label: 'Disabled' }]} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'disabled' } });
    expect(onChange).toHaveBeenCalledWith('disabled');
  });
});

describe('NotificationLevelSelect', () => {
  it('is named after the conversation and shows a refused change', async () => {
    const onChange = vi.fn(() => Promise.reject(new Error('NOT_A_MEMBER')));
    render(<NotificationLevelSelect title="general" level="all" onChange={onChange} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Notifications for general' }), { target: { value: 'none' } });
    expect(onChange).toHaveBeenCalledWith('none');
    expect((await screen.findByRole('alert')).textContent).toBe('NOT_A_MEMBER');
  });
});

describe('SessionEndedNotice', () => {
  it('says the account was disabled, and nothing after an ordinary logout', () => {
    const { container, rerender } = render(<SessionEndedNotice reason="account_disabled" />);
    expect(screen.getByRole('alert').textContent).toContain('disabled');
    rerender(<SessionEndedNotice reason="logout" />);
    expect(container.textContent).toBe('');
  });
});
