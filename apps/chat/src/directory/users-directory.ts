import { Injectable } from '@nestjs/common';
import { type ProfilesByIdsQuery, type PublicUser, USERS_SUBJECTS } from '#contracts';
import { RpcClient } from '#common';
import { BlockCopyService } from '../blocks/block-copy.service.js';

/** The users service refuses a ProfilesByIdsQuery of more ids than this (its ArrayMaxSize). */
export const PROFILES_PER_REQUEST = 1000;

/**
 * What chat knows of the users service's facts: member profiles (asked) and blocks (from chat's read copy, fed by
 * the users service's block events: no request per direct send, ADR 0019).
 */
@Injectable()
export class UsersDirectory {
  constructor(
    private readonly rpc: RpcClient,
    private readonly blocks: BlockCopyService,
  ) {}

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

  /** The accounts among `ids` others may address: a disabled one is 404 to them (README "Administration"). */
  async reachable(ids: Iterable<string>): Promise<Map<string, PublicUser>> {
    return new Map([...(await this.profiles(ids))].filter(([, user]) => user.disabled !== true));
  }

  /** True when either user has blocked the other. */
  isBlocked(userA: string, userB: string): Promise<boolean> {
    return this.blocks.between(userA, userB);
  }
}
