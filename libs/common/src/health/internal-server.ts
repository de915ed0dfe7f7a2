import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, register } from 'prom-client';
import type { ReadinessReport } from './readiness.js';

// The event-loop delay monitor samples every 50 ms instead of prom-client's 10: at 10 it woke every process 100
// times a second with nothing to do (≈3 ms of CPU a second each, the idle baseline of bench:realtime); any stall of
// 50 ms or more is still seen.
export const EVENT_LOOP_MONITORING_PRECISION_MS = 50;
collectDefaultMetrics({ register, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * The internal port of every process (PORT for services, METRICS_PORT for the gateway): `/health/live`,
 * `/health/ready` (and `/health`, the same, for older probes) and `/metrics`. Plain node:http, started before
 * the Nest application so that a process still waiting for NATS (or MongoDB) is live and says "not ready"
 * instead of not answering at all. Never exposed publicly: metrics and check details stay inside.
 */
export class InternalServer {
  private readiness: (() => Promise<ReadinessReport>) | undefined;
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(port: number, host: string): Promise<InternalServer> {
    const internal = new InternalServer();
    await new Promise<void>((resolve, reject) => {
      internal.server.once('error', reject);
      internal.server.listen(port, host, () => resolve());
    });
    return internal;
  }

  /** Until this is called (the application is initialised) the process reports itself as starting. */
  ready(check: () => Promise<ReadinessReport>): void {
    this.readiness = check;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, JSON.stringify({ status: 'error' }));
    try {
      if (path === '/health/live') return send(res, 200, JSON.stringify({ status: 'ok' }));
      if (path === '/health/ready' || path === '/health') {
        const report: ReadinessReport = this.readiness
          ? await this.readiness()
          : { status: 'error', checks: { startup: { status: 'down', message: 'starting: waiting for NATS and storage' } } };
        return send(res, report.status === 'ok' ? 200 : 503, JSON.stringify(report));
      }
      if (path === '/metrics') return send(res, 200, await register.metrics(), register.contentType);
      send(res, 404, JSON.stringify({ status: 'error', message: 'not found' }));
    } catch (error) {
      send(res, 500, JSON.stringify({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    }
  }
}
