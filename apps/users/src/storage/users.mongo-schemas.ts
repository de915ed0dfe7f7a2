import { Schema } from 'mongoose';

export const PROFILE_MODEL = 'Profile';
export const FRIEND_REQUEST_MODEL = 'FriendRequest';
export const FRIENDSHIP_MODEL = 'Friendship';
export const BLOCK_MODEL = 'Block';
export const UNPUBLISHED_BLOCK_CHANGE_MODEL = 'UnpublishedBlockChange';

export const ProfileSchema = new Schema(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    usernameKey: { type: String, required: true },
    email: { type: String, required: true },
    displayName: { type: String, default: null },
    displayNameKey: { type: String, default: null },
    bio: { type: String, default: '' },
    avatarUrl: { type: String, default: null },
    onlineStatus: { type: String, default: 'offline' },
    lastSeenAt: { type: Date, default: null },
    disabled: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    accountVersion: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'profiles', versionKey: false, autoIndex: true },
);
// Prefix search: one range per key, keyset-ordered by (usernameKey, _id).
ProfileSchema.index({ usernameKey: 1, _id: 1 });
ProfileSchema.index({ displayNameKey: 1, _id: 1 });
// Presence sweep: the few profiles marked online.
ProfileSchema.index({ onlineStatus: 1 }, { partialFilterExpression: { onlineStatus: 'online' } });

export const FriendRequestSchema = new Schema(
  {
    fromId: { type: String, required: true },
    toId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'friend_requests', versionKey: false, autoIndex: true },
);
FriendRequestSchema.index({ fromId: 1, toId: 1 }, { unique: true });
FriendRequestSchema.index({ toId: 1, createdAt: 1 });

export const FriendshipSchema = new Schema(
  {
    userId: { type: String, required: true },
    friendId: { type: String, required: true },
    since: { type: Date, required: true },
  },
  { collection: 'friendships', versionKey: false, autoIndex: true },
);
FriendshipSchema.index({ userId: 1, friendId: 1 }, { unique: true });
FriendshipSchema.index({ userId: 1, since: -1, friendId: -1 });

export const BlockSchema = new Schema(
  {
    blockerId: { type: String, required: true },
    blockedId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'blocks', versionKey: false, autoIndex: true },
);
BlockSchema.index({ blockerId: 1, blockedId: 1 }, { unique: true });
BlockSchema.index({ blockedId: 1 });
BlockSchema.index({ blockerId: 1, createdAt: -1, blockedId: -1 });

/** Block and unblock calls whose change chat's copy may not have yet (ADR 0019): marked before the write, cleared after the publish. */
export const UnpublishedBlockChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    blockerId: { type: String, required: true },
    blockedId: { type: String, required: true },
    since: { type: Date, required: true },
  },
  { collection: 'blocks_unpublished', versionKey: false, autoIndex: true },
);
UnpublishedBlockChangeSchema.index({ since: 1, _id: 1 });

export const USERS_MONGO_MODELS = [
  { name: PROFILE_MODEL, schema: ProfileSchema },
  { name: FRIEND_REQUEST_MODEL, schema: FriendRequestSchema },
  { name: FRIENDSHIP_MODEL, schema: FriendshipSchema },
  { name: BLOCK_MODEL, schema: BlockSchema },
  { name: UNPUBLISHED_BLOCK_CHANGE_MODEL, schema: UnpublishedBlockChangeSchema },
];
