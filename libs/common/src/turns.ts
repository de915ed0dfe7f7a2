/**
 * Work keyed by a name runs one at a time per key, in call order, in this process; different keys run
 * concurrently. A failed turn does not stop the ones after it.
 */
export class Turns {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const turn = (this.tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = turn.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.finally(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return turn;
  }
}
