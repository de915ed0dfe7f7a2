import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import {
  CHAT_ID_MAX_LENGTH,
  CLIENT_EVENTS,
  ErrorCode,
  HANDSHAKE_ERRORS,
  MESSAGE_MAX_LENGTH,
  SERVER_EVENTS,
  SYNC_MAX_CONVERSATIONS,
} from '#contracts';

// The AsyncAPI 3 document of the Socket.IO events, built from the contracts: event names from
// CLIENT_EVENTS / SERVER_EVENTS, client payload schemas from the payload classes' class-validator rules,
// server payloads and ack data from the OpenAPI document's component schemas (the same classes REST uses).
// `npm run docs:api` writes it to docs/api/asyncapi.json; test/api-docs.e2e-spec.ts checks it is current.

type Schema = Record<string, unknown>;
type ClientKey = keyof typeof CLIENT_EVENTS;
type ServerKey = keyof typeof SERVER_EVENTS;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, Schema>, description?: string): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(description ? { description } : {}),
});

/** Client payload classes, by event (the gateway validates each strictly: unknown fields are an error). */
const CLIENT_PAYLOAD_CLASSES: Record<ClientKey, string> = {
  messageSend: 'SendMessagePayload',
  messageEdit: 'EditMessagePayload',
  messageDelete: 'DeleteMessagePayload',
  typing: 'TypingPayload',
  conversationRead: 'ReadPayload',
  sync: 'SyncPayload',
  reactionAdd: 'ReactionPayload',
  reactionRemove: 'ReactionPayload',
};

/** `data` of a successful acknowledgement, by client event. */
const ACK_DATA: Record<ClientKey, Schema> = {
  messageSend: { ...ref('Message'), description: 'the stored message; a repeated clientMsgId returns the same one' },
  messageEdit: ref('Message'),
  messageDelete: object({ id: { type: 'string' } }),
  typing: { type: 'object', properties: {}, additionalProperties: false },
  conversationRead: ref('ReadPosition'),
  sync: object({
    events: { type: 'array', items: ref('SyncEvent'), description: 'the same items as the REST sync log, oldest first per conversation' },
    more: { type: 'boolean', description: 'a limit cut the answer: ask again with the last seqs seen' },
  }),
  reactionAdd: { type: 'object', properties: {}, additionalProperties: false },
  reactionRemove: { type: 'object', properties: {}, additionalProperties: false },
};

const CLIENT_SUMMARIES: Record<ClientKey, string> = {
  messageSend: 'Send a message to a conversation (conversationId) or a user (recipientId); idempotent per clientMsgId.',
  messageEdit: "Edit one of your messages.",
  messageDelete: 'Delete a message (the sender, or a room owner/admin).',
  typing: 'Tell the other members you are (not) typing.',
  conversationRead: 'Move your read position forward (never backward; clamped to lastSeq).',
  sync: 'Catch up after a reconnect: every event after the last seq seen, per conversation.',
  reactionAdd: 'React to a message (idempotent: reacting twice is one reaction; at most 20 distinct emoji per message).',
  reactionRemove: 'Take your reaction back (idempotent).',
};

const nullableString = (format?: string): Schema => ({ type: ['string', 'null'], ...(format ? { format } : {}) });

