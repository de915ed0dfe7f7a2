// Shapes of the public REST contract, taken from the generated OpenAPI types (never written by hand).
import type { components } from './schema.js';

type Schemas = components['schemas'];
export type Message = Schemas['Message'];
export type Conversation = Schemas['Conversation'];
export type PublicUser = Schemas['PublicUser'];
export type PrivateProfile = Schemas['PrivateProfile'];
export type AuthResult = Schemas['AuthResult'];
export type Problem = Schemas['Problem'];
export type Room = Schemas['Room'];
export type RoomDetail = Schemas['RoomDetail'];
export type Friend = Schemas['Friend'];
export type FriendRequests = Schemas['FriendRequests'];
export type SyncEvent = Schemas['SyncEvent'];
export type UpdateProfileBody = Schemas['UpdateProfileBody'];
export type NotificationPreferences = Schemas['NotificationPreferences'];
export type NotificationLevel = Schemas['NotificationLevelBody']['level'];
export type Role = Schemas['SetRoleBody']['role'];
export type AdminAccount = Schemas['AdminAccount'];
export type Report = Schemas['Report'];
export type ReportResolution = Schemas['ResolveReportBody']['resolution'];
export type AuditEntry = Schemas['AuditEntry'];
export type Attachment = Schemas['Attachment'];
export type RoomMember = Schemas['RoomMember'];
