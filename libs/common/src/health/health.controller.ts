import { Controller, Get, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RpcClient } from '../nats/rpc-client.js';
import { StorageHealth } from './storage-health.js';
import { Public } from '../http-public.decorator.js';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** `/health`: 200 when NATS (and the storage, for services that own data) answer; 503 otherwise. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly rpc: RpcClient,
    @Optional() private readonly storage?: StorageHealth,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    const checks = [() => this.probe('nats', () => this.rpc.connection().flush())];
    const storage = this.storage;
    if (storage) checks.push(() => this.probe('storage', () => storage.ping()));
    return this.health.check(checks);
  }

  private async probe(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(ping(), CHECK_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
