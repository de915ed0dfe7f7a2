#!/usr/bin/env node
/**
 * Summarises the V8 CPU profiles of a `bench:realtime --cpu-prof` run: per process, the share of samples by
 * package (or our own code, or native/GC) and the functions with the most self time.
 *
 *   node scripts/bench-realtime/profile-summary.mjs bench/results/prof-<time> [--top 25]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const topIndex = process.argv.indexOf('--top');
const TOP = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
if (!dir) {
  console.error('usage: profile-summary.mjs <profile dir> [--top N]');
  process.exit(2);
}
let names = {};
try {
  names = Object.fromEntries(Object.entries(JSON.parse(readFileSync(join(dir, 'pids.json'), 'utf8'))).map(([k, pid]) => [String(pid), k]));
} catch {
  // no pids.json: files are named by pid only
}

/** node_modules/<pkg> (scoped too), our dist code, node internals, or V8's pseudo-frames. */
function packageOf(url, functionName) {
  if (!url) return `(${functionName || 'native'})`.replace(/^\(\((.*)\)\)$/, '($1)');
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (m) return m.at(-1).replace('node_modules/', '');
  if (url.startsWith('node:')) return 'node:internal';
  if (url.includes('/dist/')) return 'ours';
  return url;
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
  const pid = file.split('.').at(-4);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const idle = [...selfSamples].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((s, [, n]) => s + n, 0);
  const busy = total - idle;
  const byPackage = new Map();
  const byFunction = new Map();
  for (const [id, n] of selfSamples) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    if (functionName === '(idle)') continue;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
    const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
  }
  const pct = (n) => `${((100 * n) / busy).toFixed(1)}%`;
  console.log(`\n## ${names[pid] ?? 'pid'} ${pid} — ${busy} busy samples of ${total}\n`);
  console.log('by package: ' + [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, n]) => `${k} ${pct(n)}`).join(', '));
  console.log('\ntop self time:');
  for (const [k, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${pct(n).padStart(6)}  ${k}`);
}
