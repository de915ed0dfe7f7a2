import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UsersEnv } from '../users.env.js';
import { BlocksService } from './blocks.service.js';

const SWEEP_EVERY_MS = 10_000;

/**
 * Publishes block changes whose call never cleared its mark (ADR 0019): the process died between the write and the
 * publish, or the publish failed. Only marks older than twice the RPC timeout, by which time their own call has
 * answered or died; republishing one still in flight would do no harm either (the stored state is what is sent).
 * Every replica sweeps: two publishing one pair send the same state.
 */
@Injectable()
export class BlockPublicationSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BlockPublicationSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly blocks: BlocksService,
    @Inject(UsersEnv) private readonly env: UsersEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    this.running = this.blocks
      .publishUnpublished(new Date(Date.now() - 2 * this.env.RPC_TIMEOUT_MS))
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
