import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { serviceNodeFlags } from '../libs/common/src/bootstrap/service-node-flags.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The image's CMD (the last top-level one: the HEALTHCHECK's is indented), as the JSON array Docker runs. */
function imageCmd(): string[] {
  const match = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  if (!match) throw new Error('no CMD in the Dockerfile');
  return JSON.parse(match[1]) as string[];
}

describe("node's flags for the services (deploy/service-node-flags, docs/adr/0021)", () => {
  const flags = serviceNodeFlags(ROOT);
  const temp = mkdtempSync(join(tmpdir(), 'node-flags-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('are read without their comments, and this node accepts every one (an unknown flag would stop every service at start)', () => {
    expect(flags).toContain('--no-memory-reducer');
    expect(flags.every((flag) => flag.startsWith('--'))).toBe(true);
    const run = spawnSync(process.execPath, [...flags, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it("are on node's command line when the image starts a service, and a wrong SERVICE still exits 64", () => {
    // A `node` first on the PATH that prints what it was given: the CMD runs as the image runs it, from /app.
    writeFileSync(join(temp, 'node'), '#!/bin/sh\necho "$@"\n');
    chmodSync(join(temp, 'node'), 0o755);
    const [shell, ...args] = imageCmd();
    const start = (service: string) =>
      spawnSync(shell, args, { cwd: ROOT, encoding: 'utf8', env: { PATH: `${temp}:${process.env.PATH ?? ''}`, SERVICE: service } });

    const chat = start('chat');
    expect(chat.status).toBe(0);
    expect(chat.stdout.trim()).toBe([...flags, 'dist/apps/chat/src/main.js'].join(' '));
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain('COPY --from=build /app/deploy/service-node-flags ./deploy/service-node-flags');

    const wrong = start('billing');
    expect(wrong.status).toBe(64);
    expect(wrong.stderr).toMatch(/SERVICE must be one of/);
  });
});
