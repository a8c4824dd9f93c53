import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'

/**
 * `electron-vite dev` only: React's hot reload injects an inline script and talks over a websocket,
 * which the pages' strict CSP forbids. Builds — what `npm start` and installers run — keep it strict.
 */
const devServerCsp: Plugin = {
  name: 'twofold-dev-server-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:*"),
}

/**
 * Three builds, one per process. Main keeps its npm dependencies external (native modules such as
 * better-sqlite3 and the keychain binding must load from node_modules). Each preload is one
 * self-contained CommonJS file: a sandboxed preload can require nothing but `electron`.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          // Images are decoded on a worker thread; qr-scan-thread.ts finds it beside itself.
          'qr-scan-worker': resolve(import.meta.dirname, 'electron/core/importers/formats/qr-scan-worker.ts'),
          // KeePass, Proton Pass PGP and SQLCipher files are read on a bounded worker (isolated-read-thread.ts).
          'isolated-read-worker': resolve(
            import.meta.dirname,
            'electron/core/importers/isolated-read-worker.ts',
          ),
          // A frozen screen capture for a region pick is decoded and held on a worker (screen-region.ts).
          'screen-capture-worker': resolve(
            import.meta.dirname,
            'electron/core/transfer/screen-capture-worker.ts',
          ),
        },
        // Shared code beside the entries, not in a subfolder, so a chunk that spawns the worker
        // finds it at ./qr-scan-worker.js too.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: {
          manager: resolve(import.meta.dirname, 'electron/preload/manager.ts'),
          popup: resolve(import.meta.dirname, 'electron/preload/popup.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    plugins: [react(), devServerCsp],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves renderer bundles unminified; every window load parses and compiles them,
      // and at 1.1 MB that was a fifth of the manager's first paint.
      minify: true,
      rolldownOptions: {
        input: {
          manager: resolve(import.meta.dirname, 'renderer/manager/index.html'),
          popup: resolve(import.meta.dirname, 'renderer/popup/index.html'),
        },
      },
    },
  },
})
