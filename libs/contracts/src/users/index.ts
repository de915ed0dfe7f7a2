// Users service contract: subjects (USERS_SUBJECTS), payload classes, replies, events.
export const USERS_SUBJECTS = {} as const;
