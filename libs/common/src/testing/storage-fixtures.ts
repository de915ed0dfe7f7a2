import mongoose, { type Connection } from 'mongoose';
import { MONGO_CONNECT_OPTIONS } from '../storage/mongo.js';
import { openSqlite, type SqliteDatabase } from '../storage/sqlite.js';
import type { MongoModel } from '../storage/storage.providers.js';
import type { Fixture } from './repository-contract.js';
import { makeTempDir } from './temp-dir.js';

/** A fresh SQLite file (migrated) in a temporary folder, removed on close. */
export async function sqliteFixture<R>(
  service: string,
  migrations: readonly string[],
  build: (db: SqliteDatabase) => R,
): Promise<Fixture<R>> {
  const dir = makeTempDir(`${service}-contract`);
  const db = openSqlite(`${dir.path}/${service}.sqlite`, migrations);
  return {
    repos: build(db),
    close: async () => {
      db.close();
      dir.remove();
    },
  };
}

/** A fresh MongoDB database with the models registered and their indexes built, dropped on close. */
export async function mongoFixture<R>(
  uri: string,
  dbName: string,
  models: MongoModel[],
  build: (connection: Connection) => R,
): Promise<Fixture<R>> {
  const connection = await mongoose.createConnection(uri, { ...MONGO_CONNECT_OPTIONS, dbName }).asPromise();
  for (const { name, schema } of models) await connection.model(name, schema).syncIndexes();
  return {
    repos: build(connection),
    close: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