/** Server → client payloads, by event. */
const SERVER_PAYLOADS: Record<ServerKey, { payload: Schema; summary: string }> = {
  messageNew: { payload: ref('Message'), summary: "A new message, to every socket of every member, the sender's other sockets included." },
  messageUpdated: { payload: ref('Message'), summary: 'A message was edited (to members).' },
  messageDeleted: { payload: ref('DeletedMessage'), summary: 'A message was deleted (to members).' },
  messagePinned: { payload: ref('PinChange'), summary: 'A message was pinned or unpinned; seq is its event in the sync log (to members).' },
  messageReaction: { payload: ref('ReactionChange'), summary: 'A reaction was added or removed; seq is its event in the sync log (to members).' },
  typing: {
    payload: object({ conversationId: { type: 'string' }, userId: { type: 'string' }, isTyping: { type: 'boolean' } }),
    summary: 'Another member is (not) typing; never echoed to the typist.',
  },
  conversationRead: {
    payload: object({ conversationId: { type: 'string' }, userId: { type: 'string' }, lastReadSeq: { type: 'integer', minimum: 0 } }),
    summary: "A member's read position moved (to members).",
  },
  conversationNew: { payload: ref('Conversation'), summary: 'A conversation you are in was created, or you were added to one.' },
  presence: {
    payload: object({
      userId: { type: 'string' },
      onlineStatus: { type: 'string', enum: ['online', 'offline'] },
      lastSeenAt: nullableString('date-time'),
    }),
    summary: "A friend's presence changed (to that user's friends).",
  },
  friendRequest: { payload: object({ user: ref('PublicUser') }), summary: 'Someone asked to be your friend.' },
  friendAccepted: { payload: object({ user: ref('PublicUser') }), summary: 'Your friend request was accepted.' },
  friendRemoved: { payload: object({ user: ref('PublicUser') }), summary: 'A friendship ended or a request was cancelled.' },
  sessionRevoked: {
    payload: object({
      reason: { type: 'string', enum: ['logout', 'revoked', 'password_changed', 'refresh_reuse', 'account_disabled', 'role_changed'] },
    }),
    summary: "This socket's session ended; the server disconnects the socket right after.",
  },
  roomMemberMuted: {
    payload: ref('RoomMute'),
    summary: 'A room owner/admin muted a member until `until` (to the members); their posts are refused with MUTED until then.',
  },
  roomMemberBanned: {
    payload: object({ roomId: { type: 'string' }, userId: { type: 'string' } }),
    summary: 'A member was banned from a room: removed and unable to rejoin (to the members and the banned user).',
  },
};

const ACK_ERROR: Schema = object({
  ok: { const: false },
  error: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: Object.values(ErrorCode) },
      message: { type: 'string' },
      details: {
        type: 'object',
        description: '`errors` lists invalid fields (VALIDATION_FAILED); `retryAfterMs` comes with RATE_LIMITED',
        properties: { errors: { type: 'array', items: ref('FieldErrorDto') }, retryAfterMs: { type: 'integer' } },
      },
    },
  },
});

/** OpenAPI 3.0 schema → JSON Schema (AsyncAPI's default format): `nullable` becomes a null type. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (typeof value !== 'object' || value === null) return value;
  const { nullable, example, ...rest } = value as Schema;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, inner]) => [key, toJsonSchema(inner)]));
  if (example !== undefined) converted.examples = [example];
  if (nullable !== true) return converted;
  if (typeof converted.type === 'string') return { ...converted, type: [converted.type, 'null'] };
  return { oneOf: [converted, { type: 'null' }] };
}

/** Names of the component schemas `schema` refers to, transitively. */
function referenced(schema: unknown, components: Record<string, unknown>, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => referenced(item, components, found));
  else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.split('/').pop() ?? '';
        if (!found.has(name)) {
          found.add(name);
          referenced(components[name], components, found);
        }
      } else referenced(value, components, found);
    }
  }
  return found;
}

/** Schemas of class-validator rules that are ours (ValidateBy names), which the library cannot know. */
function customRule(meta: ValidationMetadata): Schema {
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(meta.constraintCls);
  switch (constraint?.name) {
    case 'messageText':
      return { type: 'string', minLength: 1, maxLength: MESSAGE_MAX_LENGTH, description: `1-${MESSAGE_MAX_LENGTH} characters (code points) after trimming` };
    case 'syncPositions':
      return {
        type: 'object',
        description: '{ [conversationId]: lastSeenSeq }',
        maxProperties: SYNC_MAX_CONVERSATIONS,
        propertyNames: { minLength: 1, maxLength: CHAT_ID_MAX_LENGTH },
        additionalProperties: { type: 'integer', minimum: 0 },
      };
    case 'reactionEmoji':
      return { type: 'string', minLength: 1, description: 'one emoji (a single grapheme cluster) or a :shortcode: of 1-32 [a-z0-9_+-]' };
    case 'exactlyOneTarget':
      return { description: 'exactly one of conversationId or recipientId' };
    default: {
      // Other classes (REST bodies, commands) are not in this document; a socket payload must be exact.
      const owner = typeof meta.target === 'function' ? meta.target.name : String(meta.target);
      if (!Object.values(CLIENT_PAYLOAD_CLASSES).includes(owner)) return {};
      throw new Error(`no JSON schema for the rule "${constraint?.name}" of ${owner}: add it to customRule()`);
    }
  }
}

