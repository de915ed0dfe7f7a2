import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header of every gateway → media internal HTTP request (docs/adr/0013). */
export const MEDIA_AUTH_HEADER = 'x-media-auth';
/** A signed internal request is accepted this long after it was signed (clock skew between pods included). */
export const MEDIA_AUTH_VALIDITY_SECONDS = 60;

function mac(secret: string, method: string, path: string, userId: string, exp: number): string {
  return createHmac('sha256', secret).update(`media-internal\n${method.toUpperCase()}\n${path}\n${userId}\n${exp}`).digest('base64url');
}

/**
 * `<exp>.<userId or ->.<mac>`: binds the method, the path with its query and the caller the gateway verified,
 * so the internal port refuses anyone without the shared MEDIA_SECRET and a replay cannot change what it asks.
 */
export function signMediaRequest(secret: string, method: string, path: string, userId: string | null, nowMs = Date.now()): string {
  const exp = Math.floor(nowMs / 1000) + MEDIA_AUTH_VALIDITY_SECONDS;
  const who = userId ?? '-';
  return `${exp}.${who}.${mac(secret, method, path, who, exp)}`;
}

/** The caller (null for an anonymous request) when the header is valid and fresh; undefined otherwise. */
export function verifyMediaRequest(
  secret: string,
  header: string | undefined,
  method: string,
  path: string,
  nowMs = Date.now(),
): { userId: string | null } | undefined {
  const parts = header?.split('.');
  if (!parts || parts.length !== 3) return undefined;
  const [expText, who, given] = parts;
  const exp = Number(expText);
  if (!Number.isSafeInteger(exp) || exp < Math.floor(nowMs / 1000) || exp > Math.floor(nowMs / 1000) + 2 * MEDIA_AUTH_VALIDITY_SECONDS) return undefined;
  const expected = Buffer.from(mac(secret, method, path, who, exp));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return { userId: who === '-' ? null : who };
}
