// Chat service contract: subjects (CHAT_SUBJECTS), payload classes, replies, events.
export const CHAT_SUBJECTS = {} as const;
