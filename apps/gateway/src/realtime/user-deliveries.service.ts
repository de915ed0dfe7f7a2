import { Injectable } from '@nestjs/common';
import { CHAT_BROADCASTS, type UserDelivery } from '#contracts';
import { METRICS, NatsBus } from '#common';

/** Where deliveries go: one delivery for all of the listed users' sockets on this replica. */
export type DeliverFn = (userIds: readonly string[], delivery: UserDelivery) => void;

interface Held {
  /** Sockets of the user on this replica that hold the subscription. */
  count: number;
  /** Resolves to the unsubscribe once the NATS server has the subscription. */
  ready: Promise<() => void>;
}

/**
 * The per-user delivery subscriptions of this replica (docs/adr/0012): `chat.deliver.user.<userId>` is heard
 * while at least one socket of that user is connected here, so a replica handles only its own users' traffic.
 * Reference-counted per user: a user's second socket costs no subscription, the last one to leave drops it.
 */
@Injectable()
export class UserDeliveries {
  private readonly held = new Map<string, Held>();
  private readonly subscribe: (userId: string) => Promise<() => void>;
  private deliver: DeliverFn = () => undefined;

  constructor(bus: NatsBus) {
    // One handler for every user: the copies of one delivery that arrive together come in as one call.
    this.subscribe = bus.subscribeUsers(CHAT_BROADCASTS.delivery, (userIds, delivery) => {
      METRICS.userDeliveriesReceived.inc(userIds.length);
      this.deliver(userIds, delivery);
    });
  }

  /** Sets where deliveries go (SocketRooms, once, before any socket holds a subscription). */
  deliverTo(deliver: DeliverFn): void {
    this.deliver = deliver;
  }

  /** Takes a share of the user's subscription; resolves once deliveries published from now on reach the deliver function. */
  async hold(userId: string): Promise<void> {
    let held = this.held.get(userId);
    if (!held) {
      const entry: Held = { count: 0, ready: this.subscribe(userId) };
      // A failed subscribe is forgotten so the next socket of the user tries again.
      entry.ready.catch(() => {
        if (this.held.get(userId) === entry) this.held.delete(userId);
      });
      this.held.set(userId, entry);
      held = entry;
    }
    held.count += 1;
    try {
      await held.ready;
    } catch (error) {
      held.count -= 1;
      throw error;
    }
  }

  release(userId: string): void {
    const held = this.held.get(userId);
    if (!held) return;
    held.count -= 1;
    if (held.count > 0) return;
    this.held.delete(userId);
    held.ready.then(
      (unsubscribe) => unsubscribe(),
      () => undefined,
    );
  }
}
