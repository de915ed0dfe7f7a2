import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import type { BaseEnv } from '../config/base.env.js';
import { InternalServer } from '../health/internal-server.js';
import { Readiness } from '../health/readiness.js';
import { NamespacedNatsServer } from '../nats/namespaced-nats.server.js';
import { NATS_RETRY_OPTIONS } from '../nats/nats.options.js';

/**
 * Starts a back-end service: the internal HTTP port (health, metrics) first, so that a service waiting for
 * NATS is live and not ready; then NATS request handlers in the service's queue group (start-up retries NATS
 * for ever). SIGTERM: not ready, stop taking requests, finish the ones in flight and send their replies
 * (NamespacedNatsServer.close), then close the NATS client and the storage (shutdown hooks run after it).
 */
export async function bootstrapService(service: string, env: BaseEnv, module: DynamicModule): Promise<void> {
  const internal = await InternalServer.start(env.PORT, env.HOST);
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new NamespacedNatsServer(env.NATS_NAMESPACE, {
        servers: env.NATS_URL.split(','),
        queue: service,
        name: `${service}-handlers`,
        drainTimeoutMs: env.RPC_TIMEOUT_MS,
        ...NATS_RETRY_OPTIONS,
      }),
    },
    { inheritAppConfig: true },
  );
  const readiness = app.get(Readiness);
  process.once('SIGTERM', () => readiness.markDraining());
  app.enableShutdownHooks();
  app.get(Logger).log(`${service}: internal HTTP :${env.PORT} up; connecting to NATS ${env.NATS_URL}`);
  await app.startAllMicroservices();
  await app.init();
  internal.ready(() => readiness.report());
  app.get(Logger).log(`${service} ready: NATS ${env.NATS_URL} namespace "${env.NATS_NAMESPACE}", HTTP :${env.PORT}`);
}
