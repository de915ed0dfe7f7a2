import { createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The JWT HMAC key as a KeyObject. jsonwebtoken first tries to parse a string or Buffer secret as a PEM
 * key (≈0.3 ms of CPU, then a caught exception) on every sign/verify; a KeyObject skips that. The libraries'
 * typings only admit string | Buffer, hence the cast at the call sites (`as unknown as Buffer`).
 */
export function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
