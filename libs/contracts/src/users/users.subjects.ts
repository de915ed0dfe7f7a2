import { SessionCommand } from '../auth/auth.dto.js';
import { PrivateProfile, PublicUser } from '../common/public-user.dto.js';
import { durableEvent, NO_REPLY, rpc, shape, subjectsOf, userBroadcast } from '../contract.js';
import { type PresenceView } from '../realtime/realtime.views.js';
import {
  CallerPageQuery,
  FriendCommand,
  type FriendBroadcast,
  FriendPage,
  FriendRequests,
  FriendStatus,
  PublicUserPage,
  SearchUsersQuery,
  SetAvatarCommand,
  TargetUserCommand,
  UpdateProfileCommand,
} from './users.dto.js';
import { type BlockChangedEvent } from './users.events.js';
import { BlockCheckQuery, type BlockCheckResult, ProfilesByIdsQuery } from './users.queries.js';

/** The users service's request/reply subjects: subject, command class, reply. */
export const USERS_RPC = {
  getProfile: rpc('users.profile.get', SessionCommand, PrivateProfile),
  /** Username/email changes go through auth. */
  updateProfile: rpc('users.profile.update', UpdateProfileCommand, PrivateProfile),
  /** The gateway, once media stored an avatar (API.md PUT /api/users/profile/avatar). */
  setAvatar: rpc('users.profile.set-avatar', SetAvatarCommand, PrivateProfile),
  getUser: rpc('users.get', TargetUserCommand, PublicUser),
  search: rpc('users.search', SearchUsersQuery, PublicUserPage),
  listFriends: rpc('users.friends.list', CallerPageQuery, FriendPage),
  requestFriend: rpc('users.friends.request', FriendCommand, FriendStatus),
  listFriendRequests: rpc('users.friends.requests', SessionCommand, FriendRequests),
  acceptFriend: rpc('users.friends.accept', TargetUserCommand, FriendStatus),
  declineFriend: rpc('users.friends.decline', TargetUserCommand, NO_REPLY),
  /** Ends the friendship or a pending request either way. */
  removeFriend: rpc('users.friends.remove', FriendCommand, NO_REPLY),
  listBlocks: rpc('users.blocks.list', CallerPageQuery, PublicUserPage),
  block: rpc('users.blocks.add', TargetUserCommand, NO_REPLY),
  unblock: rpc('users.blocks.remove', TargetUserCommand, NO_REPLY),
  /** Asked by chat: has either user blocked the other? */
  blockBetween: rpc('users.blocks.between', BlockCheckQuery, shape<BlockCheckResult>('BlockCheckResult')),
  /** Asked by chat: unknown ids are left out; order follows `ids`. */
  profilesByIds: rpc('users.profiles.by-ids', ProfilesByIdsQuery, shape<PublicUser[]>('PublicUser[]')),
} as const;
export const USERS_SUBJECTS = subjectsOf(USERS_RPC);

/**
 * Core NATS, routed by recipient (`<subject>.<userId>`, docs/adr/0012 amendment): heard only by the gateway
 * replicas that hold a socket of that user.
 */
export const USERS_BROADCAST_CONTRACTS = {
  /** Emitted to the user's sockets as the Socket.IO event named `event`. */
  friend: userBroadcast('users.friend.user', shape<FriendBroadcast>('FriendBroadcast')),
  /** Emitted as `presence` to the user's sockets: one copy to each friend of the user whose status changed. */
  presence: userBroadcast('users.presence.user', shape<PresenceView>('PresenceView')),
} as const;
export const USERS_BROADCASTS = subjectsOf(USERS_BROADCAST_CONTRACTS);

/**
 * Durable domain events (JetStream) of the users service. Chat keeps its read copy of blocks from them
 * (docs/adr/0019), so a direct send needs no request to this service.
 */
export const USERS_EVENT_CONTRACTS = {
  blockChanged: durableEvent('events.users.block.changed', shape<BlockChangedEvent>('BlockChangedEvent')),
} as const;
export const USERS_EVENTS = subjectsOf(USERS_EVENT_CONTRACTS);

/**
 * The users service's durable JetStream consumer of auth's account events (shared by its replicas;
 * JetStream keeps its position while the service is down). Named here so nothing else takes the name.
 */
export const USERS_ACCOUNT_EVENTS_DURABLE = 'users-account-projection';