function clientPayloadSchemas(): Record<string, Schema> {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    additionalConverters: { [ValidationTypes.CUSTOM_VALIDATION]: customRule },
  }) as Record<string, Schema>;
  const schemas: Record<string, Schema> = {};
  for (const name of Object.values(CLIENT_PAYLOAD_CLASSES)) {
    const schema = all[name];
    if (!schema) throw new Error(`no class-validator metadata for ${name}`);
    schemas[name] = { ...schema, additionalProperties: false };
  }
  // The one cross-field rule: a message goes to a conversation or to a user, never both.
  schemas.SendMessagePayload = {
    ...schemas.SendMessagePayload,
    oneOf: [{ required: ['conversationId'] }, { required: ['recipientId'] }],
  };
  return schemas;
}

export interface OpenApiLike {
  components?: { schemas?: Record<string, unknown> };
}

export function buildAsyncApiDocument(openapi: OpenApiLike): Schema {
  const restSchemas = openapi.components?.schemas ?? {};
  const clientSchemas = clientPayloadSchemas();
  const messages: Record<string, Schema> = {};
  const operations: Record<string, Schema> = {};
  const channelMessages: Record<string, Schema> = {};
  const channel = { $ref: '#/channels/socket' };
  const channelMessage = (id: string) => ({ $ref: `#/channels/socket/messages/${id}` });

  for (const [key, event] of Object.entries(CLIENT_EVENTS) as [ClientKey, string][]) {
    const id = `client.${key}`;
    messages[id] = { name: event, title: event, summary: CLIENT_SUMMARIES[key], payload: ref(CLIENT_PAYLOAD_CLASSES[key]) };
    messages[`${id}.ack`] = {
      name: `${event} ack`,
      title: `${event} acknowledgement`,
      summary: 'The acknowledgement callback argument: { ok: true, data } or { ok: false, error }.',
      payload: { oneOf: [object({ ok: { const: true }, data: ACK_DATA[key] }), { $ref: '#/components/schemas/AckError' }] },
    };
    channelMessages[id] = { $ref: `#/components/messages/${id}` };
    channelMessages[`${id}.ack`] = { $ref: `#/components/messages/${id}.ack` };
    operations[id] = {
      action: 'receive',
      channel,
      summary: CLIENT_SUMMARIES[key],
      messages: [channelMessage(id)],
      reply: { channel, messages: [channelMessage(`${id}.ack`)] },
    };
  }
  for (const [key, event] of Object.entries(SERVER_EVENTS) as [ServerKey, string][]) {
    const id = `server.${key}`;
    const { payload, summary } = SERVER_PAYLOADS[key];
    messages[id] = { name: event, title: event, summary, payload };
    channelMessages[id] = { $ref: `#/components/messages/${id}` };
    operations[id] = { action: 'send', channel, summary, messages: [channelMessage(id)] };
  }

  const used = referenced([messages, ACK_ERROR], restSchemas);
  const schemas: Record<string, unknown> = { ...clientSchemas, AckError: ACK_ERROR };
  for (const name of [...used].sort()) {
    if (name in schemas) continue;
    if (!(name in restSchemas)) throw new Error(`schema ${name} is in neither the payload classes nor the OpenAPI document`);
    schemas[name] = toJsonSchema(restSchemas[name]);
  }

  return {
    asyncapi: '3.1.0',
    info: {
      title: 'Chat Platform real-time API (Socket.IO)',
      version: '1.0',
      description: [
        'Socket.IO (Engine.IO 4) on the gateway, on the same port as the REST API, at path /socket.io.',
        'This document describes the gateway: `receive` operations are events a client emits (each takes an',
        'acknowledgement callback, the operation\'s reply), `send` operations are events the gateway emits.',
        `A handshake without a valid token fails with connect_error "${HANDSHAKE_ERRORS.unauthorized}";`,
        `"${HANDSHAKE_ERRORS.unavailable}" means retry later. An unknown event is answered with a NOT_FOUND ack.`,
        'Guides: docs/guides/ (ordering, retries, sync, unread, errors).',
      ].join(' '),
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      gateway: {
        host: 'localhost:3000',
        protocol: 'ws',
        pathname: '/socket.io',
        description: 'Use the websocket transport; long-polling needs sticky sessions.',
        security: [{ $ref: '#/components/securitySchemes/accessToken' }],
      },
    },
    channels: {
      socket: {
        address: '/',
        title: 'The default Socket.IO namespace',
        servers: [{ $ref: '#/servers/gateway' }],
        messages: channelMessages,
      },
    },
    operations,
    components: {
      securitySchemes: {
        accessToken: {
          type: 'httpApiKey',
          in: 'query',
          name: 'token',
          description: 'The REST access token, in the handshake `auth.token` (preferred) or the `token` query parameter.',
        },
      },
      schemas,
      messages,
    },
  };
}
