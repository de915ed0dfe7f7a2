// Users service contract: subjects (USERS_SUBJECTS), payload classes, replies, events.
import { USERS_QUERY_SUBJECTS } from './users.queries.js';

export * from './users.queries.js';

export const USERS_SUBJECTS = {
  ...USERS_QUERY_SUBJECTS,
} as const;
