import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims } from '#contracts';
import { newId } from '#common';
import { AuthEnv } from '../auth.env.js';

export interface IssuedRefreshToken {
  token: string;
  hash: string;
}

const REFRESH_PREFIX = 'rt';

/**
 * Access tokens: short-lived HS256 JWTs with `sub`, `sid`, `jti`. Refresh tokens: opaque
 * `rt.<sessionId>.<256 random bits>`; only their SHA-256 is stored. Naming the session inside the token
 * lets a spent token be recognised as reuse of that session (and kill it) without keeping old hashes.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(AuthEnv) private readonly env: AuthEnv,
  ) {}

  get accessTtlSeconds(): number {
    return this.env.JWT_ACCESS_TTL_SECONDS;
  }

  signAccess(userId: string, sessionId: string): Promise<string> {
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId, jti: newId() };
    return this.jwt.signAsync(claims);
  }

  issueRefresh(sessionId: string): IssuedRefreshToken {
    const token = `${REFRESH_PREFIX}.${sessionId}.${randomBytes(32).toString('base64url')}`;
    return { token, hash: this.hashRefresh(token) };
  }

  /** The session id named by a well-formed refresh token, or undefined. */
  sessionIdOf(token: string): string | undefined {
    const [prefix, sessionId, secret, ...rest] = token.split('.');
    if (prefix !== REFRESH_PREFIX || !sessionId || !secret || rest.length > 0) return undefined;
    return sessionId;
  }

  hashRefresh(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }
}
