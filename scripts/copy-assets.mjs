#!/usr/bin/env node
// Runs after tsc in `npm run build`: copies the files the compiled apps serve but tsc does not emit.
// ReDoc's standalone bundle comes from the redoc dev dependency, so a production install
// (npm ci --omit=dev) still serves /api/redoc from dist/ without the package's React tree.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = join(ROOT, 'dist', 'assets');
const require = createRequire(join(ROOT, 'package.json'));

mkdirSync(ASSETS, { recursive: true });
copyFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), join(ASSETS, 'redoc.standalone.js'));
