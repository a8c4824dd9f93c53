import { chmodSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import packageJson from './package.json' with { type: 'json' }

/**
 * Builds the `twofold` CLI into one ES module with a shebang and its run bit, so `npx twofold` works
 * in a checkout. npm dependencies stay external: the native SQLite and keychain bindings load from
 * node_modules exactly as they do for the app.
 */
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(packageJson.dependencies),
].map((name) => new RegExp(`^${name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}(/.*)?$`))

export default defineConfig({
  build: {
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    ssr: true,
    rolldownOptions: {
      input: {
        twofold: resolve(import.meta.dirname, 'electron/cli/twofold.ts'),
        // Images are decoded on a worker thread; qr-scan-thread.ts finds it beside itself.
        'qr-scan-worker': resolve(import.meta.dirname, 'electron/core/importers/formats/qr-scan-worker.ts'),
        // KeePass, Proton Pass PGP and SQLCipher files are read on a bounded worker (isolated-read-thread.ts).
        'isolated-read-worker': resolve(
          import.meta.dirname,
          'electron/core/importers/isolated-read-worker.ts',
        ),
      },
      external,
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: '[name]-[hash].mjs',
        banner: (chunk) => (chunk.name === 'twofold' && chunk.isEntry ? '#!/usr/bin/env node' : ''),
      },
    },
  },
  plugins: [
    {
      name: 'twofold-cli-executable',
      writeBundle(options) {
        chmodSync(resolve(options.dir ?? 'out/cli', 'twofold.mjs'), 0o755)
      },
    },
  ],
})
