import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = join(ROOT, 'scripts/validate-manifests.mjs');

function validate(root = ROOT): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('deployment manifests (scripts/validate-manifests.mjs)', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('every rendered Kubernetes object matches its schema and docker-compose.yml matches the compose-spec', () => {
    const { status, output } = validate();
    expect(output.trim().split('\n').filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(output).toMatch(/^\d+ passed, 0 failed$/m);
    expect(status).toBe(0);
  });

  it('rejects an object that breaks its Kubernetes schema and a compose file that breaks the spec', () => {
    const copy = mkdtempSync(join(tmpdir(), 'manifests-'));
    copies.push(copy);
    cpSync(join(ROOT, 'k8s'), join(copy, 'k8s'), { recursive: true });
    const chat = join(copy, 'k8s/base/chat.yaml');
    // A port must be an integer; `replicas` a number.
    writeFileSync(chat, readFileSync(chat, 'utf8').replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: five'));
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    writeFileSync(join(copy, 'docker-compose.yml'), compose.replace('condition: service_healthy', 'condition: service_happy'));

    const { status, output } = validate(copy);
    expect(status).toBe(1);
    expect(output).toMatch(/FAIL .*Deployment\/chat matches the apps\/v1 Deployment schema/);
    expect(output).toMatch(/revisionHistoryLimit must be integer/);
    expect(output).toMatch(/FAIL +docker-compose.yml: matches the compose-spec schema/);
    expect(output).toMatch(/condition must be equal to one of the allowed values/);
  });
});
