import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from './harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The README's shell examples, in order, keyed by the heading they sit under. */
function readmeShellBlocks(): { heading: string; script: string }[] {
  const blocks: { heading: string; script: string }[] = [];
  let heading = '';
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^#{2,4} /.test(line)) heading = line.replace(/^#+ /, '');
    if (line.trim() === '```sh') {
      const body: string[] = [];
      while (++i < lines.length && lines[i]?.trim() !== '```') body.push(lines[i] ?? '');
      blocks.push({ heading, script: body.join('\n') });
    }
  }
  return blocks;
}

const missingTools = ['curl', 'jq'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missingTools.length > 0) process.stdout.write(`[readme] walkthrough skipped: ${missingTools.join(', ')} not installed\n`);
const describeWithTools = missingTools.length > 0 ? describe.skip : describe;

describeWithTools('the README, run as written against `npm start`', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-readme-'));
  let start: ChildProcess;
  let port = 0;
  let output = '';
  const blocks = readmeShellBlocks();

  /**
   * Runs one README block in bash against this run's gateway (the README says localhost:3000). Each curl
   * output is ended with a newline, as a terminal shows it on its own line, so the test can read it line by line.
   */
  const run = (script: string, env: Record<string, string> = {}) =>
    spawnSync('bash', ['-euo', 'pipefail', '-c', `curl() { command curl "$@"; echo; }\n${script.replaceAll('localhost:3000', `localhost:${port}`)}`], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      // No stdin, as in a terminal: on a socket (Node's default pipe) with SHLVL unset, Debian's bash sources
      // /etc/bash.bashrc, which fails under -u and writes to stderr.
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });

  beforeAll(async () => {
    port = await freePort();
    const ports = { PORT: port, METRICS_PORT: await freePort(), AUTH_PORT: await freePort(), USERS_PORT: await freePort(), CHAT_PORT: await freePort(), NOTIFICATIONS_PORT: await freePort() };
    start = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-build'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: dataDir,
        NATS_NAMESPACE: `readme_${randomUUID().slice(0, 8)}`,
        BCRYPT_COST: '4',
        LOG_LEVEL: 'warn',
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // npm start itself gives its processes 90 s.
    const deadline = Date.now() + 100_000;
    while (!output.includes('[start] ready')) {
      if (Date.now() > deadline || start.exitCode !== null) throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (start && start.exitCode === null) {
      const exited = new Promise((r) => start.once('exit', r));
      start.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm start made a development JWT key when none was set', () => {
    expect(output).toContain('JWT_SECRET not set: using the development key');
  });

  it('npm start serves the web client at / and its service worker at /sw.js (push opt-in needs it)', async () => {
    const page = await fetch(`http://localhost:${port}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const worker = await fetch(`http://localhost:${port}/sw.js`);
    expect({ status: worker.status, type: worker.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringContaining('javascript') });
  });

  it('the curl walkthrough: register, log in, a protected route, log out, then 401', () => {
    const block = blocks.find((b) => b.heading === 'Try it with curl');
    const result = run(block?.script ?? 'false', { API: '' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('"username": "alice"');
    expect(result.stdout).toContain('"current": true');
    expect(result.stdout).toMatch(/^204$/m);
    expect(result.stdout).toContain('"code": "UNAUTHORIZED"');
  });

  it('the friends and blocks examples', () => {
    const friends = blocks.find((b) => b.script.includes('signup()'))?.script ?? 'false';
    const blocksExample = blocks.find((b) => b.script.includes('/api/users/blocks'))?.script ?? 'false';
    const result = run(`${friends}\n${blocksExample}`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('{"status":"pending"}');
    expect(result.stdout).toContain('{"status":"accepted"}');
    expect(result.stdout).toContain('"since"');
    expect(result.stdout.match(/^204$/gm)).toHaveLength(2);
  });

  it('the chat session: a room, a post (retried), the history and the sync log', () => {
    const block = blocks.find((b) => b.heading === 'A session with curl');
    const result = run(block?.script ?? 'false');
    expect(result.status).toBe(0);
    const [first, retry] = result.stdout.split('\n').filter((line) => line.includes('"clientMsgId":"m-1"'));
    expect(JSON.parse(retry ?? '{}')).toEqual(JSON.parse(first ?? '{}'));
    expect(result.stdout).toContain('"type":"message.created"');
    expect(result.stdout).toMatch(/^204$/m);
  });

  it('the email walkthrough: without SMTP_URL npm start writes each mail as an .eml file under DATA_DIR/mail', () => {
    const block = blocks.find((b) => b.heading === 'Email: verification and password reset');
    const result = run(block?.script ?? 'false', { DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.match(/^20[24]$/gm)).toEqual(['204', '202', '204']);
    // erin's two mails, next to the verification mails of the users the earlier walkthroughs registered.
    expect(result.stdout.match(/\.eml$/gm)?.length).toBeGreaterThanOrEqual(2);
  });

  it('Ctrl+C (SIGTERM) stops every process npm start began', async () => {
    const pids = spawnSync('sh', ['-c', `grep -l "${dataDir}" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3`], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((pid) => pid !== start.pid);
    expect(pids.length).toBeGreaterThanOrEqual(4);
    const exited = new Promise<number | null>((r) => start.once('exit', (code) => r(code)));
    start.kill('SIGTERM');
    expect(await exited).toBe(0);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
