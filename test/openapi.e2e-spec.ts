import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSystem, type System } from './harness/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The public contract of this version, in the repository, so that every clone checks against it. */
const API_MD = resolve(ROOT, 'docs/api/API.md');

interface ContractRoute {
  /** "METHOD /api/path/{param}" */
  route: string;
  /** The table's body column names a JSON body (`{ … }`). */
  hasBody: boolean;
}

/** Every `| METHOD | /api/... | body |` row of API.md's REST tables. */
function contractRoutes(): ContractRoute[] {
  const routes = new Map<string, ContractRoute>();
  for (const line of readFileSync(API_MD, 'utf8').split('\n')) {
    const match = /^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`(\/api\/[^`]+)`\s*\|\s*([^|]*)\|/.exec(line);
    if (!match) continue;
    const route = `${match[1]} ${(match[2] ?? '').replace(/:(\w+)/g, '{$1}')}`;
    routes.set(route, { route, hasBody: match[1] !== 'GET' && (match[3] ?? '').trim().startsWith('`{') });
  }
  return [...routes.values()];
}

const shape = (route: string) => route.replace(/\{\w+\}/g, '{}');

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; requestBody?: unknown; 'x-required-role'?: string }>>;
}

/** The rows of API.md's "Administration and moderation" table, with the role their text names: "(admin)", "(moderator+…", "(any user…". */
function administrationRoles(): { route: string; role: string }[] {
  const text = readFileSync(API_MD, 'utf8');
  const from = text.indexOf('## Administration and moderation');
  const section = text.slice(from, text.indexOf('\n## ', from + 1));
  const roles: Record<string, string> = { 'any user': 'user', 'moderator+': 'moderator', admin: 'admin' };
  return section.split('\n').flatMap((line) => {
    const row = /^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`(\/api\/[^`]+)`/.exec(line);
    if (!row) return [];
    const who = /\((any user|moderator\+|admin)(?=[);])/.exec(line)?.[1] ?? 'none stated';
    return [{ route: `${row[1]} ${(row[2] ?? '').replace(/:(\w+)/g, '{$1}')}`, role: roles[who] ?? who }];
  });
}

describe('the OpenAPI document matches API.md', () => {
  let system: System;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    // The document is built by the gateway alone: no service needs to run.
    system = await startSystem({ services: [] });
    doc = (await system.request<OpenApiDoc>('GET', '/api/docs-json')).body;
  });

  afterAll(async () => {
    await system?.shutdown();
  });

  it('documents every route of the contract (path parameters may be named differently)', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => shape(`${m.toUpperCase()} ${path}`))),
    );
    const routes = contractRoutes();
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.map((r) => r.route).filter((route) => !documented.has(shape(route)))).toEqual([]);
  });

  it('documents the request body of every write that takes one, and the 401/503 of every API route', () => {
    const operations = new Map(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => [shape(`${method.toUpperCase()} ${path}`), operation] as const),
      ),
    );
    const missing: string[] = [];
    for (const { route, hasBody } of contractRoutes()) {
      const operation = operations.get(shape(route));
      const statuses = Object.keys(operation?.responses ?? {});
      if (hasBody && !operation?.requestBody) missing.push(`${route}: no request body`);
      if (!statuses.includes('503')) missing.push(`${route}: no 503`);
      // No access token: the credential routes, the mailed-token routes (the token is the proof), the VAPID key, avatars.
      const isPublic =
        /^(POST \/api\/auth\/(register|login|refresh|email\/verify|password\/forgot|password\/reset)|GET \/api\/notifications\/vapid-public-key|GET \/api\/media\/avatars\/\{\w+\})$/.test(route);
      if (!isPublic && !statuses.includes('401')) missing.push(`${route}: no 401`);
    }
    expect(missing).toEqual([]);
  });

  it('states the role each administration route requires (x-required-role), as API.md says; staff routes answer 403', () => {
    const operations = new Map(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => [shape(`${method.toUpperCase()} ${path}`), operation] as const),
      ),
    );
    // The broadcast history is listed with the chat routes; any user reads it.
    const rows = [...administrationRoles(), { route: 'GET /api/chat/announcements', role: 'user' }];
    expect(rows.length).toBeGreaterThanOrEqual(11);
    const stated = rows.map(({ route }) => ({ route, role: operations.get(shape(route))?.['x-required-role'] }));
    expect(stated).toEqual(rows);
    const without403 = rows.filter((r) => r.role !== 'user' && !Object.keys(operations.get(shape(r.route))?.responses ?? {}).includes('403'));
    expect(without403).toEqual([]);
  });
});
