// Users service contract: subjects (USERS_SUBJECTS), payload classes, replies, events.
import { USERS_QUERY_SUBJECTS } from './users.queries.js';

export * from './users.queries.js';
export * from './users.dto.js';

/**
 * The users service's durable JetStream consumer of auth's account events (shared by its replicas;
 * JetStream keeps its position while the service is down). Named here so nothing else takes the name.
 */
export const USERS_ACCOUNT_EVENTS_DURABLE = 'users-account-projection';

export const USERS_SUBJECTS = {
  ...USERS_QUERY_SUBJECTS,
  /** SessionCommand → PrivateProfile */
  getProfile: 'users.profile.get',
  /** UpdateProfileCommand → PrivateProfile (username/email changes go through auth) */
  updateProfile: 'users.profile.update',
  /** TargetUserCommand → PublicUser */
  getUser: 'users.get',
  /** SearchUsersQuery → PublicUserPage */
  search: 'users.search',
  /** CallerPageQuery → FriendPage */
  listFriends: 'users.friends.list',
  /** FriendCommand → FriendStatus */
  requestFriend: 'users.friends.request',
  /** SessionCommand → FriendRequests */
  listFriendRequests: 'users.friends.requests',
  /** TargetUserCommand → FriendStatus */
  acceptFriend: 'users.friends.accept',
  /** TargetUserCommand → void */
  declineFriend: 'users.friends.decline',
  /** FriendCommand → void (ends the friendship or a pending request either way) */
  removeFriend: 'users.friends.remove',
  /** CallerPageQuery → PublicUserPage */
  listBlocks: 'users.blocks.list',
  /** TargetUserCommand → void */
  block: 'users.blocks.add',
  /** TargetUserCommand → void */
  unblock: 'users.blocks.remove',
} as const;
