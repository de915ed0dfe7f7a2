import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AVATAR_PATH_PREFIX } from '#contracts';
import { DomainError, newId } from '#common';
import { BlobStore } from '../blobs/blob-store.js';
import { MediaEnv } from '../media.env.js';
import { avatarVariants } from '../uploads/content-inspector.js';
import { UploadsService } from '../uploads/uploads.service.js';

export const AVATAR_SIZES = [256, 64] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];

const avatarKey = (id: string, size: AvatarSize) => `avatars/${id}/${size}.webp`;

/**
 * Avatars are public (API.md): a square crop stored as 256 px and 64 px WebP under a fresh id, so the url
 * never changes meaning and can be cached for ever. The previous avatar's blobs are left in place (a profile
 * seen before the change still shows); see docs/adr/0013 for this cost.
 */
@Injectable()
export class AvatarsService {
  constructor(
    private readonly env: MediaEnv,
    private readonly uploads: UploadsService,
    private readonly blobs: BlobStore,
  ) {}

  async store(source: Readable): Promise<{ avatarUrl: string }> {
    return this.uploads.receive(source, async (path) => {
      const { large, small } = await avatarVariants(path, this.env.MEDIA_MAX_PIXELS);
      const id = newId();
      await this.blobs.put(avatarKey(id, 256), Readable.from([large]), large.length);
      await this.blobs.put(avatarKey(id, 64), Readable.from([small]), small.length);
      return { avatarUrl: `${AVATAR_PATH_PREFIX}${id}` };
    });
  }

  /** The stored variant's size, or 404. */
  async find(id: string, size: AvatarSize): Promise<{ key: string; size: number }> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw DomainError.notFound('Avatar');
    const key = avatarKey(id, size);
    const info = await this.blobs.stat(key);
    if (!info) throw DomainError.notFound('Avatar');
    return { key, size: info.size };
  }
}
