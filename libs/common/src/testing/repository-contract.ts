import { afterEach, beforeEach, describe } from '@jest/globals';
import { randomUUID } from 'node:crypto';

export interface Fixture<R> {
  repos: R;
  close(): Promise<void>;
}

export interface AdapterFactories<R> {
  /** A fresh, empty SQLite database (in a temporary file). */
  sqlite(): Promise<Fixture<R>>;
  /** A fresh, empty MongoDB database named `dbName` on `uri`; close() drops it. */
  mongo(uri: string, dbName: string): Promise<Fixture<R>>;
}

const skipNotice = new Set<string>();

/**
 * Runs one repository contract suite against every adapter that is reachable: SQLite always,
 * MongoDB when MONGODB_URI is set (otherwise its tests are listed as skipped, with the reason printed).
 * Each test gets a fresh, empty store.
 */
export function repositoryContract<R>(
  name: string,
  factories: AdapterFactories<R>,
  suite: (repos: () => R) => void,
): void {
  const mongoUri = process.env.MONGODB_URI;
  for (const adapter of ['sqlite', 'mongo'] as const) {
    if (adapter === 'mongo' && !mongoUri) {
      if (!skipNotice.has(name)) {
        skipNotice.add(name);
        process.stdout.write(`[contract] ${name} on mongo: skipped because MONGODB_URI is not set\n`);
      }
      describe.skip(`${name} [mongo] (skipped: MONGODB_URI is not set)`, () => suite(() => undefined as R));
      continue;
    }
    describe(`${name} [${adapter}]`, () => {
      let fixture: Fixture<R> | undefined;
      beforeEach(async () => {
        fixture =
          adapter === 'sqlite'
            ? await factories.sqlite()
            : await factories.mongo(mongoUri as string, `contract_${randomUUID().slice(0, 8)}`);
      });
      afterEach(async () => {
        await fixture?.close();
        fixture = undefined;
      });
      suite(() => {
        if (!fixture) throw new Error('repository fixture used outside a test');
        return fixture.repos;
      });
    });
  }
}
