import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';

// Queries the users service answers for other services (chat needs blocks and member profiles).

export class BlockCheckQuery {
  @IsUUID()
  userA: string;

  @IsUUID()
  userB: string;
}

export interface BlockCheckResult {
  /** True when either user has blocked the other. */
  blocked: boolean;
}

export class ProfilesByIdsQuery {
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  ids: string[];
}
