// Chat service contract: subjects (CHAT_SUBJECTS), broadcasts, payload classes, replies.
export * from './chat.subjects.js';
export * from './chat.views.js';
export * from './chat.dto.js';
export * from './chat.commands.js';
export * from './chat.broadcasts.js';
export * from './chat-calls.dto.js';
export * from './chat.events.js';
export * from './moderation.dto.js';
