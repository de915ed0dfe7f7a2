import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { IceServer, IceServers } from '#contracts';
import { GatewayEnv } from '../gateway.env.js';

/**
 * A TURN REST API credential (draft-uberti-behave-turn-rest, coturn `use-auth-secret`): the username is
 * `<expiry unix seconds>:<userId>` and the password is base64(HMAC-SHA1(secret, username)). coturn recomputes it
 * from its `static-auth-secret` and refuses it after the expiry, so nothing is stored and nothing needs revoking.
 */
export function turnCredential(secret: string, userId: string, expiresAtSeconds: number): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${userId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

const urlList = (value: string): string[] => value.split(',').filter((url) => url !== '');

/** GET /api/calls/ice-servers: STUN and TURN from configuration, TURN with a credential for the caller. */
@Injectable()
export class IceServersService {
  constructor(@Inject(GatewayEnv) private readonly env: GatewayEnv) {}

  forUser(userId: string, now = Date.now()): IceServers {
    const iceServers: IceServer[] = [];
    const stun = urlList(this.env.STUN_URLS);
    if (stun.length > 0) iceServers.push({ urls: stun });
    const turn = urlList(this.env.TURN_URLS);
    if (turn.length === 0) return { iceServers, expiresAt: null };
    const expiresAt = Math.floor(now / 1000) + this.env.TURN_CREDENTIAL_TTL_SECONDS;
    iceServers.push({ urls: turn, ...turnCredential(this.env.TURN_SHARED_SECRET, userId, expiresAt) });
    return { iceServers, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }
}
