import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import {
  CHAT_ID_MAX_LENGTH,
  CLIENT_EVENT_SPECS,
  CLIENT_EVENTS,
  ErrorCode,
  HANDSHAKE_ERRORS,
  MESSAGE_MAX_LENGTH,
  type PayloadSpec,
  SERVER_EVENT_SPECS,
  SERVER_EVENTS,
  SYNC_MAX_CONVERSATIONS,
} from '#contracts';

// The AsyncAPI 3 document of the Socket.IO events, built from the contracts: event names from
// CLIENT_EVENTS / SERVER_EVENTS; payload classes, ack data and summaries from CLIENT_EVENT_SPECS /
// SERVER_EVENT_SPECS (the map the gateway validates with). Client payload schemas come from the payload
// classes' class-validator rules; ack data and server payloads are view classes whose schemas the OpenAPI
// document holds (the gateway adds them as extra models).
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

/** Schemas of the shapes (payloads without a class) that socket events use. */
const SHAPE_SCHEMAS: Record<string, Schema> = {
  EmptyReply: { type: 'object', properties: {}, additionalProperties: false },
};

/** A class becomes a reference to its schema; a shape must be one of SHAPE_SCHEMAS. */
function specSchema(spec: PayloadSpec<unknown>): Schema {
  if (typeof spec === 'function') return ref(spec.name);
  const schema = SHAPE_SCHEMAS[spec.shape];
  if (!schema) throw new Error(`no JSON schema for the shape "${spec.shape}": give the event a class, or add the shape to SHAPE_SCHEMAS`);
  return schema;
}

const CLIENT_PAYLOAD_CLASS_NAMES: ReadonlySet<string> = new Set(Object.values(CLIENT_EVENT_SPECS).map((spec) => spec.payload.name));

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
    case 'exactlyOneSignal':
      return { description: 'exactly one of description or candidate' };
    case 'exactlyOneTarget':
      return { description: 'exactly one of conversationId or recipientId' };
    default: {
      // Other classes (REST bodies, commands) are not in this document; a socket payload must be exact.
      const owner = typeof meta.target === 'function' ? meta.target.name : String(meta.target);
      if (!CLIENT_PAYLOAD_CLASS_NAMES.has(owner)) return {};
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
  for (const name of CLIENT_PAYLOAD_CLASS_NAMES) {
    const schema = all[name];
    if (!schema) throw new Error(`no class-validator metadata for ${name}`);
    schemas[name] = { ...schema, additionalProperties: false };
  }
  // Classes nested in a payload (ValidateNested, e.g. a call's SDP and ICE candidate), equally strict.
  for (const name of referenced(Object.values(schemas), all)) {
    if (!(name in schemas) && all[name]) schemas[name] = { ...all[name], additionalProperties: false };
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

  for (const [key, event] of Object.entries(CLIENT_EVENTS) as [ClientKey, (typeof CLIENT_EVENTS)[ClientKey]][]) {
    const id = `client.${key}`;
    const { payload, ack, summary } = CLIENT_EVENT_SPECS[event];
    messages[id] = { name: event, title: event, summary, payload: ref(payload.name) };
    messages[`${id}.ack`] = {
      name: `${event} ack`,
      title: `${event} acknowledgement`,
      summary: 'The acknowledgement callback argument: { ok: true, data } or { ok: false, error }.',
      payload: { oneOf: [object({ ok: { const: true }, data: specSchema(ack) }), { $ref: '#/components/schemas/AckError' }] },
    };
    channelMessages[id] = { $ref: `#/components/messages/${id}` };
    channelMessages[`${id}.ack`] = { $ref: `#/components/messages/${id}.ack` };
    operations[id] = {
      action: 'receive',
      channel,
      summary,
      messages: [channelMessage(id)],
      reply: { channel, messages: [channelMessage(`${id}.ack`)] },
    };
  }
  for (const [key, event] of Object.entries(SERVER_EVENTS) as [ServerKey, (typeof SERVER_EVENTS)[ServerKey]][]) {
    const id = `server.${key}`;
    const { payload, summary } = SERVER_EVENT_SPECS[event];
    messages[id] = { name: event, title: event, summary, payload: specSchema(payload) };
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
        'Tracing: a client event may take a W3C trace context as an extra argument between the payload and the ack,',
        '`emit(event, payload, { traceparent }, ack)`; the gateway\'s span for the event continues that trace.',
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
