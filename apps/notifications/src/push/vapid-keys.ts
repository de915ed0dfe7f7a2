import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import webpush from 'web-push';
import type { NotificationsEnv } from '../notifications.env.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** The file holding the generated development key pair. */
export const VAPID_KEY_FILE = '.vapid-keys.json';

/**
 * The VAPID key pair (RFC 8292): VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when set; otherwise a pair generated once and
 * kept in DATA_DIR (0600, like the development JWT key), so browsers' subscriptions survive restarts. A pair must
 * never change under existing subscriptions: push services refuse pushes signed with another key.
 */
export function loadVapidKeys(env: NotificationsEnv): VapidKeys {
  const subject = env.VAPID_SUBJECT;
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject };
  const file = join(env.DATA_DIR, VAPID_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(env.DATA_DIR, { recursive: true, mode: 0o700 });
    const generated = webpush.generateVAPIDKeys();
    // 'wx': a replica starting at the same moment keeps the first pair written.
    try {
      writeFileSync(file, JSON.stringify(generated), { mode: 0o600, flag: 'wx' });
      new Logger('VapidKeys').warn(`VAPID keys not set: generated a development pair in ${file} (set VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY in production)`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject };
}
