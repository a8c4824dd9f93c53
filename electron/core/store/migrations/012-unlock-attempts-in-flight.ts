import type { Migration } from './migration.ts'

/**
 * Unlock attempts still deriving their key, one row each, in whichever process: the throttle lets a
 * few run at once and makes the rest wait for their outcome, instead of counting them as failed
 * before they end (which told a fifth `twofold` started together with the right password that there
 * had been too many failed attempts). A row left by a process that died mid-attempt counts as a
 * failure once it is old (unlock-throttle.ts).
 */
export const migration012: Migration = {
  version: 12,
  name: 'unlock attempts in flight',
  up(db) {
    db.exec(`
      CREATE TABLE unlock_attempts (
        id TEXT PRIMARY KEY,
        started_at INTEGER NOT NULL
      ) STRICT;
    `)
  },
}
