import { RECORD_FIELDS, sameValue, type AccountRecord } from './account-record.ts'

export interface MergedRecord {
  /** What both devices keep: each field from whichever side changed it, the server's where both did. */
  merged: AccountRecord
  /** Fields both sides changed to different values; empty when the merge is clean. */
  conflicts: (typeof RECORD_FIELDS)[number][]
  /** This device's version, to keep beside the merged one while `conflicts` is not empty. */
  mine: AccountRecord
}

/**
 * Three-way merge of an account edited here and on the server since `base` (the record both last
 * agreed on), field by field. Where both changed one field differently the server's value stays in
 * the record — every other device already has it, so nothing flips back and forth — and this device's
 * version is kept beside it for a person to choose.
 */
export function mergeRecords(base: AccountRecord, mine: AccountRecord, theirs: AccountRecord): MergedRecord {
  const merged: AccountRecord = { ...theirs }
  const conflicts: MergedRecord['conflicts'] = []
  for (const field of RECORD_FIELDS) {
    const mineChanged = !sameValue(mine[field], base[field])
    const theirsChanged = !sameValue(theirs[field], base[field])
    if (mineChanged && !theirsChanged) (merged as Record<string, unknown>)[field] = mine[field]
    else if (mineChanged && theirsChanged && !sameValue(mine[field], theirs[field])) conflicts.push(field)
  }
  return { merged, conflicts, mine }
}
