import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Real SQLite files, the real keychain and scrypt make these heavier than pure unit tests.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: [
            'test/unit/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/conformance/**/*.test.ts',
          ],
          exclude: ['test/integration/vault/vault-without-keychain.test.ts'],
          // The OS keychain is one shared daemon: one file at a time keeps throwaway items apart.
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'no-keychain',
          environment: 'node',
          include: ['test/integration/vault/vault-without-keychain.test.ts'],
          setupFiles: ['test/support/without-secret-service.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          // Each file starts its own PostgreSQL servers: one file at a time keeps two cores usable.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
