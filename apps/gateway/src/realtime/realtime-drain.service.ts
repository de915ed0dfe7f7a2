import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import { GatewayEnv } from '../gateway.env.js';

/**
 * Graceful stop of this replica's sockets (SIGTERM, rolling restarts). From the signal on, new handshakes
 * and new events are refused with SERVICE_UNAVAILABLE (retriable; main.ts turns /health/ready to 503); every event
 * already received is answered (bounded by RPC_TIMEOUT_MS, after which the RPC itself has failed and been
 * answered); only then are the sockets disconnected, so clients reconnect to another replica. Nest closes
 * Socket.IO, HTTP and NATS after this hook.
 */
@Injectable()
export class RealtimeDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RealtimeDrain.name);
  private server: Server | undefined;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private draining = false;

  constructor(@Inject(GatewayEnv) private readonly env: GatewayEnv) {}

  attach(server: Server): void {
    this.server = server;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Runs an event's handling, counted until its answer is ready; past RPC_TIMEOUT_MS (queued behind a flood,
   * a slow bus) the answer is `late()` instead, so every event is answered within the deadline and a drain
   * never waits longer than that.
   */
  async track<T>(work: () => Promise<T>, late: () => T): Promise<T> {
    this.inFlight += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(late()), this.env.RPC_TIMEOUT_MS);
      });
      return await Promise.race([work(), deadline]);
    } finally {
      clearTimeout(timer);
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    const pending = this.inFlight;
    if (pending > 0) {
      await new Promise<void>((resolve) => {
        // A little past the deadline of track(): by then every event has been answered.
        const timer = setTimeout(resolve, this.env.RPC_TIMEOUT_MS + 500);
        this.idle = () => (clearTimeout(timer), resolve());
      });
    }
    // Acks are written synchronously by the time track() settles; the next turn lets them reach the wire first.
    await new Promise((resolve) => setImmediate(resolve));
    this.logger.log({ answered: pending, left: this.inFlight }, 'socket events drained; disconnecting sockets');
    this.server?.disconnectSockets(true);
  }
}
