import type { MsgHdrs } from '@nats-io/transport-node';

/**
 * Names the publishToUsers call a per-user copy comes from: one value on every copy of that call, set only when
 * the call has more than one user (a lone copy has nothing to be grouped with).
 */
export const DELIVERY_ID_HEADER = 'x-delivery-id';

/** What the batcher reads of a received copy (a nats.js Msg). */
export interface DeliveryCopy {
  readonly headers?: MsgHdrs;
}

/**
 * Groups the per-user copies of one publishToUsers call that arrive one after the other, so the receiver parses,
 * traces and emits a delivery once for all of its users instead of once per user (docs/adr/0012, amendment).
 *
 * Run-length only: a copy with another delivery id (or none) hands the open run over first, so deliveries are
 * handled in the order their copies arrived and each user's deliveries keep NATS's order, even when copies of
 * several publishers interleave (each interleaving just starts a new run). nats.js calls subscription callbacks
 * synchronously while it parses one socket read, so the copies of a call that came in one read form one run; the
 * run still open at the end of the read is handed over in a microtask, before the next read is parsed.
 */
export class UserCopiesBatcher<C extends DeliveryCopy> {
  private run: { id: string; userIds: string[]; first: C } | undefined;
  private flushQueued = false;

  /** `handle` gets the users in arrival order and the first copy (every copy of a call has the same bytes). */
  constructor(private readonly handle: (userIds: string[], first: C) => void) {}

  add(userId: string, copy: C): void {
    const id = copy.headers?.get(DELIVERY_ID_HEADER) || undefined;
    const run = this.run;
    if (run !== undefined && id === run.id) {
      run.userIds.push(userId);
      return;
    }
    this.flush();
    if (id === undefined) return this.handle([userId], copy);
    this.run = { id, userIds: [userId], first: copy };
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushLater);
    }
  }

  /** Hands the open run over now: before anything that arrived after it (another subject's message) is handled. */
  flush(): void {
    const run = this.run;
    if (run === undefined) return;
    this.run = undefined;
    this.handle(run.userIds, run.first);
  }

  private readonly flushLater = (): void => {
    this.flushQueued = false;
    this.flush();
  };
}
