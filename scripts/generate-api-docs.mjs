#!/usr/bin/env node
// Writes the API reference from the code: docs/api/openapi.json (the document the gateway serves at
// /api/docs-json) and docs/api/asyncapi.json (the Socket.IO events, built from libs/contracts).
//
//   npm run docs:api        # builds first; needs the NATS server the gateway starts against
//
// test/api-docs.e2e-spec.ts fails when either file differs from what the code produces.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { startSystem } = await import(join(ROOT, 'dist/test/harness/index.js'));
const { buildAsyncApiDocument } = await import(join(ROOT, 'dist/test/api-docs/asyncapi-document.js'));

// The gateway alone builds the document: no service needs to run.
const system = await startSystem({ services: [] });
try {
  const { status, body: openapi } = await system.request('GET', '/api/docs-json');
  if (status !== 200) throw new Error(`GET /api/docs-json answered ${status}`);
  const write = (name, document) => {
    writeFileSync(join(ROOT, 'docs/api', name), `${JSON.stringify(document, null, 2)}\n`);
    console.log(`wrote docs/api/${name}`);
  };
  write('openapi.json', openapi);
  write('asyncapi.json', buildAsyncApiDocument(openapi));
} finally {
  await system.shutdown();
}
