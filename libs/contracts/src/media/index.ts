export * from './media.dto.js';
export * from './media.subjects.js';
