import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '#common';

export class ChatEnv extends ServiceEnv {
  override PORT: number = 3003;

  /** A call nobody answers within this many seconds ends "missed". */
  @IsInt()
  @Min(1)
  @Max(600)
  CALL_RING_SECONDS: number = 45;

  /** A participant whose socket in the call disconnected and did not come back within this many seconds leaves it. */
  @IsInt()
  @Min(1)
  @Max(600)
  CALL_DISCONNECT_GRACE_SECONDS: number = 20;
}
