// Real-time (Socket.IO) contract: event names, client payloads, the ack shape, presence.
export * from './realtime.events.js';
export * from './realtime.payloads.js';
export * from './presence.js';
