import type { ApiClient } from '../api/api-client.js';
import type { AdminAccount, AuditEntry, Message, PrivateProfile, Report, ReportResolution, Role } from '../api/types.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserFilter {
  search: string;
  status: '' | 'active' | 'disabled';
  role: '' | Role;
}

export const PAGE_SIZE = 20;

/** Who sees the admin entry: the roles the server lets into `/api/admin` (it still checks every call). */
export function isStaff(me: Pick<PrivateProfile, 'role'> | null): boolean {
  return me?.role === 'moderator' || me?.role === 'admin';
}

export function isAdmin(me: Pick<PrivateProfile, 'role'> | null): boolean {
  return me?.role === 'admin';
}

/** The staff screens' calls (API.md "Administration and moderation"), through the app's typed client. */
export class AdminApi {
  constructor(private readonly api: ApiClient) {}

  users(filter: UserFilter, cursor: string | undefined): Promise<Page<AdminAccount>> {
    const query = {
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
      ...(filter.search.trim() ? { search: filter.search.trim() } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.role ? { role: filter.role } : {}),
    };
    return this.api.call((signal) => this.api.http.GET('/api/admin/users', { params: { query }, signal }));
  }

  async disable(id: string, reason: string): Promise<void> {
    await this.api.call((signal) => this.api.http.POST('/api/admin/users/{id}/disable', { params: { path: { id } }, body: { reason }, signal }));
  }

  async enable(id: string): Promise<void> {
    await this.api.call((signal) => this.api.http.POST('/api/admin/users/{id}/enable', { params: { path: { id } }, signal }));
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.api.call((signal) => this.api.http.PUT('/api/admin/users/{id}/role', { params: { path: { id } }, body: { role }, signal }));
  }

  reports(status: Report['status'], cursor: string | undefined): Promise<Page<Report>> {
    return this.api.call((signal) => this.api.http.GET('/api/admin/reports', { params: { query: { status, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }, signal }));
  }

  resolve(id: string, resolution: ReportResolution): Promise<Report> {
    return this.api.call((signal) => this.api.http.POST('/api/admin/reports/{id}/resolve', { params: { path: { id } }, body: { resolution }, signal }));
  }

  announce(message: string): Promise<Message> {
    return this.api.call((signal) => this.api.http.POST('/api/admin/announcements', { body: { message }, signal }));
  }

  announcements(before: number | undefined): Promise<Page<Message>> {
    return this.api.call((signal) => this.api.http.GET('/api/chat/announcements', { params: { query: { limit: PAGE_SIZE, ...(before ? { before } : {}) } }, signal }));
  }

  audit(cursor: string | undefined): Promise<Page<AuditEntry>> {
    return this.api.call((signal) => this.api.http.GET('/api/admin/audit', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }, signal }));
  }
}
