import { createHash, randomBytes } from 'node:crypto';

/** A new mailed token: 256 random bits, base64url (safe in a URL fragment and in JSON). */
export function newMailedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up instead of the token (SHA-256: the token has full entropy, no salt needed). */
export function hashMailedToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
