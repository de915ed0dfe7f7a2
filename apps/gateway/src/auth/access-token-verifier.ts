import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AUTH_SUBJECTS, type AccessTokenClaims, type Caller, ErrorCode } from '#contracts';
import { accessTokenJwtOptions, DomainError, RpcClient } from '#common';
import { GatewayEnv } from '../gateway.env.js';

/**
 * The one access-token check of the gateway, for HTTP requests (JwtAuthGuard) and socket handshakes:
 * signature and expiry locally, then auth is asked whether the session is still live, so logout and
 * revocation take effect at once on every replica (docs/adr/0002).
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly jwt: JwtService;

  constructor(
    @Inject(GatewayEnv) env: GatewayEnv,
    private readonly rpc: RpcClient,
  ) {
    this.jwt = new JwtService(accessTokenJwtOptions(env.JWT_SECRET));
  }

  /** A raw token (the socket handshake): UNAUTHORIZED unless valid and its session live. */
  async verify(token: unknown): Promise<Caller> {
    if (typeof token !== 'string' || token === '') throw new DomainError(ErrorCode.UNAUTHORIZED, 'Missing access token');
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token);
    } catch {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'Invalid or expired access token');
    }
    return this.callerOf(claims);
  }

  /** Claims whose signature and expiry were already checked → the caller, if the session is live. */
  async callerOf(claims: Partial<AccessTokenClaims>): Promise<Caller> {
    const { sub, sid, exp } = claims;
    // jsonwebtoken checks exp only when present: a token without one would never expire.
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'Access token is missing required claims');
    }
    const { valid } = await this.rpc.request(AUTH_SUBJECTS.validateSession, { userId: sub, sessionId: sid });
    if (!valid) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Session has ended');
    return { userId: sub, sessionId: sid };
  }
}
