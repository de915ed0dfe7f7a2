import { KeyObject } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenKeys, accessTokenJwtOptions, jwtKeyId } from './jwt-key.js';

const SECRET = 'a test secret that is long enough for HS256';
const unsigned = (claims: object) =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

describe('accessTokenJwtOptions', () => {
  it('signs HS256 tokens with the configured lifetime that the verifying side accepts', async () => {
    const signer = new JwtService(accessTokenJwtOptions(SECRET, 900));
    const verifier = new JwtService(accessTokenJwtOptions(SECRET));
    const token = await signer.signAsync({ sub: 'u1', sid: 's1' });
    const claims = await verifier.verifyAsync<{ sub: string; iat: number; exp: number }>(token);
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))).toMatchObject({ alg: 'HS256' });
    expect(claims).toMatchObject({ sub: 'u1' });
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('refuses unsigned tokens, other algorithms and other keys', async () => {
    const verifier = new JwtService(accessTokenJwtOptions(SECRET));
    await expect(verifier.verifyAsync(unsigned({ sub: 'u1' }))).rejects.toThrow();
    const hs512 = await new JwtService({ secret: SECRET }).signAsync({ sub: 'u1' }, { algorithm: 'HS512' });
    await expect(verifier.verifyAsync(hs512)).rejects.toThrow('invalid algorithm');
    const foreign = await new JwtService(accessTokenJwtOptions('another secret, just as long as the first')).signAsync({ sub: 'u1' });
    await expect(verifier.verifyAsync(foreign)).rejects.toThrow('invalid signature');
  });

  it('hands jsonwebtoken a KeyObject, so it does not try to parse the secret as a PEM key on every call', () => {
    expect(accessTokenJwtOptions(SECRET).secret).toBeInstanceOf(KeyObject);
  });
});

describe('AccessTokenKeys (key rotation)', () => {
  const OLD = 'the old key, long enough for HS256 signatures';
  const NEW = 'the new key, just as long as the old one was';
  const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string };

  it('names the signing key in the header, and finds the key of every accepted kid', async () => {
    const token = await new JwtService(accessTokenJwtOptions(OLD, 900)).signAsync({ sub: 'u1' });
    expect(headerOf(token).kid).toBe(jwtKeyId(OLD));
    const keys = new AccessTokenKeys(NEW, [OLD]);
    const key = keys.keyFor(headerOf(token).kid);
    expect(key).toBeInstanceOf(KeyObject);
    await expect(new JwtService().verifyAsync(token, { secret: key as unknown as Buffer, algorithms: ['HS256'] })).resolves.toMatchObject({ sub: 'u1' });
  });

  it('refuses a kid it does not hold, and checks tokens without a kid against the signing key only', () => {
    const keys = new AccessTokenKeys(NEW, [OLD]);
    expect(keys.keyFor(jwtKeyId('a key that was never configured anywhere'))).toBeUndefined();
    expect(keys.keyFor(42)).toBeUndefined();
    expect(keys.keyFor(undefined)?.export().toString()).toBe(NEW);
    expect(new AccessTokenKeys(NEW).keyFor(jwtKeyId(OLD))).toBeUndefined();
  });
});
