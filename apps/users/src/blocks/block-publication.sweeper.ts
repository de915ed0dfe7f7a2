import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UsersEnv } from '../users.env.js';
import { BlocksService } from './blocks.service.js';

const SWEEP_EVERY_MS = 10_000;
/**
 * A mark is cleared by the sweep only this long after its call set it: until then the call's write may still be on
 * its way (a database stalled by a failover), and clearing the mark before it lands could lose it (ADR 0019).
 */
const CLEAR_AFTER_MS = 5 * 60_000;

/**
 * Publishes block changes whose call never cleared its mark (ADR 0019): the process died between the write and the
 * publish, or the publish failed. Marks older than twice the RPC timeout are published again on every sweep, and
 * cleared once older than CLEAR_AFTER_MS and matched by a publish. Every replica sweeps: two publishing one pair send
 * the same state.
 */
@Injectable()
export class BlockPublicationSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BlockPublicationSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly blocks: BlocksService,
    @Inject(UsersEnv) private readonly env: UsersEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** The sweep in hand stops after its current pair (a publish with no wait for chat). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    const now = Date.now();
    this.running = this.blocks
      .publishUnpublished({
        publishBefore: new Date(now - 2 * this.env.RPC_TIMEOUT_MS),
        clearBefore: new Date(now - CLEAR_AFTER_MS),
        stopped: () => this.stopped,
      })
      .then((count) => {
        if (count > 0) this.logger.log({ count }, 'block changes published by the sweep');
        this.failing = false;
      })
      .catch((error: unknown) => {
        // Once per outage: the next pass tries again.
        if (!this.failing) this.logger.warn({ err: error }, 'block changes cannot be published yet; retrying');
        this.failing = true;
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
