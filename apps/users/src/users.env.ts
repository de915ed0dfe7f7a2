import { IsInt, Max, Min } from 'class-validator';
import { PRESENCE_TTL_SECONDS_DEFAULT } from '#contracts';
import { ServiceEnv } from '#common';

export class UsersEnv extends ServiceEnv {
  override PORT: number = 3002;

  /** Presence lease lifetime (seconds), as on the gateways: the sweep for dead replicas' leases runs every TTL/3. */
  @IsInt()
  @Min(3)
  @Max(3600)
  PRESENCE_TTL_SECONDS: number = PRESENCE_TTL_SECONDS_DEFAULT;
}
