// Shared by scripts/backup.mjs and scripts/restore.mjs: which files are the services' databases.
import { existsSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';

/** `<service>.sqlite` files of a directory (not their -wal / -shm companions), sorted. */
export function sqliteDatabases(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith('.sqlite')).sort();
}

export function openDatabase(file, { readonly = false } = {}) {
  return new Database(file, { readonly, fileMustExist: true });
}
