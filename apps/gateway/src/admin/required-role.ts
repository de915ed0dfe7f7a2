import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Caller, hasRole, type Role } from '#contracts';
import { requireRole } from '#common';

const REQUIRED_ROLE = 'requiredRole';

/**
 * Checks the `role` claim the JWT guard left on the caller against the route's @RequireRole: FORBIDDEN
 * otherwise (the service checks the same again, so a route without the decorator still cannot skip it).
 */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const min = this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getHandler());
    if (!min) return true;
    const caller = context.switchToHttp().getRequest<Request & { user?: Caller }>().user;
    if (!caller) return false;
    requireRole(caller, min);
    return hasRole(caller.role ?? 'user', min);
  }
}

/** The minimum role of a route: enforced by RoleGuard and shown in the OpenAPI document as `x-required-role`. */
export const RequireRole = (min: Role): MethodDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, min), UseGuards(RoleGuard), ApiExtension('x-required-role', min));
