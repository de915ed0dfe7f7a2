#!/usr/bin/env node
// `npm run test:e2e:mongo`: the e2e suites with every service on MongoDB. Each system of a run uses databases of its
// own (`<namespace>_<service>`), dropped when it shuts down. Without MONGODB_URI this exits 1 and says why: a run
// that silently fell back to SQLite would report MongoDB as tested.
import { spawnSync } from 'node:child_process';

if (!process.env.MONGODB_URI) {
  process.stderr.write('[e2e:mongo] not run: MONGODB_URI is not set (e.g. MONGODB_URI=mongodb://127.0.0.1:27017 npm run test:e2e:mongo)\n');
  process.exit(1);
}
process.stdout.write('[e2e:mongo] services on MongoDB at MONGODB_URI, per-system databases dropped at the end\n');
const jest = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--selectProjects', 'e2e', '--runInBand', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, E2E_STORE: 'mongo' } },
);
process.exit(jest.status ?? 1);
