// Real-time (Socket.IO) contract: event names, client payloads, the ack shape, presence.
export * from './realtime.events.js';
export * from './realtime.payloads.js';
export * from './presence.js';
export * from './realtime.views.js';
export * from './realtime.event-specs.js';
