#!/usr/bin/env node
// Container health check (Dockerfile HEALTHCHECK, docker-compose): exit 0 when this container's process
// answers 200 on its internal port, 1 otherwise.
//
//   node scripts/healthcheck.mjs          # /health/ready: NATS (and storage) connected, not draining
//   node scripts/healthcheck.mjs live     # /health/live: the process runs
//
// The internal port is METRICS_PORT on the gateway (its PORT is the public API) and PORT elsewhere.
/* global AbortSignal */
import process from 'node:process';

const env = process.env;
const port = env.SERVICE === 'gateway' ? (env.METRICS_PORT ?? '9100') : (env.PORT ?? '3000');
const path = process.argv[2] === 'live' ? '/health/live' : '/health/ready';

try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
