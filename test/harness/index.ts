export * from './jwt.js';
export * from './system.js';
export * from './users.js';
export * from './store.js';
