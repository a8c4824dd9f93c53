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
    ssr: resolve(import.meta.dirname, 'electron/cli/twofold.ts'),
    rolldownOptions: {
      external,
      output: { format: 'es', entryFileNames: 'twofold.mjs', banner: '#!/usr/bin/env node' },
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
