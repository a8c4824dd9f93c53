import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    environment: 'node',
    // Real SQLite files, the real keychain and scrypt make these heavier than pure unit tests.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The OS keychain is one shared daemon: run files one at a time so throwaway items never collide.
    fileParallelism: false,
  },
})
