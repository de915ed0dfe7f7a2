/**
 * Runs tasks one after the other per key, and tasks of different keys side by side. Used wherever the
 * order in which work was *asked for* must be the order it *takes effect* although each piece awaits I/O:
 * chat pushes per conversation, presence lease writes and presence checks per user.
 */
export class KeyedSerialQueue {
  /** Per key, the tail of its chain (settled, never rejected); dropped once the chain is idle. */
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Starts `task` once every task enqueued before under `key` has settled (a failed one does not block the
   * rest), and settles as `task` does. Enqueue with no await in between the change and this call, or the
   * order is already lost.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once everything enqueued so far, and whatever that enqueued meanwhile, has settled. */
  async drained(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }

  /** Keys with work queued or running. */
  get pendingKeys(): number {
    return this.tails.size;
  }
}
