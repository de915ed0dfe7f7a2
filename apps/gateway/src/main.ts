import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { InternalServer, loadConfigOrExit, Readiness } from '#common';
import { GatewayAppModule } from './gateway-app.module.js';
import { GatewayEnv } from './gateway.env.js';
import { configureHttpPipeline } from './http/http-pipeline.js';
import { serveWebClient } from './http/web-client.js';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter.js';
import { setUpOpenApi } from './openapi.js';

const env = loadConfigOrExit(GatewayEnv, 'gateway');
// Health details and metrics live on an internal port only, up before NATS is (see InternalServer).
const internal = await InternalServer.start(env.METRICS_PORT, env.HOST);
// Nest's own body parser is off: ours has the configured limit and answers its errors as problem+json.
const app = await NestFactory.create<NestExpressApplication>(GatewayAppModule.forRoot(env), {
  bufferLogs: true,
  bodyParser: false,
});
app.useLogger(app.get(Logger));
configureHttpPipeline(app, env);
// The reference web client (dist/web) at `/`, when it was built.
serveWebClient(app);
// Socket.IO on the same HTTP server and port, at /socket.io.
app.useWebSocketAdapter(new RealtimeIoAdapter(app, env));
// The public port's only health route: liveness for probes that can reach nothing else.
app.setGlobalPrefix('api', { exclude: ['health/live'] });
setUpOpenApi(app);
const readiness = app.get(Readiness);
process.once('SIGTERM', () => readiness.markDraining());
app.enableShutdownHooks();
app.get(Logger).log(`gateway: internal HTTP :${env.METRICS_PORT} up; connecting to NATS ${env.NATS_URL}`);
await app.listen(env.PORT, env.HOST);
internal.ready(() => readiness.report());
app.get(Logger).log(`gateway listening on :${env.PORT}, internal :${env.METRICS_PORT} (NATS ${env.NATS_URL}, namespace "${env.NATS_NAMESPACE}")`);
