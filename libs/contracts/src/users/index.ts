// Users service contract: subjects (USERS_SUBJECTS, USERS_BROADCASTS), payload classes, replies.
export * from './users.subjects.js';
export * from './users.queries.js';
export * from './users.dto.js';
export * from './users.events.js';
