import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { ServiceEnv } from '../config/base.env.js';
import { StorageHealth } from '../health/storage-health.js';
import { mongoDbName } from './mongo.js';
import { sqliteFile } from './sqlite.js';
import { type MongoModel, mongoStorageHealth, mongoStorageImports, sqliteStorageProviders } from './storage.providers.js';

/** One repository port with its two adapters. */
export interface RepositoryBinding {
  // Ports are abstract classes: they are their own DI tokens.
  port: abstract new (...args: never[]) => unknown;
  sqlite: Type;
  mongo: Type;
}

export interface RepositoryStorageSpec {
  /** The service's name: its SQLite file `<DATA_DIR>/<service>.sqlite`, its database `<prefix>_<service>`. */
  service: string;
  bindings: RepositoryBinding[];
  /** `providers`: what only the SQLite adapters inject (settings of their own), beside the database handle. */
  sqlite: { token: symbol; migrations: readonly string[]; providers?: Provider[] };
  mongo: { models: MongoModel[]; providers?: Provider[] };
}

/**
 * A service's storage module: every port bound to its MongoDB adapter when MONGODB_URI is set, to its
 * SQLite adapter otherwise, plus the StorageHealth that /health pings. Exports the ports only.
 */
export function repositoryStorage(module: Type, env: ServiceEnv, spec: RepositoryStorageSpec): DynamicModule {
  const exports = [...spec.bindings.map((binding) => binding.port), StorageHealth];
  if (env.MONGODB_URI) {
    return {
      module,
      global: true,
      imports: mongoStorageImports(env.MONGODB_URI, mongoDbName(env.MONGODB_DB_PREFIX, spec.service), spec.mongo.models),
      providers: [
        ...(spec.mongo.providers ?? []),
        ...spec.bindings.map((binding) => ({ provide: binding.port, useClass: binding.mongo })),
        mongoStorageHealth,
      ],
      exports,
    };
  }
  return {
    module,
    global: true,
    providers: [
      ...sqliteStorageProviders(spec.sqlite.token, sqliteFile(env.DATA_DIR, spec.service), spec.sqlite.migrations),
      ...(spec.sqlite.providers ?? []),
      ...spec.bindings.map((binding) => ({ provide: binding.port, useClass: binding.sqlite })),
    ],
    exports,
  };
}
