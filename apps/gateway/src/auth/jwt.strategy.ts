import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessTokenClaims, Caller } from '#contracts';
import { hmacKey } from '#common';
import { GatewayEnv } from '../gateway.env.js';
import { ACCESS_TOKEN_ALGORITHMS, AccessTokenVerifier } from './access-token-verifier.js';

/**
 * HTTP side of AccessTokenVerifier: passport checks the signature (HS256 only) and expiry, the verifier
 * checks the claims and asks auth whether the session is still live.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(GatewayEnv) env: GatewayEnv,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: hmacKey(env.JWT_SECRET) as unknown as Buffer,
      algorithms: ACCESS_TOKEN_ALGORITHMS,
      ignoreExpiration: false,
    });
  }

  validate(claims: Partial<AccessTokenClaims>): Promise<Caller> {
    return this.verifier.callerOf(claims);
  }
}
