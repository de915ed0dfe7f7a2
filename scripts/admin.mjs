#!/usr/bin/env node
// The operator's role command (README "Administration"):
//
//   npm run admin -- grant <username> <user|moderator|admin>
//   npm run admin -- revoke <username> <role>        # the account becomes a plain user if it held <role>
//
// While the system runs, the command goes over NATS to the auth service (NATS_URL, NATS_NAMESPACE from the
// environment or .env), which applies it like PUT /api/admin/users/:id/role: the account's sessions end, the
// audit log records it (actor "system") and the last admin cannot lose the role. When no auth service answers
// on the bus (the system is stopped), it is applied to the store directly: <DATA_DIR>/auth.sqlite, or MongoDB
// when MONGODB_URI is set; the same rules hold there. Exit codes: 0 done, 1 refused, 2 usage.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';

if (existsSync('.env')) process.loadEnvFile('.env');

const ROLES = ['user', 'moderator', 'admin'];
const [action, username, role] = process.argv.slice(2);
if (!['grant', 'revoke'].includes(action) || !username || !ROLES.includes(role)) {
  console.error('usage: npm run admin -- grant|revoke <username> <user|moderator|admin>');
  process.exit(2);
}

const fold = (name) => name.normalize('NFC').toLowerCase();
const roleOf = (roles) => [...ROLES].reverse().find((r) => roles.includes(r)) ?? 'user';
const nextRole = (current) => (action === 'grant' ? role : current === role ? 'user' : current);
const refuse = (code, message) => Object.assign(new Error(message), { code });

/** Over NATS: the running auth service's answer, or undefined when no auth service listens. */
async function overNats() {
  const { connect } = await import('@nats-io/transport-node');
  let nc;
  try {
    nc = await connect({ servers: (process.env.NATS_URL || 'nats://127.0.0.1:4222').split(','), timeout: 2000, name: 'admin-cli' });
  } catch {
    return undefined; // no bus, so no running system
  }
  try {
    const namespace = process.env.NATS_NAMESPACE || 'chat';
    const pattern = 'auth.admin.roles.grant';
    const packet = { pattern, data: { username, role, action }, id: randomUUID() };
    let msg;
    try {
      msg = await nc.request(`${namespace}.${pattern}`, JSON.stringify(packet), { timeout: Number(process.env.RPC_TIMEOUT_MS || 5000) });
    } catch (error) {
      if (error?.isNoResponders?.() || error?.name === 'NoRespondersError' || error?.cause?.name === 'NoRespondersError') return undefined;
      throw error;
    }
    const reply = msg.json();
    if (reply.err) throw refuse(reply.err.code, reply.err.message);
    return { ...reply.response, via: `NATS (namespace ${namespace})` };
  } finally {
    await nc.close();
  }
}

function auditRow(userId, from, to) {
  return { id: randomUUID(), actorId: 'system', action: 'role.changed', targetType: 'user', targetId: userId, reason: `cli ${action} ${role} (${from} -> ${to}, store)`, at: new Date() };
}

