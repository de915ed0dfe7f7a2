import { Injectable, Optional } from '@nestjs/common';
import { RpcClient } from '../nats/rpc-client.js';
import { StorageHealth } from './storage-health.js';

const CHECK_TIMEOUT_MS = 2000;

export interface CheckResult {
  status: 'up' | 'down';
  message?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'error';
  checks: Record<string, CheckResult>;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

async function probe(ping: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await withTimeout(ping(), CHECK_TIMEOUT_MS);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: error instanceof Error ? error.message : String(error) };
  }
}

/** What /health/ready reports: NATS answers a round trip, the storage (services that own data) answers, not draining. */
@Injectable()
export class Readiness {
  private draining = false;

  constructor(
    private readonly rpc: RpcClient,
    @Optional() private readonly storage?: StorageHealth,
  ) {}

  /** From now on not ready: load balancers and probes stop sending new work while in-flight work finishes. */
  markDraining(): void {
    this.draining = true;
  }

  async report(): Promise<ReadinessReport> {
    const checks: Record<string, CheckResult> = {};
    // A flush is answered only while connected: during a reconnect it waits and times out.
    checks.nats = await probe(() => this.rpc.connection().flush());
    const storage = this.storage;
    if (storage) checks.storage = await probe(() => storage.ping());
    if (this.draining) checks.shutdown = { status: 'down', message: 'draining before exit' };
    const ready = Object.values(checks).every((c) => c.status === 'up');
    return { status: ready ? 'ok' : 'error', checks };
  }
}
