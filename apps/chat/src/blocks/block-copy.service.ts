import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '#contracts';
import { DomainError } from '#common';
import { ChatEnv } from '../chat.env.js';
import { type BlockCopyChange, BlockCopyRepository } from './block-copy.repository.js';

/**
 * Blocks as chat sees them: a read copy of the users service's blocks, fed by its events (BlockEventsConsumer,
 * ADR 0019), so a direct send asks no other service. Until the consumer has caught up once since start-up the
 * copy may miss recent blocks: checks wait for that (and fail closed with SERVICE_UNAVAILABLE past the RPC timeout).
 */
@Injectable()
export class BlockCopyService {
  private caughtUp = false;
  private markCaughtUp!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.markCaughtUp = resolve));

  constructor(
    private readonly blocks: BlockCopyRepository,
    @Inject(ChatEnv) private readonly env: ChatEnv,
  ) {}

  /** True when either user has blocked the other. */
  async between(a: string, b: string): Promise<boolean> {
    if (!this.caughtUp) await this.untilCaughtUp();
    return this.blocks.between(a, b);
  }

  apply(change: BlockCopyChange): Promise<void> {
    return this.blocks.apply(change);
  }

  /** The consumer has nothing pending: every block stored before now is in the copy. */
  caughtUpNow(): void {
    this.caughtUp = true;
    this.markCaughtUp();
  }

  private async untilCaughtUp(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Blocks are not loaded yet; retry')), this.env.RPC_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.ready, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
