import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from '@asyncapi/parser';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLIENT_EVENTS, SERVER_EVENTS } from '#contracts';
import { buildAsyncApiDocument } from './api-docs/asyncapi-document.js';
import { startSystem, type System } from './harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as Record<string, unknown>;
const REGENERATE = 'out of date: run `npm run docs:api` and commit docs/api/';

type Json = Record<string, unknown>;
interface Operation {
  requestBody?: { content: Record<string, Json> };
  responses: Record<string, { content?: Record<string, Json> }>;
}
interface OpenApi {
  components?: { schemas?: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

describe('the API reference in docs/api/', () => {
  let system: System;
  let served: OpenApi;

  beforeAll(async () => {
    // The document is built by the gateway alone: no service needs to run.
    system = await startSystem({ services: [] });
    served = (await system.request<OpenApi>('GET', '/api/docs-json')).body;
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  it('openapi.json is the document the gateway serves', () => {
    expect({ [REGENERATE]: readJson('docs/api/openapi.json') }).toEqual({ [REGENERATE]: served });
  });

  it('types every error response application/problem+json, with examples, and has an example for every body', () => {
    const gaps: string[] = [];
    for (const [path, methods] of Object.entries(served.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, operation] of Object.entries(methods)) {
        const route = `${method.toUpperCase()} ${path}`;
        for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
          if (media.example === undefined) gaps.push(`${route}: request ${type} has no example`);
        }
        for (const [status, response] of Object.entries(operation.responses)) {
          const types = Object.keys(response.content ?? {});
          if (Number(status) >= 400) {
            if (types.join() !== 'application/problem+json') gaps.push(`${route} ${status}: typed ${types.join() || 'nothing'}`);
            else if (!response.content?.['application/problem+json']?.examples) gaps.push(`${route} ${status}: no example`);
          } else {
            for (const type of types) {
              if (response.content?.[type]?.example === undefined) gaps.push(`${route} ${status}: ${type} has no example`);
            }
          }
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('asyncapi.json is what the contracts produce, and is a valid AsyncAPI 3 document', async () => {
    const written = readJson('docs/api/asyncapi.json');
    expect({ [REGENERATE]: written }).toEqual({ [REGENERATE]: buildAsyncApiDocument(served) });

    const { document, diagnostics } = await new Parser().parse(JSON.stringify(written));
    // Severity 0 is an error, 1 a warning: neither is acceptable in the published document.
    expect(diagnostics.filter((d) => Number(d.severity) <= 1).map((d) => `${d.code} ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(document?.version()).toMatch(/^3\./);
  });

  it('asyncapi.json describes every Socket.IO event: client events with an ack reply, server events sent', async () => {
    const { document } = await new Parser().parse(readFileSync(resolve(ROOT, 'docs/api/asyncapi.json'), 'utf8'));
    const operations = document?.operations().all() ?? [];
    const received = operations.filter((o) => o.action() === 'receive');
    const sent = operations.filter((o) => o.action() === 'send');
    const names = (list: typeof operations) => list.flatMap((o) => o.messages().all().map((m) => m.name())).sort();
    expect(names(received)).toEqual(Object.values(CLIENT_EVENTS).sort());
    expect(names(sent)).toEqual(Object.values(SERVER_EVENTS).sort());
    expect(received.filter((o) => o.reply()?.messages().length !== 1).map((o) => o.id())).toEqual([]);
  });

  it('serves Swagger UI (authorization kept across reloads) and ReDoc without any CDN', async () => {
    const init = await fetch(`${system.baseUrl}/api/docs/swagger-ui-init.js`);
    expect(await init.text()).toMatch(/"persistAuthorization":\s*true/);

    const page = await fetch(`${system.baseUrl}/api/redoc`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('spec-url="/api/docs-json"');
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts).toEqual(['/api/redoc/redoc.standalone.js']);
    const bundle = await fetch(`${system.baseUrl}${scripts[0]}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
