import { defineConfig } from 'vitest/config'

/**
 * `npm run test:reliability`: the suite that tries to lose data — processes killed mid-import, bytes
 * flipped in the vault file, the keychain gone, full and read-only disks, hostile IPC payloads and
 * fuzzed imports. Real SQLite files, the real keychain and real processes; only the clock is faked.
 * Not part of `npm run test:unit` (vitest.config.ts never includes test/reliability/).
 */
export default defineConfig({
  test: {
    testTimeout: 600_000,
    hookTimeout: 300_000,
    projects: [
      {
        test: {
          name: 'reliability',
          environment: 'node',
          include: ['test/reliability/**/*.test.ts'],
          exclude: ['test/reliability/keychain-loss-without-secret-service.test.ts'],
          // Kill timings and mount points want the machine to themselves; and the OS keychain is one
          // shared daemon.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'reliability-no-secret-service',
          environment: 'node',
          include: ['test/reliability/keychain-loss-without-secret-service.test.ts'],
          setupFiles: ['test/reliability/support/without-secret-service.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
