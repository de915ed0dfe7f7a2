/** An account write refused by the store because it would leave no enabled admin (mapped to 409 LAST_ADMIN). */
export class LastAdminError extends Error {
  constructor() {
    super('the write would leave no enabled admin');
    this.name = 'LastAdminError';
  }
}

/** The role the last-admin rule keeps: an account holding it, not disabled. */
export const ADMIN_ROLE = 'admin';

export const isEnabledAdmin = (account: { roles: readonly string[]; disabled: boolean }): boolean =>
  !account.disabled && account.roles.includes(ADMIN_ROLE);
