import { ServiceEnv } from '#common';

export class UsersEnv extends ServiceEnv {
  override PORT: number = 3002;
}
