import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import type { JwtModuleOptions } from '@nestjs/jwt';

/** Access tokens are HS256 only: `alg: none` and tokens signed with anything else are refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/**
 * JwtService options for access tokens, for the auth service that signs them and the gateway that verifies
 * them. The HMAC key is a KeyObject: jsonwebtoken first tries to parse a string or Buffer secret as a PEM
 * key (≈0.3 ms of CPU, then a caught exception) on every sign/verify; a KeyObject skips that.
 */
export function accessTokenJwtOptions(secret: string, expiresInSeconds?: number): JwtModuleOptions {
  return {
    secret: hmacKey(secret),
    signOptions: {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      // Names the key in the token header, so that verifiers holding several keys pick the right one.
      keyid: jwtKeyId(secret),
      ...(expiresInSeconds === undefined ? {} : { expiresIn: expiresInSeconds }),
    },
    verifyOptions: { algorithms: [ACCESS_TOKEN_ALGORITHM] },
  };
}

const hmacKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

/** A key's `kid`: the first 16 hex digits of its SHA-256, which names the key without revealing it. */
export function jwtKeyId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** `JWT_VERIFY_SECRETS`: comma-separated keys (base64 and hex keys never contain a comma). */
export function secretList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The keys access tokens are verified with, by `kid`: the signing key (JWT_SECRET) and the others still
 * accepted (JWT_VERIFY_SECRETS: the previous key after a rotation, or the next one before it). A token
 * without a `kid` (issued before kids existed) is checked against the signing key only.
 */
export class AccessTokenKeys {
  private readonly byKid: ReadonlyMap<string, KeyObject>;
  private readonly current: KeyObject;

  constructor(signingSecret: string, otherSecrets: readonly string[] = []) {
    this.current = hmacKey(signingSecret);
    this.byKid = new Map([signingSecret, ...otherSecrets].map((secret) => [jwtKeyId(secret), hmacKey(secret)]));
  }

  /** The key for a token header's `kid`, or undefined for a key this process does not hold. */
  keyFor(kid: unknown): KeyObject | undefined {
    if (kid === undefined) return this.current;
    return typeof kid === 'string' ? this.byKid.get(kid) : undefined;
  }
}

/** Empty, or comma-separated keys of at least 32 characters each (validated by both apps' env classes). */
export const JWT_VERIFY_SECRETS_PATTERN = /^$|^[^,\s]{32,}(,[^,\s]{32,})*$/;
export const JWT_VERIFY_SECRETS_MESSAGE = 'JWT_VERIFY_SECRETS must be empty or comma-separated keys of at least 32 characters';
