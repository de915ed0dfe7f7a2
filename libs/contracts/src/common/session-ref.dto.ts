import { IsUUID } from 'class-validator';

/** Identity filled in by the gateway from the verified access token, never from client input. */
export class Caller {
  @IsUUID()
  userId: string;

  @IsUUID()
  sessionId: string;
}
