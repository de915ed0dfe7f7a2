import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import type { Connection, Schema } from 'mongoose';
import { StorageHealth } from '../health/storage-health.js';
import { MONGO_CONNECT_OPTIONS } from './mongo.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { openSqlite, type SqliteDatabase } from './sqlite.js';

/**
 * Providers for a service's SQLite file: the handle under `token`, a StorageHealth that pings it, its WAL
 * checkpointed from a worker thread (SqliteCheckpointer), and a hook that closes it (checkpointing the WAL) on shutdown.
 */
export function sqliteStorageProviders(token: symbol, file: string, migrations: readonly string[]): Provider[] {
  @Injectable()
  class SqliteLifecycle extends StorageHealth implements OnApplicationShutdown {
    private readonly checkpointer: SqliteCheckpointer;

    constructor(@Inject(token) private readonly db: SqliteDatabase) {
      super();
      this.checkpointer = new SqliteCheckpointer(db, file);
    }
    async ping(): Promise<void> {
      this.db.prepare('SELECT 1').get();
    }
    async onApplicationShutdown(): Promise<void> {
      await this.checkpointer.stop();
      if (this.db.open) this.db.close();
    }
  }
  return [
    { provide: token, useFactory: () => openSqlite(file, migrations) },
    SqliteLifecycle,
    { provide: StorageHealth, useExisting: SqliteLifecycle },
  ];
}

export interface MongoModel {
  name: string;
  schema: Schema;
}

/** Imports for a service's own MongoDB database, with its models registered (indexes built at start-up). */
export function mongoStorageImports(uri: string, dbName: string, models: MongoModel[]) {
  // Like NATS, a MongoDB that is not there yet is waited for (each attempt up to 5 s, then 2 s apart), with the
  // internal port already answering live-but-not-ready, instead of giving up after nine attempts.
  return [
    MongooseModule.forRoot(uri, { dbName, ...MONGO_CONNECT_OPTIONS, retryAttempts: Number.MAX_SAFE_INTEGER, retryDelay: 2000 }),
    MongooseModule.forFeature(models),
  ];
}

export const mongoStorageHealth: Provider = {
  provide: StorageHealth,
  useFactory: (connection: Connection): StorageHealth => ({
    ping: async () => {
      await connection.db?.admin().ping();
    },
  }),
  inject: [getConnectionToken()],
};
