import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ERROR_HTTP_STATUS, ErrorCode, isErrorCode, socketViewClasses } from '#contracts';
import { problem, PROBLEM_CONTENT_TYPE } from './http/problem.js';
import { CODE_BY_STATUS } from './http/problem.filter.js';

/** Where the reference is served (under the gateway's public port). */
export const OPENAPI_ROUTES = {
  ui: 'api/docs',
  json: 'api/docs-json',
  redoc: 'api/redoc',
  redocBundle: 'api/redoc/redoc.standalone.js',
} as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const EXAMPLE_REQUEST_ID = '5f1c2a7e-8c1b-4d7e-9a51-2f7c0b3e9d10';
const EXAMPLE_ID = '0b7e6c8a-3f3a-4c47-9d86-5f2d1b6a9e21';
const EXAMPLE_TIME = '2026-01-15T09:30:00.000Z';

/** Sample values by property name: what a reader expects to see, not "string". */
const SAMPLE_STRINGS: Record<string, string> = {
  username: 'alice',
  login: 'alice',
  email: 'alice@example.com',
  password: 'correct horse battery',
  currentPassword: 'correct horse battery',
  newPassword: 'staple battery horse',
  displayName: 'Alice',
  bio: 'Hello there',
  avatarUrl: 'https://example.com/alice.png',
  accessToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.…',
  refreshToken: 'r1_6d0f3b…',
  tokenType: 'Bearer',
  message: 'hello',
  content: 'hello',
  clientMsgId: 'm-1',
  name: 'general',
  description: 'everything else',
  userAgent: 'curl/8.5.0',
  q: 'hello world',
  search: 'al',
  cursor: '42',
  nextCursor: '42',
  before: '42',
  after: '0',
  detail: 'Request validation failed',
  requestId: EXAMPLE_REQUEST_ID,
};

/** Builds an example value from a schema, following `$ref`s into the document's components. */
function sampleOf(schema: unknown, document: OpenAPIObject, name = '', depth = 0): unknown {
  if (!isObject(schema) || depth > 6) return null;
  if (typeof schema.$ref === 'string') {
    const target = document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''];
    return sampleOf(target, document, name, depth + 1);
  }
  if ('example' in schema && schema.example !== undefined) return schema.example;
  // A fresh object's optional times (editedAt, deletedAt, lastSeenAt…) are null.
  if (schema.nullable === true && schema.format === 'date-time') return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const parts = schema[key];
    if (Array.isArray(parts) && parts.length > 0) return sampleOf(parts[0], document, name, depth + 1);
  }
  switch (schema.type) {
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, sampleOf(value, document, key, depth + 1)]),
      );
    }
    case 'array':
      return [sampleOf(schema.items, document, name, depth + 1)];
    case 'number':
    case 'integer':
      if (name === 'expiresIn') return 900;
      if (name === 'limit') return 50;
      return /seq|count/i.test(name) ? 3 : typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'date-time' || /At$|^since$|^at$/.test(name)) return EXAMPLE_TIME;
      if (schema.format === 'uri') return 'https://example.com/alice.png';
      if (SAMPLE_STRINGS[name] !== undefined) return SAMPLE_STRINGS[name];
      if (/(^id$|Id$)/.test(name)) return EXAMPLE_ID;
      return name || 'text';
  }
}

/** Example details, so that a reader sees what a client would get. */
const EXAMPLE_DETAILS: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Request validation failed',
  UNAUTHORIZED: 'Session has ended',
  INVALID_CREDENTIALS: 'Invalid login or password',
  FORBIDDEN: 'Only the room owner or an admin can do this',
  ACCOUNT_DISABLED: 'This account is disabled',
  NOT_A_MEMBER: 'You are not a member of this conversation',
  BLOCKED: 'One of you has blocked the other',
  NOT_FOUND: 'Not found',
  CONFLICT: 'The request conflicts with the current state',
  USERNAME_TAKEN: 'That username is taken',
  EMAIL_TAKEN: 'That email is taken',
  ALREADY_FRIENDS: 'You are already friends',
  ALREADY_ATTACHED: 'That upload is already attached to a message',
  LAST_ADMIN: 'The last admin cannot lose the role',
  MUTED: 'You are muted in this room until the time in details.until',
  BANNED: 'You are banned from this room',
  PAYLOAD_TOO_LARGE: 'Request body exceeds 64kb',
  RATE_LIMITED: 'Too many attempts; retry after the number of seconds in Retry-After',
  INTERNAL: 'Internal server error',
  SERVICE_UNAVAILABLE: 'A service did not answer in time; retry',
};

