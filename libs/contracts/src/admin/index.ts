export * from './roles.js';
export * from './admin.dto.js';
