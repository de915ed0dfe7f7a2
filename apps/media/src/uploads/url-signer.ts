import { createHmac, timingSafeEqual } from 'node:crypto';

export type MediaVariant = 'original' | 'thumbnail';

/**
 * Signed `url`/`thumbnailUrl` (API.md): `?exp=<unix seconds>&sig=<HMAC>` over the upload, the variant and
 * the expiry, so an `<img src>` works without a token until then. The key is derived from MEDIA_SECRET for
 * this purpose only. Expiries are rounded up to the minute, so the urls of a page stay equal (browser cache).
 */
export class UrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createHmac('sha256', secret).update('media-url-signing').digest();
  }

  expiry(nowMs = Date.now()): number {
    return Math.ceil((nowMs / 1000 + this.ttlSeconds) / 60) * 60;
  }

  sign(id: string, variant: MediaVariant, exp: number): string {
    return createHmac('sha256', this.key).update(`${id}\n${variant}\n${exp}`).digest('base64url');
  }

  url(id: string, variant: MediaVariant, exp: number): string {
    const path = variant === 'thumbnail' ? `/api/media/${encodeURIComponent(id)}/thumbnail` : `/api/media/${encodeURIComponent(id)}`;
    return `${path}?exp=${exp}&sig=${this.sign(id, variant, exp)}`;
  }

  verify(id: string, variant: MediaVariant, exp: string | null, sig: string | null, nowMs = Date.now()): boolean {
    const expiry = Number(exp);
    if (!sig || !Number.isSafeInteger(expiry) || expiry * 1000 < nowMs) return false;
    const expected = Buffer.from(this.sign(id, variant, expiry));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
