import { Injectable } from '@nestjs/common';
import { CHAT_BROADCASTS, type FriendBroadcast, type PresenceView, type UserDelivery, USERS_BROADCASTS } from '#contracts';
import { METRICS, NatsBus } from '#common';

/** Where a user-addressed broadcast goes: one call for all of the listed users' sockets on this replica. */
export interface UserBroadcastTargets {
  delivery(userIds: readonly string[], delivery: UserDelivery): void;
  friend(userIds: readonly string[], notice: FriendBroadcast): void;
  presence(userIds: readonly string[], view: PresenceView): void;
}

interface Held {
  /** Sockets of the user on this replica that hold the subscription. */
  count: number;
  /** Resolves to the unsubscribe once the NATS server has the subscription. */
  ready: Promise<() => void>;
}

/**
 * The per-user subscriptions of this replica (docs/adr/0012): chat's deliveries (`chat.deliver.user.<userId>`)
 * and the users service's friend and presence notices (`users.friend.user.<userId>`, `users.presence.user.<userId>`)
 * are heard — through one wildcard subscription per user — while at least one socket of that user is connected here,
 * so a replica handles only its own users' traffic. Reference-counted per user: a user's second socket costs no
 * subscription, the last one to leave drops it.
 */
@Injectable()
export class UserDeliveries {
  private readonly held = new Map<string, Held>();
  private targets: UserBroadcastTargets | undefined;

  constructor(private readonly bus: NatsBus) {
    // One handler per subject for every user: the copies of one publish that arrive together come in as one call.
    bus.onUserBroadcast(CHAT_BROADCASTS.delivery, (userIds, delivery) => {
      METRICS.userDeliveriesReceived.inc(userIds.length);
      this.targets?.delivery(userIds, delivery);
    });
    bus.onUserBroadcast(USERS_BROADCASTS.friend, (userIds, notice) => {
      METRICS.userNoticesReceived.inc({ subject: USERS_BROADCASTS.friend }, userIds.length);
      this.targets?.friend(userIds, notice);
    });
    bus.onUserBroadcast(USERS_BROADCASTS.presence, (userIds, view) => {
      METRICS.userNoticesReceived.inc({ subject: USERS_BROADCASTS.presence }, userIds.length);
      this.targets?.presence(userIds, view);
    });
  }

  /** Sets where broadcasts go (SocketRooms, once, before any socket holds a subscription). */
  deliverTo(targets: UserBroadcastTargets): void {
    this.targets = targets;
  }

  /** Takes a share of the user's subscription; resolves once what is published from now on reaches the targets. */
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

  /** One subscription for every per-user subject of the user, in place on the NATS server once this resolves. */
  private async subscribe(userId: string): Promise<() => void> {
    const unsubscribe = this.bus.subscribeUser(userId);
    try {
      await this.bus.flush();
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }
}
