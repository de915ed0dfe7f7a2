export * from './jwt.js';
export * from './system.js';
export * from './users.js';
export * from './sockets.js';
export * from './nats-server.js';
export * from './store.js';
export * from './room.js';