/** One problem example per code, in components.examples (routes refer to them). */
function problemExamples(): Record<string, Json> {
  const errors = [{ field: 'username', message: 'username must be 3-32 characters of [A-Za-z0-9_.-]' }];
  return Object.fromEntries(
    Object.values(ErrorCode).map((code) => [
      `problem-${code}`,
      { value: problem(code, EXAMPLE_DETAILS[code] ?? code, EXAMPLE_REQUEST_ID, code === ErrorCode.VALIDATION_FAILED ? errors : undefined) },
    ]),
  );
}

/** Every error response is problem+json, with one example per code its description names. */
function problemContent(status: number, description: string): Json {
  const words: string[] = description.match(/[A-Z][A-Z_]+[A-Z]/g) ?? [];
  const named = words.filter((code): code is ErrorCode => isErrorCode(code) && ERROR_HTTP_STATUS[code] === status);
  const codes = named.length > 0 ? [...new Set(named)] : [CODE_BY_STATUS[status] ?? ErrorCode.INTERNAL];
  const examples = Object.fromEntries(codes.map((code) => [code, { $ref: `#/components/examples/problem-${code}` }]));
  return { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' }, examples } };
}

/**
 * What the decorators cannot say once for all routes: errors are typed application/problem+json with
 * examples built by the same function as real error bodies, and every body and parameter has an example.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, examples: { ...document.components?.examples, ...problemExamples() } };
  const problemSchema = document.components?.schemas?.Problem;
  if (isObject(problemSchema) && isObject(problemSchema.properties) && isObject(problemSchema.properties.type)) {
    problemSchema.properties.type.example = problem(ErrorCode.VALIDATION_FAILED, '', '').type;
  }
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods as Record<string, unknown>)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
        if (isObject(parameter) && parameter.example === undefined && typeof parameter.name === 'string') {
          parameter.example = sampleOf(parameter.schema ?? { type: 'string' }, document, parameter.name);
        }
      }
      const body = isObject(operation.requestBody) ? operation.requestBody.content : undefined;
      for (const media of Object.values(isObject(body) ? body : {})) {
        if (isObject(media) && media.example === undefined) media.example = sampleOf(media.schema, document);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!isObject(response)) continue;
        const code = Number(status);
        if (code >= 400) {
          response.content = problemContent(code, typeof response.description === 'string' ? response.description : '');
          continue;
        }
        for (const media of Object.values(isObject(response.content) ? response.content : {})) {
          if (isObject(media) && media.schema !== undefined && media.example === undefined) {
            media.example = sampleOf(media.schema, document);
          }
        }
      }
    }
  }
  return document;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Chat Platform API')
    .setDescription(
      'REST API of the chat platform. Errors are application/problem+json with a stable `code`. ' +
        'Real-time events are delivered over Socket.IO at /socket.io on the same port (see docs/api/asyncapi.json).',
    )
    .setVersion('1.0')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addBearerAuth()
    .build();
  // Socket.IO payloads that no REST route returns, so that docs/api/asyncapi.json can refer to them.
  return completeDocument(SwaggerModule.createDocument(app, config, { extraModels: socketViewClasses() }));
}

/** The ReDoc page loads its script from this server: no CDN at run time (and helmet's CSP allows 'self'). */
const REDOC_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Chat Platform API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<redoc spec-url="/${OPENAPI_ROUTES.json}"></redoc>
<script src="/${OPENAPI_ROUTES.redocBundle}"></script>
</body>
</html>
`;

/**
 * ReDoc's standalone bundle. `npm run build` copies it from the redoc package (a dev dependency: its
 * React tree is not needed at run time) to dist/assets/; a tree built by plain tsc falls back to node_modules.
 */
function redocBundlePath(): string | undefined {
  const copied = fileURLToPath(new URL('../../../assets/redoc.standalone.js', import.meta.url));
  if (existsSync(copied)) return copied;
  try {
    return createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
  } catch {
    return undefined;
  }
}

/** Swagger UI at /api/docs (authorization kept across reloads), JSON at /api/docs-json, ReDoc at /api/redoc. */
export function setUpOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(OPENAPI_ROUTES.ui, app, document, {
    jsonDocumentUrl: OPENAPI_ROUTES.json,
    swaggerOptions: { persistAuthorization: true },
  });
  const http = (app as NestExpressApplication).getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: Request, res: Response) => void): void;
  };
  const bundle = redocBundlePath();
  http.get(`/${OPENAPI_ROUTES.redoc}`, (_req, res) => {
    res.type('html').send(REDOC_PAGE);
  });
  http.get(`/${OPENAPI_ROUTES.redocBundle}`, (_req, res) => {
    if (bundle === undefined) {
      res.status(404).type('text/plain').send('redoc is not installed (npm install); use /api/docs instead');
      return;
    }
    res.type('application/javascript').sendFile(bundle, { maxAge: '1d' });
  });
}
