import { Injectable } from '@nestjs/common';
import { type BlockCheckQuery, type BlockCheckResult, type ProfilesByIdsQuery, type PublicUser, USERS_QUERY_SUBJECTS } from '#contracts';
import { RpcClient } from '#common';

/** What chat asks the users service: member profiles and blocks (users owns both facts). */
@Injectable()
export class UsersDirectory {
  constructor(private readonly rpc: RpcClient) {}

  async profiles(ids: Iterable<string>): Promise<Map<string, PublicUser>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const query: ProfilesByIdsQuery = { ids: unique };
    const users = await this.rpc.request<PublicUser[]>(USERS_QUERY_SUBJECTS.profilesByIds, query);
    return new Map(users.map((user) => [user.id, user]));
  }

  async isBlocked(userA: string, userB: string): Promise<boolean> {
    const query: BlockCheckQuery = { userA, userB };
    const result = await this.rpc.request<BlockCheckResult>(USERS_QUERY_SUBJECTS.blockBetween, query);
    return result.blocked;
  }
}
