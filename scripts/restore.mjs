#!/usr/bin/env node
// Restores a backup made by `npm run backup` into DATA_DIR. STOP THE SERVICES FIRST: a running service
// keeps its old database open and would go on writing to it.
//
//   npm run restore -- <dir>      # DATA_DIR from the environment or .env, default ./data
//
// Each <service>.sqlite is checked (quick_check), then copied over DATA_DIR's, whose -wal and -shm files
// are removed (they belong to the replaced database). media/blobs, when the backup has it, replaces
// DATA_DIR/media/blobs. What a restore means for clients: docs/operations.md.
import { copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { openDatabase, sqliteDatabases } from './lib/sqlite-files.mjs';

const source = process.argv[2];
if (!source || source.startsWith('-')) {
  console.error('usage: npm run restore -- <dir>');
  process.exit(64);
}
if (existsSync('.env')) process.loadEnvFile('.env');
const dir = resolve(process.env.INIT_CWD ?? process.cwd(), source);
const files = sqliteDatabases(dir);
if (files.length === 0 || !existsSync(join(dir, 'backup.json'))) {
  console.error(`${dir} is not a backup made by npm run backup (no backup.json and *.sqlite)`);
  process.exit(1);
}
for (const name of files) {
  const db = openDatabase(join(dir, name), { readonly: true });
  const check = db.pragma('quick_check', { simple: true });
  db.close();
  if (check !== 'ok') {
    console.error(`${name} in the backup fails quick_check (${check}): nothing restored`);
    process.exit(1);
  }
}
const dataDir = resolve(process.env.DATA_DIR ?? './data');
mkdirSync(dataDir, { recursive: true });
for (const name of files) {
  const destination = join(dataDir, name);
  // Copy next to the destination, then rename: a crash never leaves a half-copied database behind.
  copyFileSync(join(dir, name), `${destination}.restoring`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${destination}${suffix}`, { force: true });
  renameSync(`${destination}.restoring`, destination);
  console.log(`restored ${name}`);
}
const blobs = join(dir, 'media', 'blobs');
if (existsSync(blobs)) {
  const destination = join(dataDir, 'media', 'blobs');
  // Copied beside, then swapped by renames: a crash leaves the old set or the new one in place (the old one
  // under blobs.old at worst), never half of either.
  for (const leftover of ['.restoring', '.old']) rmSync(`${destination}${leftover}`, { recursive: true, force: true });
  mkdirSync(join(dataDir, 'media'), { recursive: true });
  cpSync(blobs, `${destination}.restoring`, { recursive: true });
  if (existsSync(destination)) renameSync(destination, `${destination}.old`);
  renameSync(`${destination}.restoring`, destination);
  rmSync(`${destination}.old`, { recursive: true, force: true });
  console.log('restored media/blobs');
}
console.log(`restored ${dir} into ${dataDir}; start the services, clients resync (docs/operations.md)`);
