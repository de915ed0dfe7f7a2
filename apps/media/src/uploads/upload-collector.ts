import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MediaEnv } from '../media.env.js';
import { UploadsService } from './uploads.service.js';

/** Every MEDIA_GC_INTERVAL_SECONDS: deletes uploads nobody attached within MEDIA_UNATTACHED_TTL_SECONDS. */
@Injectable()
export class UploadCollector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadCollector.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly env: MediaEnv,
    private readonly uploads: UploadsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.sweep());
    }, this.env.MEDIA_GC_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const freed = await this.uploads.collect();
      if (freed > 0) this.logger.log({ freed }, 'unattached uploads collected');
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'collecting unattached uploads failed; next round retries');
    }
  }
}
