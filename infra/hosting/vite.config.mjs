import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web console: built to the Hosting public folder that firebase.json names, which the local
 * functions host serves at `/` as Hosting does in the cloud.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'public',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
});
