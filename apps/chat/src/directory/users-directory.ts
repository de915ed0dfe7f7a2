import { Injectable } from '@nestjs/common';
import { type BlockCheckQuery, type ProfilesByIdsQuery, type PublicUser, USERS_SUBJECTS } from '#contracts';
import { RpcClient } from '#common';

/** The users service refuses a ProfilesByIdsQuery of more ids than this (its ArrayMaxSize). */
export const PROFILES_PER_REQUEST = 1000;

/** What chat asks the users service: member profiles and blocks (users owns both facts). */
@Injectable()
export class UsersDirectory {
  constructor(private readonly rpc: RpcClient) {}

  /** One request per PROFILES_PER_REQUEST ids (sent together): a page of big rooms easily names more users than one query may carry. */
  async profiles(ids: Iterable<string>): Promise<Map<string, PublicUser>> {
    const unique = [...new Set(ids)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += PROFILES_PER_REQUEST) chunks.push(unique.slice(i, i + PROFILES_PER_REQUEST));
    const answers = await Promise.all(
      chunks.map((chunk) => {
        const query: ProfilesByIdsQuery = { ids: chunk };
        return this.rpc.request(USERS_SUBJECTS.profilesByIds, query);
      }),
    );
    return new Map(answers.flat().map((user) => [user.id, user]));
  }

  async isBlocked(userA: string, userB: string): Promise<boolean> {
    const query: BlockCheckQuery = { userA, userB };
    const result = await this.rpc.request(USERS_SUBJECTS.blockBetween, query);
    return result.blocked;
  }
}
