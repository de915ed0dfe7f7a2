import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '#common';
import { GatewayAppModule } from './gateway-app.module.js';
import { GatewayEnv } from './gateway.env.js';
import { configureHttpPipeline } from './http/http-pipeline.js';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter.js';
import { setUpOpenApi } from './openapi.js';

const env = loadConfigOrExit(GatewayEnv, 'gateway');
// Nest's own body parser is off: ours has the configured limit and answers its errors as problem+json.
const app = await NestFactory.create<NestExpressApplication>(GatewayAppModule.forRoot(env), {
  bufferLogs: true,
  bodyParser: false,
});
app.useLogger(app.get(Logger));
configureHttpPipeline(app, env);
// Socket.IO on the same HTTP server and port, at /socket.io.
app.useWebSocketAdapter(new RealtimeIoAdapter(app, env));
app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
setUpOpenApi(app);
app.enableShutdownHooks();
await app.listen(env.PORT, env.HOST);
app.get(Logger).log(`gateway listening on :${env.PORT} (NATS ${env.NATS_URL}, namespace "${env.NATS_NAMESPACE}")`);
