import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { type Ack, CLIENT_EVENTS, type Message } from '#contracts';
import { closeSockets, connectSocket, registerUser, startSystem, type System } from './harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DASHBOARD = join(ROOT, 'deploy/grafana/chat-platform.json');
const RULES = join(ROOT, 'k8s/overlays/prod/prometheus-rules.yaml');

/** Metric names in PromQL: every selector is written `name{…}`; kube_* come from kube-state-metrics. */
function metricNames(expressions: string[]): string[] {
  const names = expressions.flatMap((expr) => [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1] ?? ''));
  return [...new Set(names)].filter((name) => !name.startsWith('kube_')).sort();
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}

function ruleExpressions(): string[] {
  const rule = YAML.parse(readFileSync(RULES, 'utf8')) as { spec: { groups: { rules: { expr: string }[] }[] } };
  return rule.spec.groups.flatMap((group) => group.rules.map((r) => r.expr));
}

/** Sample names (with labels) of a Prometheus text exposition. */
function samples(exposition: string): string[] {
  return exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('metrics used by the dashboard and the alerts', () => {
  let system: System;
  let exported: string[] = [];

  beforeAll(async () => {
    // Sweeps every second (TTL/3), and an account budget small enough to be exceeded.
    system = await startSystem({ env: { PRESENCE_TTL_SECONDS: '3', RATE_LIMIT_AUTH_PER_ACCOUNT: '2' } });
    const [alice, bob] = [await registerUser(system), await registerUser(system)];
    const sent = await system.request('POST', '/api/chat/send', { token: alice.accessToken, body: { recipientId: bob.user.id, message: 'hi' } });
    expect(sent.status).toBe(201);
    const socket = await connectSocket(system.baseUrl, bob.accessToken);
    const ack = (await socket.timeout(5000).emitWithAck(CLIENT_EVENTS.messageSend, { recipientId: alice.user.id, content: 'hello', clientMsgId: 'm-1' })) as Ack<Message>;
    expect(ack.ok).toBe(true);
    // Wrong passwords for one account until its budget is spent: a rejection to count.
    let status = 0;
    for (let i = 0; i < 5 && status !== 429; i++) {
      status = (await system.request('POST', '/api/auth/login', { body: { login: alice.username, password: 'wrong password!' } })).status;
    }
    expect(status).toBe(429);
    await new Promise((r) => setTimeout(r, 1500)); // at least one presence sweep
    const urls = [system.internalUrl, ...system.serviceUrls.values()];
    const bodies = await Promise.all(urls.map(async (url) => (await fetch(`${url}/metrics`)).text()));
    exported = bodies.flatMap(samples);
    closeSockets();
  }, 90_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
  });

  it('every metric of the Grafana dashboard and of the PrometheusRule has samples on a running process', () => {
    const used = metricNames([...dashboardExpressions(), ...ruleExpressions()]);
    expect(used.length).toBeGreaterThanOrEqual(10);
    const names = new Set(exported.map((sample) => sample.split(/[{ ]/)[0]));
    expect(used.filter((name) => !names.has(name))).toEqual([]);
  });

  it('labels REST requests by route template and NATS calls by contract subject, never by raw ids', () => {
    expect(exported).toContainEqual(expect.stringMatching(/^http_request_duration_seconds_count\{.*route="\/api\/chat\/send".*status="201"/));
    expect(exported).toContainEqual(expect.stringMatching(/^socket_ack_duration_seconds_count\{event="message:send",outcome="ok"\}/));
    expect(exported).toContainEqual(expect.stringMatching(/^rate_limit_rejections_total\{budget="[^"]+"\} [1-9]/));
    // Subjects as the contracts name them: the per-run namespace prefix is not part of the label.
    expect(exported).toContainEqual(expect.stringMatching(/^nats_handler_duration_seconds_count\{subject="auth\.register",outcome="ok"\} [1-9]/));
    expect(exported).toContainEqual(expect.stringMatching(/^nats_request_duration_seconds_count\{subject="auth\.register",outcome="ok"\} [1-9]/));
    expect(exported).toContainEqual(expect.stringMatching(/^jetstream_consumer_pending_messages\{consumer="users-account-projection"\} \d/));
    expect(exported).toContainEqual(expect.stringMatching(/^presence_sweeps_total\{outcome="ok"\} [1-9]/));
    const routes = exported.filter((s) => s.startsWith('http_request_duration_seconds_count')).map((s) => /route="([^"]*)"/.exec(s)?.[1] ?? '');
    expect(routes.filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(route))).toEqual([]);
  });
});
