import { journalHead } from '../store/change-journal.ts'
import { pendingCount } from './team-push.ts'
import { TeamSession, type TeamParts } from './team-session.ts'
import { TeamStore } from './team-store.ts'

/**
 * Whether local edits of team accounts wait to be pushed, asked about once a second by live sync.
 * Whoever wrote them — this process or a `twofold` command on the same vault — they are in the
 * change journal past the sequence the last push reached. Most of the time the answer is one query
 * (the journal's head is where the last push left it). Past it, journal entries may be personal
 * edits or a copied code, which must not cost the server a sync each: push's own test decides, once
 * per new journal head.
 */
export class TeamLocalEdits {
  readonly #parts: TeamParts
  #checked: { head: number; since: number; waiting: boolean } | undefined

  constructor(parts: TeamParts) {
    this.#parts = parts
  }

  /** False while locked, before joining, or while the device waits for an admin (it may not push). */
  waiting(): boolean {
    if (!this.#parts.vault.isUnlocked) return false
    const store = new TeamStore(this.#parts.vault.requireUnlockedDatabase(), this.#parts.vault.keyAccess())
    const membership = store.membership()
    if (membership?.deviceStatus !== 'active') return false
    const head = journalHead(store.db)
    if (head <= membership.pushedJournalSeq) return false
    const checked = this.#checked
    if (checked?.head === head && checked.since === membership.pushedJournalSeq) return checked.waiting
    const waiting = pendingCount(new TeamSession(this.#parts, membership)) > 0
    this.#checked = { head, since: membership.pushedJournalSeq, waiting }
    return waiting
  }
}
