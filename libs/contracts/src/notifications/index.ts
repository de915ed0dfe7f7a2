// Notifications service contract: subjects (NOTIFICATIONS_SUBJECTS), payload classes, replies.
export * from './notifications.subjects.js';
export * from './notifications.dto.js';
