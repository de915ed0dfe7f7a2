import { describe, expect, it } from '@jest/globals';
import { GatewayEnv } from '../gateway.env.js';
import { IceServersService, turnCredential } from './ice-servers.service.js';

const USER = '0190a3c2-7c1e-7000-8000-000000000001';
const SECRET = 'coturn-shared-secret-for-tests';

function env(overrides: Partial<GatewayEnv>): GatewayEnv {
  return Object.assign(new GatewayEnv(), overrides);
}

describe('TURN credentials (TURN REST API, coturn use-auth-secret)', () => {
  it('matches a vector computed independently', () => {
    // echo -n "1700086400:0190a3c2-7c1e-7000-8000-000000000001" | openssl dgst -sha1 -hmac "coturn-shared-secret-for-tests" -binary | base64
    expect(turnCredential(SECRET, USER, 1_700_086_400)).toEqual({ username: `1700086400:${USER}`, credential: '+R7NXEVFThfMK/dV+51U7YNMNPY=' });
  });

  it('lists STUN without and TURN with a credential that expires after the configured lifetime', () => {
    const service = new IceServersService(env({ STUN_URLS: 'stun:stun.example.com:3478', TURN_URLS: 'turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349', TURN_SHARED_SECRET: SECRET }));
    const now = 1_700_000_000_000;
    const answer = service.forUser(USER, now);
    expect(answer.expiresAt).toBe(new Date((1_700_000_000 + 86_400) * 1000).toISOString());
    expect(answer.iceServers).toEqual([
      { urls: ['stun:stun.example.com:3478'] },
      { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'], username: `1700086400:${USER}`, credential: '+R7NXEVFThfMK/dV+51U7YNMNPY=' },
    ]);
  });

  it('answers no servers and no expiry when none are configured', () => {
    expect(new IceServersService(env({})).forUser(USER)).toEqual({ iceServers: [], expiresAt: null });
  });
});
