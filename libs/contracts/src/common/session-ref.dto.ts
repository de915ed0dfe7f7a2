import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { type Role, ROLES } from '../admin/roles.js';
import { ClientInfo } from './client-info.dto.js';

/** Identity filled in by the gateway from the verified access token, never from client input. */
export class Caller {
  @IsUUID()
  userId: string;

  @IsUUID()
  sessionId: string;

  /** The account's role from the access token (absent: `user`); services check it again on staff actions. */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

/** A nested payload object that must be present and valid (ValidateNested alone lets `undefined` through). */
function RequiredNested(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsDefined()(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
}

/** The `caller` of every command a service receives on behalf of a user. */
export const CallerField = (): PropertyDecorator => RequiredNested(() => Caller);

/** The `client` (user agent, IP) of the commands that open sessions. */
export const ClientField = (): PropertyDecorator => RequiredNested(() => ClientInfo);
