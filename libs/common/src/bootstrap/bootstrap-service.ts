import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import type { BaseEnv } from '../config/base.env.js';
import { NamespacedNatsServer } from '../nats/namespaced-nats.server.js';

/**
 * Starts a back-end service: NATS request handlers in the service's queue group, plus a small HTTP
 * listener for /health and /metrics. SIGTERM drains NATS subscriptions before the process exits.
 */
export async function bootstrapService(service: string, env: BaseEnv, module: DynamicModule): Promise<void> {
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new NamespacedNatsServer(env.NATS_NAMESPACE, {
        servers: env.NATS_URL.split(','),
        queue: service,
        name: `${service}-handlers`,
        maxReconnectAttempts: -1,
      }),
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(env.PORT, env.HOST);
  app.get(Logger).log(`${service} ready: NATS ${env.NATS_URL} namespace "${env.NATS_NAMESPACE}", HTTP :${env.PORT}`);
}
