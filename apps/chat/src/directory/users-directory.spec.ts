import { describe, expect, it } from '@jest/globals';
import type { RpcClient } from '#common';
import type { ProfilesByIdsQuery, PublicUser } from '#contracts';
import type { BlockCopyService } from '../blocks/block-copy.service.js';
import { UsersDirectory } from './users-directory.js';

// Profiles only here: blocks come from the read copy (block-copy.repository.spec.ts).
const noBlocks = {} as BlockCopyService;

describe('UsersDirectory', () => {
  it('fetches the profiles of a page of big rooms although the users service takes at most 1000 ids per query', async () => {
    const sizes: number[] = [];
    const rpc = {
      // Behaves like the users service: its ProfilesByIdsQuery is @ArrayMaxSize(1000).
      request: async (_subject: string, query: ProfilesByIdsQuery) => {
        sizes.push(query.ids.length);
        if (query.ids.length > 1000) throw Object.assign(new Error('ids must contain no more than 1000 elements'), { code: 'VALIDATION_FAILED' });
        return query.ids.map((id) => ({ id }) as PublicUser);
      },
    } as unknown as RpcClient;
    const ids = Array.from({ length: 2500 }, (_, i) => `user-${i}`);

    const profiles = await new UsersDirectory(rpc, noBlocks).profiles([...ids, ...ids.slice(0, 10)]);

    expect(profiles.size).toBe(2500);
    expect(ids.every((id) => profiles.get(id)?.id === id)).toBe(true);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect((await new UsersDirectory(rpc, noBlocks).profiles([])).size).toBe(0);
    expect(sizes).toHaveLength(3);
  });
});
