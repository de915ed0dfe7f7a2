import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Attachment, Message, MessagePage } from '#contracts';
import { onSqlite, registerUser, startSystem, type System, type TestUser } from './harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm run backup|restore -- <dir>` as an operator types it, with the system's DATA_DIR. */
function run(script: 'backup' | 'restore', dir: string, dataDir: string): { status: number | null; output: string } {
  const result = spawnSync('npm', ['run', '--silent', script, '--', dir], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The history, with attachments' signed URLs left out: they are signed afresh (new expiry) on every read. */
async function history(system: System, user: TestUser, withUser: string): Promise<Message[]> {
  const page = await system.request<MessagePage>('GET', `/api/chat/messages?with=${withUser}&limit=100`, { token: user.accessToken });
  expect(page.status).toBe(200);
  return page.body.items.map((m) => ({
    ...m,
    attachments: m.attachments.map(({ url: _url, thumbnailUrl: _thumb, urlExpiresAt: _exp, ...rest }) => rest as Attachment),
  }));
}

async function login(system: System, user: TestUser): Promise<TestUser> {
  const res = await system.request<TestUser>('POST', '/api/auth/login', { body: { login: user.username, password: user.password } });
  expect(res.status).toBe(200);
  return { ...user, ...res.body };
}

onSqlite(describe)('npm run backup / restore (SQLite)', () => {
  const backupDir = mkdtempSync(join(tmpdir(), 'chat-backup-'));
  const restoredDataDir = mkdtempSync(join(tmpdir(), 'chat-restored-'));
  let systems: System[] = [];

  afterAll(async () => {
    await Promise.all(systems.map((s) => s.shutdown()));
    for (const dir of [backupDir, restoredDataDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while the services run; the restored data serves the same history, and seqs continue', async () => {
    const before = await startSystem();
    systems.push(before);
    const alice = await registerUser(before);
    const bob = await registerUser(before);
    for (const [i, text] of ['one', 'two', 'three'].entries()) {
      const sent = await before.request('POST', '/api/chat/send', { token: alice.accessToken, body: { recipientId: bob.user.id, message: text, clientMsgId: `b-${i}` } });
      expect(sent.status).toBe(201);
    }
    // An upload attached to a message: its bytes live in DATA_DIR/media, not in a database.
    const bytes = Buffer.from(`backed-up bytes ${Date.now()}\n`.repeat(100));
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'notes.txt');
    const uploaded = await fetch(`${before.baseUrl}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${alice.accessToken}` }, body: form });
    expect(uploaded.status).toBe(201);
    const attachment = (await uploaded.json()) as Attachment;
    const withFile = await before.request('POST', '/api/chat/send', { token: alice.accessToken, body: { recipientId: bob.user.id, message: 'the file', attachmentIds: [attachment.id] } });
    expect(withFile.status).toBe(201);
    const backedUp = await history(before, bob, alice.user.id);

    const backup = run('backup', backupDir, before.dataDir);
    expect(backup).toMatchObject({ status: 0 });
    expect(readdirSync(backupDir).sort()).toEqual(['auth.sqlite', 'backup.json', 'chat.sqlite', 'media', 'media.sqlite', 'notifications.sqlite', 'users.sqlite']);
    expect(backup.output).toMatch(/backed up media\/blobs \(1 files/);
    // Written after the backup: a restore goes back to the backup's moment.
    await before.request('POST', '/api/chat/send', { token: alice.accessToken, body: { recipientId: bob.user.id, message: 'after the backup' } });
    expect(run('backup', backupDir, before.dataDir).status).toBe(1); // never overwrites a backup
    await before.shutdown();
    systems = [];

    expect(run('restore', backupDir, restoredDataDir)).toMatchObject({ status: 0 });
    const after = await startSystem({ env: { DATA_DIR: restoredDataDir } });
    systems.push(after);
    // A new JWT key in the new system: accounts and passwords come back, tokens do not.
    const bobAgain = await login(after, bob);
    const aliceAgain = await login(after, alice);
    expect(await history(after, bobAgain, alice.user.id)).toEqual(backedUp);
    // The restored message's attachment serves the same bytes to the other member.
    const served = await fetch(`${after.baseUrl}/api/media/${attachment.id}`, { headers: { authorization: `Bearer ${bobAgain.accessToken}` } });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    const next = await after.request<Message>('POST', '/api/chat/send', { token: aliceAgain.accessToken, body: { recipientId: bob.user.id, message: 'four' } });
    expect(next.status).toBe(201);
    expect(next.body.seq).toBe(Math.max(...backedUp.map((m) => m.seq)) + 1);
  }, 120_000);

  it('refuses an empty or missing data directory instead of writing an empty backup', () => {
    const empty = mkdtempSync(join(tmpdir(), 'chat-empty-'));
    const target = join(empty, 'out');
    const result = run('backup', target, join(empty, 'nothing-here'));
    rmSync(empty, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/nothing to back up/);
  });
});
