import { describe, expect, it } from '@jest/globals';
import { assertPushEndpoint, isPublicAddress } from './endpoint-guard.js';

describe('push endpoint SSRF guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1', 'not-an-ip'])(
    'refuses %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  it.each(['142.250.74.110', '17.253.144.10', '2a00:1450:4001:82b::200a', '::ffff:142.250.74.110'])('accepts %s', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );

  it.each([
    ['http://fcm.googleapis.com/fcm/send/x', 'https://'],
    ['https://127.0.0.1/push', 'public address'],
    ['https://[::1]:8443/push', 'public address'],
    ['https://169.254.169.254/latest/meta-data', 'public address'],
    ['https://localhost/push', 'public address'],
    ['https://user:pw@push.example/x', 'credentials'],
  ])('refuses the endpoint %s', async (endpoint, reason) => {
    await expect(assertPushEndpoint(endpoint, false)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'endpoint', message: expect.stringContaining(reason) }] } });
  });

  it('accepts a public https endpoint given as an address, and anything http(s) when WEBPUSH_ALLOW_HTTP is set', async () => {
    await expect(assertPushEndpoint('https://142.250.74.110/fcm/send/abc', false)).resolves.toBeUndefined();
    await expect(assertPushEndpoint('http://127.0.0.1:8080/push/1', true)).resolves.toBeUndefined();
    await expect(assertPushEndpoint('ftp://127.0.0.1/push/1', true)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
