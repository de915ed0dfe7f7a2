import { createSecretKey } from 'node:crypto';
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
    secret: createSecretKey(Buffer.from(secret, 'utf8')),
    signOptions: { algorithm: ACCESS_TOKEN_ALGORITHM, ...(expiresInSeconds === undefined ? {} : { expiresIn: expiresInSeconds }) },
    verifyOptions: { algorithms: [ACCESS_TOKEN_ALGORITHM] },
  };
}
