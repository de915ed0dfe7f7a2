import type { describe, it } from '@jest/globals';
import mongoose from 'mongoose';

/**
 * Where the e2e systems keep their data: SQLite files in the run's DATA_DIR, or MongoDB when the suites run
 * through `npm run test:e2e:mongo` (E2E_STORE=mongo with MONGODB_URI). A MONGODB_URI set for the contract
 * suites alone never moves the plain e2e run onto a real database.
 */
const mongoUri = process.env.E2E_STORE === 'mongo' ? process.env.MONGODB_URI : undefined;

/** Which store this e2e run puts the services on. */
export const e2eStore: 'sqlite' | 'mongo' = mongoUri ? 'mongo' : 'sqlite';

/** `it`/`describe` for tests about the SQLite files themselves: on a MongoDB run skipped, with the reason printed. */
export function onSqlite<T extends typeof it | typeof describe>(run: T): T {
  if (e2eStore === 'sqlite') return run;
  return ((name: string, fn: () => void | Promise<void>) => {
    process.stdout.write(`[e2e] "${name}" skipped: the services run on MongoDB (no SQLite files)\n`);
    run.skip(`${name} (skipped: services on MongoDB)`, fn);
  }) as T;
}

/** Storage variables of one system: on MongoDB its own databases, `<prefix>_<service>`. */
export function storeEnv(prefix: string): Record<string, string> {
  return mongoUri ? { MONGODB_URI: mongoUri, MONGODB_DB_PREFIX: prefix } : { MONGODB_URI: '' };
}

/** Drops the system's databases (every `<prefix>_*`) once its services have stopped. */
export async function dropStore(prefix: string): Promise<void> {
  if (!mongoUri) return;
  const client = await new mongoose.mongo.MongoClient(mongoUri, { serverSelectionTimeoutMS: 5000 }).connect();
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) if (name.startsWith(`${prefix}_`)) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
