import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AUTH_SUBJECTS, type AccessTokenClaims, type Caller, ErrorCode, isRole } from '#contracts';
import { ACCESS_TOKEN_ALGORITHM, AccessTokenKeys, accessTokenJwtOptions, DomainError, RpcClient, secretList } from '#common';
import { GatewayEnv } from '../gateway.env.js';

/**
 * The one access-token check of the gateway, for HTTP requests (JwtAuthGuard) and socket handshakes:
 * signature and expiry locally, then auth is asked whether the session is still live, so logout and
 * revocation take effect at once on every replica (docs/adr/0002).
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly jwt: JwtService;
  private readonly keys: AccessTokenKeys;

  constructor(
    @Inject(GatewayEnv) env: GatewayEnv,
    private readonly rpc: RpcClient,
  ) {
    this.jwt = new JwtService(accessTokenJwtOptions(env.JWT_SECRET));
    this.keys = new AccessTokenKeys(env.JWT_SECRET, secretList(env.JWT_VERIFY_SECRETS));
  }

  /** A raw token (the socket handshake): UNAUTHORIZED unless valid and its session live. */
  async verify(token: unknown): Promise<Caller> {
    if (typeof token !== 'string' || token === '') throw new DomainError(ErrorCode.UNAUTHORIZED, 'Missing access token');
    let claims: Partial<AccessTokenClaims>;
    try {
      // The header names the key (kid); several keys are accepted while the key rotates (docs/operations.md).
      const header = (this.jwt.decode<unknown>(token, { complete: true }) as { header?: { kid?: unknown } } | null)?.header;
      const key = this.keys.keyFor(header?.kid);
      if (!key) throw new Error('unknown key id');
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token, { secret: key as unknown as Buffer, algorithms: [ACCESS_TOKEN_ALGORITHM] });
    } catch {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'Invalid or expired access token');
    }
    return this.callerOf(claims);
  }

  /** Claims whose signature and expiry were already checked → the caller, if the session is live. */
  async callerOf(claims: Partial<AccessTokenClaims>): Promise<Caller> {
    const { sub, sid, exp, role } = claims;
    // jsonwebtoken checks exp only when present: a token without one would never expire.
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'Access token is missing required claims');
    }
    const { valid } = await this.rpc.request(AUTH_SUBJECTS.validateSession, { userId: sub, sessionId: sid });
    if (!valid) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Session has ended');
    // A token from before roles existed has no claim: a plain user. A role change ends the session, so a live
    // session's claim is current.
    return { userId: sub, sessionId: sid, ...(isRole(role) && role !== 'user' ? { role } : {}) };
  }
}
