#!/usr/bin/env node
// Online backup of the SQLite databases (the default storage): every <DATA_DIR>/<service>.sqlite is
// copied with SQLite's backup API (better-sqlite3 .backup()), page by page, while the services keep
// running: each copy is a consistent snapshot, readers and writers are not stopped.
//
//   npm run backup -- <dir>       # DATA_DIR from the environment or .env, default ./data
//
// <dir> gets every <service>.sqlite, media/blobs (the uploaded bytes, when MEDIA_STORAGE is the default
// filesystem) and backup.json (when, what, schema versions).
// Restore: docs/operations.md (`npm run restore -- <dir>` with the services stopped).
// For MongoDB (MONGODB_URI set) use mongodump instead; this script refuses to run then.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { sqliteDatabases, openDatabase } from './lib/sqlite-files.mjs';

const target = process.argv[2];
if (!target || target.startsWith('-')) {
  console.error('usage: npm run backup -- <dir>');
  process.exit(64);
}
if (existsSync('.env')) process.loadEnvFile('.env');
if (process.env.MONGODB_URI) {
  console.error('MONGODB_URI is set: the data is in MongoDB; back it up with mongodump (docs/operations.md)');
  process.exit(64);
}
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const files = sqliteDatabases(dataDir);
if (files.length === 0) {
  console.error(`no *.sqlite database in ${dataDir} (DATA_DIR): nothing to back up`);
  process.exit(1);
}
// npm runs scripts in the package root; the directory is meant relative to where the command was typed.
const dir = resolve(process.env.INIT_CWD ?? process.cwd(), target);
mkdirSync(dir, { recursive: true });
const clashes = files.filter((name) => existsSync(join(dir, name)));
if (clashes.length > 0 || existsSync(join(dir, 'backup.json'))) {
  console.error(`${dir} already holds a backup (${[...clashes, 'backup.json'].join(', ')}): choose an empty directory`);
  process.exit(1);
}

const manifest = { createdAt: new Date().toISOString(), dataDir, files: [] };
for (const name of files) {
  const source = openDatabase(join(dataDir, name), { readonly: true });
  try {
    await source.backup(join(dir, name));
  } finally {
    source.close();
  }
  // One self-contained file per database (the source's WAL mode would leave -wal/-shm beside it), and it
  // must pass SQLite's own check before the backup counts.
  const copy = openDatabase(join(dir, name));
  copy.pragma('journal_mode = DELETE');
  const check = copy.pragma('quick_check', { simple: true });
  const userVersion = copy.pragma('user_version', { simple: true });
  copy.close();
  if (check !== 'ok') {
    console.error(`${name}: the copy fails quick_check (${check})`);
    process.exit(1);
  }
  manifest.files.push({ name, bytes: statSync(join(dir, name)).size, schemaVersion: userVersion });
  console.log(`backed up ${name} (${statSync(join(dir, name)).size} bytes, schema version ${userVersion})`);
}

// Media's bytes, after its database: blobs are written before their row and never changed once named, so
// every upload the media.sqlite snapshot knows of is already here (later uploads add unreferenced files,
// which media's collector removes). Only a blob deleted between the two steps can be missing.
const storage = process.env.MEDIA_STORAGE ?? 'filesystem';
const blobs = join(dataDir, 'media', 'blobs');
if (storage !== 'filesystem') {
  console.log(`MEDIA_STORAGE=${storage}: uploaded bytes live in ${storage === 's3' ? 'the S3 bucket' : 'MongoDB (GridFS)'}, back them up there (docs/operations.md)`);
} else if (existsSync(blobs)) {
  cpSync(blobs, join(dir, 'media', 'blobs'), { recursive: true, errorOnExist: true, force: false });
  const names = readdirSync(join(dir, 'media', 'blobs'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const bytes = names.reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
  manifest.media = { blobs: names.length, bytes };
  console.log(`backed up media/blobs (${names.length} files, ${bytes} bytes)`);
}
writeFileSync(join(dir, 'backup.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`backup of ${dataDir} written to ${dir}`);
