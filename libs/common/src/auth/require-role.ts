import { type Caller, ErrorCode, hasRole, type Role } from '#contracts';
import { DomainError } from '../errors/domain.error.js';

/**
 * A staff action's own check in the service that carries it out (the gateway's role guard checked the same
 * claim first): FORBIDDEN unless the caller's role is `min` or above.
 */
export function requireRole(caller: Caller, min: Role): void {
  if (!hasRole(caller.role ?? 'user', min)) throw new DomainError(ErrorCode.FORBIDDEN, `This needs the ${min} role`);
}
