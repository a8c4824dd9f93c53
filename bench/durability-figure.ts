import { openDatabase } from '../electron/core/store/open-database.ts'
import { vaultFile } from '../electron/core/vault/vault-home.ts'
import type { BenchVault } from './bench-vault.ts'
import { round, timed, type Figure } from './figures.ts'
import { measure } from './measure.ts'

const NAME = 'commit: one backup code marked used (synchronous=FULL)'
const RUNS = 60

/**
 * What `synchronous = FULL` costs (electron/core/store/open-database.ts): one small write transaction,
 * as marking a backup code used is, on a copy of the seeded vault. FULL syncs the WAL at each commit,
 * so a committed "used" survives a power cut; NORMAL, timed on the same connection after, is what it
 * was before. The difference is the disk's sync time, paid once per write, never per read.
 */
export function durabilityFigure(vault: BenchVault): { figures: Figure[] } {
  const db = openDatabase(vaultFile(vault.copy()), { mustExist: true })
  try {
    const codes = db.prepare('SELECT id FROM backup_codes LIMIT 1000').all() as { id: string }[]
    const markUsed = db.prepare('UPDATE backup_codes SET used_at = ?, used_by = ? WHERE id = ?')
    let next = 0
    const commitOne = () => {
      const code = codes[next++ % Math.max(codes.length, 1)]
      db.transaction(() => markUsed.run(new Date().toISOString(), 'bench', code?.id ?? ''))()
    }
    const full = measure(commitOne, { runs: RUNS })
    db.pragma('synchronous = NORMAL')
    const normal = measure(commitOne, { runs: RUNS })
    return {
      figures: [
        timed(NAME, full, null, {
          measures: 'one UPDATE of backup_codes in its own transaction, WAL, on the bench vault copy',
          parts: { 'same with synchronous=NORMAL': round(normal.median) },
        }),
      ],
    }
  } finally {
    db.close()
  }
}
