import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '#common';

export class ChatEnv extends ServiceEnv {
  override PORT: number = 3003;

  /**
   * SQLite only: sends stored within this many ms of the previous commit wait for the next one, together (group
   * commit, ADR 0005). Adds at most this much to a send's latency under load, none when idle; 0 commits once per
   * event-loop turn.
   */
  @IsInt()
  @Min(0)
  @Max(50)
  MESSAGE_COMMIT_WINDOW_MS: number = 3;

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
