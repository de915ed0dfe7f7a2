export * from './jwt.js';
export * from './system.js';
export * from './users.js';
export * from './sockets.js';
export * from './nats-server.js';
export * from './store.js';
// room.ts and browser.ts use Jest's globals: import them directly, so scripts (bench, docs) can load this index.
