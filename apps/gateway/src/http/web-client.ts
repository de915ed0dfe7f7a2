import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** dist/web, next to dist/apps/gateway/src/http/ where this file runs from. */
export const WEB_CLIENT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../web');

/** The web client's service worker (apps/web/sw): at the root, so its scope is the whole app. */
export const SERVICE_WORKER_PATH = '/sw.js';

// Paths the client app never answers, so a typo under /api stays a problem+json 404, not an HTML page.
const SERVER_PREFIXES = ['/api', '/socket.io', '/health', '/metrics'];

/**
 * Serves the web client's production build at `/`: its files, and index.html for any other GET that asks for
 * HTML (the app's own routes). Absent build (a server-only checkout): nothing is served and `/` stays a 404.
 */
export function serveWebClient(app: NestExpressApplication, dir = WEB_CLIENT_DIR): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  // Hashed file names under /assets never change; index.html must always be revalidated.
  app.use(express.static(dir, { index: false, maxAge: '1y', immutable: true, fallthrough: true, setHeaders: serviceWorkerHeaders(join(dir, SERVICE_WORKER_PATH)) }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const serverPath = SERVER_PREFIXES.some((p) => req.path === p || req.path.startsWith(`${p}/`));
    // A missing service worker must be a 404 (the browser then unregisters it), never the app's HTML.
    if (req.path === SERVICE_WORKER_PATH) return next();
    if ((req.method !== 'GET' && req.method !== 'HEAD') || serverPath || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}

/**
 * The service worker keeps a stable name, so it is revalidated on every load (a stale one would run old code for
 * a day), and it may control the whole origin (`/`, which is also the default for a script served at the root).
 */
function serviceWorkerHeaders(file: string): (res: Response, path: string) => void {
  return (res, path) => {
    if (path !== file) return;
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Service-Worker-Allowed', '/');
  };
}
