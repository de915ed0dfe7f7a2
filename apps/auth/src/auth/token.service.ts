import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims, Role } from '#contracts';
import { newId, secretList } from '#common';
import { AuthEnv } from '../auth.env.js';

export interface IssuedRefreshToken {
  token: string;
  hash: string;
}

const REFRESH_PREFIX = 'rt';

/** What a refresh token says about itself before the session is looked up. */
export interface RefreshTokenParts {
  sessionId: string;
  /**
   * True when the token carries our MAC, i.e. this server issued it. Only such a token, once spent, counts as
   * reuse and ends the session: the session id is readable in the access token, so `rt.<sid>.<anything>` is
   * easy to forge and must not be a way to log a victim out.
   */
  issued: boolean;
}

/**
 * Access tokens: short-lived HS256 JWTs with `sub`, `sid`, `jti`, `role`, `exp`. Refresh tokens: opaque
 * `rt.<sessionId>.<256 random bits>.<MAC>`; only their SHA-256 is stored. Naming the session inside the token
 * lets a spent token be recognised as reuse of that session (and kill it) without keeping old hashes; the MAC
 * (HMAC-SHA-256 under a key derived from JWT_SECRET) proves we issued it. Tokens issued before the MAC existed
 * (three parts) still rotate, but never trigger reuse revocation.
 */
@Injectable()
export class TokenService {
  /** The MAC key of the signing secret first (new tokens), then those of the other accepted secrets. */
  private readonly macKeys: Buffer[];

  constructor(
    private readonly jwt: JwtService,
    @Inject(AuthEnv) private readonly env: AuthEnv,
  ) {
    // A key of its own (derived), so a refresh MAC can never double as an access-token signature.
    this.macKeys = [env.JWT_SECRET, ...secretList(env.JWT_VERIFY_SECRETS)].map((secret) =>
      createHmac('sha256', secret).update('refresh-token-mac').digest(),
    );
  }

  get accessTtlSeconds(): number {
    return this.env.JWT_ACCESS_TTL_SECONDS;
  }

  signAccess(userId: string, sessionId: string, role: Role): Promise<string> {
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId, jti: newId(), role };
    return this.jwt.signAsync(claims);
  }

  issueRefresh(sessionId: string): IssuedRefreshToken {
    const body = `${REFRESH_PREFIX}.${sessionId}.${randomBytes(32).toString('base64url')}`;
    const token = `${body}.${this.mac(body)}`;
    return { token, hash: this.hashRefresh(token) };
  }

  /** The session a well-formed refresh token names and whether we issued it, or undefined. */
  parseRefresh(token: string): RefreshTokenParts | undefined {
    const [prefix, sessionId, secret, mac, ...rest] = token.split('.');
    if (prefix !== REFRESH_PREFIX || !sessionId || !secret || rest.length > 0) return undefined;
    if (mac === undefined) return { sessionId, issued: false };
    const given = Buffer.from(mac);
    // Issued under any accepted key: a key rotation keeps reuse detection for the tokens already out.
    const issued = this.macKeys.some((key) => {
      const expected = Buffer.from(this.mac(`${prefix}.${sessionId}.${secret}`, key));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    return { sessionId, issued };
  }

  private mac(body: string, key: Buffer = this.macKeys[0]): string {
    return createHmac('sha256', key).update(body).digest('base64url');
  }

  hashRefresh(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }
}
