import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AUTH_SUBJECTS, type AccessTokenClaims, type Caller, ErrorCode, type SessionValidity } from '#contracts';
import { DomainError, RpcClient } from '#common';
import { GatewayEnv } from '../gateway.env.js';

/**
 * Verifies the access token locally (signature, HS256 only, expiry), then asks auth whether its
 * session is still live, so logout and revocation take effect on the very next request on every replica.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(GatewayEnv) env: GatewayEnv,
    private readonly rpc: RpcClient,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: env.JWT_SECRET,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<Caller> {
    const { sub, sid } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string') {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'Access token is missing required claims');
    }
    const { valid } = await this.rpc.request<SessionValidity>(AUTH_SUBJECTS.validateSession, { userId: sub, sessionId: sid });
    if (!valid) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Session has ended');
    return { userId: sub, sessionId: sid };
  }
}
