import mongoose, { type Connection } from 'mongoose';
import { MONGO_CONNECT_OPTIONS } from '../storage/mongo.js';
import { openSqlite, type SqliteDatabase } from '../storage/sqlite.js';
import type { MongoModel } from '../storage/storage.providers.js';
import type { Fixture } from './repository-contract.js';
import { makeTempDir } from './temp-dir.js';

/**
 * A fresh SQLite file (migrated) in a temporary folder, removed on close. `another()` opens one more connection to the
 * same file (a second process's view, for races between replicas), closed with the fixture.
 */
export async function sqliteFixture<R>(
  service: string,
  migrations: readonly string[],
  build: (db: SqliteDatabase, another: () => SqliteDatabase) => R,
): Promise<Fixture<R>> {
  const dir = makeTempDir(`${service}-contract`);
  const file = `${dir.path}/${service}.sqlite`;
  const db = openSqlite(file, migrations);
  const others: SqliteDatabase[] = [];
  const another = () => {
    const other = openSqlite(file, migrations);
    others.push(other);
    return other;
  };
  return {
    repos: build(db, another),
    close: async () => {
      for (const other of others) other.close();
      db.close();
      dir.remove();
    },
  };
}

/**
 * A fresh MongoDB database with the models registered and their indexes built, dropped on close. `another()` opens one
 * more connection to it with the models registered (a second process's view), closed with the fixture.
 */
export async function mongoFixture<R>(
  uri: string,
  dbName: string,
  models: MongoModel[],
  build: (connection: Connection, another: () => Connection) => R,
): Promise<Fixture<R>> {
  const connection = await mongoose.createConnection(uri, { ...MONGO_CONNECT_OPTIONS, dbName }).asPromise();
  for (const { name, schema } of models) await connection.model(name, schema).syncIndexes();
  const others: Connection[] = [];
  const another = () => {
    // Commands wait (mongoose buffering) until this connection is open.
    const other = mongoose.createConnection(uri, { ...MONGO_CONNECT_OPTIONS, dbName });
    for (const { name, schema } of models) other.model(name, schema);
    others.push(other);
    return other;
  };
  return {
    repos: build(connection, another),
    close: async () => {
      for (const other of others) await other.close();
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
