import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The service worker is built on its own, after the app, into dist/web/sw.js: one classic script with a fixed
// name and no shared chunks (a service worker cannot load the app's hashed ES chunks), served at the root so its
// scope is the whole app.
export default defineConfig({
  root: here('.'),
  resolve: { alias: { '@contracts': here('../../libs/contracts/src') } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: false,
    sourcemap: true,
    lib: { entry: here('sw/service-worker.ts'), formats: ['iife'], name: 'chatServiceWorker', fileName: () => 'sw.js' },
  },
});
