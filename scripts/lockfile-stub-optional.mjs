// Adds lockfile entries for optional platform packages the registry mirror does not serve,
// so `npm ci` accepts the lockfile; they are never installed on this platform.
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pk = lock.packages;
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'wasm32', 'sunos', 'netbsd', 'openbsd', 'aix'];
let added = 0;
for (const [path, meta] of Object.entries(pk)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const nested = `${path}/node_modules/${dep}`;
    if (pk[key] || pk[nested]) continue;
    const parts = dep.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts[parts.indexOf(os) + 1];
    pk[key] = { version, optional: true, ...(os && os !== 'wasm32' ? { os: [os] } : {}), ...(cpu && os !== 'wasm32' ? { cpu: [cpu.replace('x64', 'x64')] } : { cpu: ['wasm32'] }) };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`stubbed ${added} optional packages`);