function onSqlite() {
  const file = join(resolve(process.env.DATA_DIR || './data'), 'auth.sqlite');
  if (!existsSync(file)) throw refuse('NOT_FOUND', `no ${file}: start the system once, or set DATA_DIR`);
  return import('better-sqlite3').then(({ default: Database }) => {
    const db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    try {
      // IMMEDIATE: the write lock is held from the count to the commit, so an auth process cannot demote the other
      // admin in between (the service does the same, ADR 0016).
      return db.transaction(() => {
        const account = db.prepare('SELECT * FROM accounts WHERE username_key = ?').get(fold(username));
        if (!account) throw refuse('NOT_FOUND', `no account named ${username}`);
        const from = roleOf(JSON.parse(account.roles));
        const to = nextRole(from);
        if (from === to) return { userId: account.id, username: account.username, role: to };
        const admins = db
          .prepare("SELECT COUNT(*) AS n FROM accounts WHERE disabled = 0 AND EXISTS (SELECT 1 FROM json_each(accounts.roles) WHERE value = 'admin')")
          .get().n;
        if (from === 'admin' && account.disabled === 0 && admins <= 1) throw refuse('LAST_ADMIN', 'the last admin cannot lose the role');
        const now = new Date().toISOString();
        db.prepare('UPDATE accounts SET roles = ?, updated_at = ? WHERE id = ?').run(JSON.stringify([to]), now, account.id);
        // The sessions' tokens carry the old role: they end, as when the running service changes a role.
        db.prepare("UPDATE sessions SET revoked_at = ?, revoke_reason = 'role_changed' WHERE user_id = ? AND revoked_at IS NULL").run(now, account.id);
        const row = auditRow(account.id, from, to);
        db.prepare('INSERT INTO audit_log (id, actor_id, action, target_type, target_id, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          row.id, row.actorId, row.action, row.targetType, row.targetId, row.reason, row.at.toISOString(),
        );
        return { userId: account.id, username: account.username, role: to };
      }).immediate();
    } finally {
      db.close();
    }
  }).then((result) => ({ ...result, via: `the store (${file})` }));
}

/**
 * The auth service's last-admin guard on MongoDB (a lease document in `admin_guard`, see account.mongo-repository.ts):
 * held while counting the admins and writing, so a running auth replica cannot demote the other admin in between.
 */
async function takeAdminGuard(db) {
  const holder = randomUUID();
  const deadline = Date.now() + 5000;
  for (;;) {
    const now = new Date();
    try {
      await db.collection('admin_guard').updateOne({ _id: 'last-admin', until: { $lte: now } }, { $set: { holder, until: new Date(now.getTime() + 10_000) } }, { upsert: true });
      return () => db.collection('admin_guard').updateOne({ _id: 'last-admin', holder }, { $set: { until: new Date(0) } });
    } catch (error) {
      if (error.code !== 11000) throw error;
    }
    if (Date.now() > deadline) throw refuse('BUSY', 'the last-admin guard stayed busy; nothing was changed');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function onMongo() {
  const { default: mongoose } = await import('mongoose');
  const dbName = `${process.env.MONGODB_DB_PREFIX || 'chat'}_auth`;
  const connection = await mongoose.createConnection(process.env.MONGODB_URI, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const { db } = connection;
    const account = await db.collection('accounts').findOne({ usernameKey: fold(username) }, { projection: { outbox: 0 } });
    if (!account) throw refuse('NOT_FOUND', `no account named ${username}`);
    const from = roleOf(account.roles ?? []);
    const to = nextRole(from);
    if (from !== to) {
      const release = from === 'admin' ? await takeAdminGuard(db) : async () => {};
      try {
        if (from === 'admin' && !account.disabled && (await db.collection('accounts').countDocuments({ roles: 'admin', disabled: false, _id: { $ne: account._id } })) === 0) {
          throw refuse('LAST_ADMIN', 'the last admin cannot lose the role');
        }
        await db.collection('accounts').updateOne({ _id: account._id }, { $set: { roles: [to], updatedAt: new Date() }, $inc: { revision: 1 } });
      } finally {
        await release();
      }
      const now = new Date();
      await db.collection('sessions').updateMany({ userId: account._id, revokedAt: null }, { $set: { revokedAt: now, revokeReason: 'role_changed' } });
      const { id, ...row } = auditRow(account._id, from, to);
      await db.collection('audit_log').insertOne({ _id: id, ...row });
    }
    return { userId: account._id, username: account.username, role: to, via: 'the store (MongoDB)' };
  } finally {
    await connection.close();
  }
}

try {
  const result = (await overNats()) ?? (await (process.env.MONGODB_URI ? onMongo() : onSqlite()));
  console.log(`${result.username} (${result.userId}) is now ${result.role} — applied through ${result.via}`);
} catch (error) {
  console.error(`refused: ${error.code ? `${error.code}: ` : ''}${error.message}`);
  process.exit(1);
}
