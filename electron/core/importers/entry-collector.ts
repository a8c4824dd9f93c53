import { isTwofoldError } from '../errors.ts'
import type { FailedEntry, ImportedEntry } from './imported-entry.ts'
import { checkEntryCount } from './import-json.ts'
import { MAX_FAILED_NAME_CHARS } from './import-limits.ts'

export interface CollectedEntries {
  entries: ImportedEntry[]
  failed: FailedEntry[]
}

/**
 * Gathers a reader's entries. One unreadable entry must not sink the whole file, and must not vanish
 * either: a typed error while reading it turns into a FailedEntry carrying the error's message. Any
 * other error is a bug in the reader and is left to surface.
 */
export class EntryCollector {
  readonly entries: ImportedEntry[] = []
  readonly failed: FailedEntry[] = []
  #nextPosition = 1

  /**
   * `name` is what the source calls the entry, for the failure list only; `position` defaults to the
   * entry's place among those read so far (text formats pass their line number instead).
   */
  add(name: string, read: () => ImportedEntry, position = this.#nextPosition): void {
    this.#nextPosition = position + 1
    let entry: ImportedEntry
    try {
      entry = read()
    } catch (error) {
      if (!isTwofoldError(error)) throw error
      this.fail(name, error.message, position)
      return
    }
    try {
      this.#checkRoom()
    } catch (error) {
      entry.secret?.fill(0)
      throw error
    }
    this.entries.push(entry)
  }

  fail(name: string, reason: string, position = this.#nextPosition): void {
    this.#nextPosition = position + 1
    this.#checkRoom()
    this.failed.push({ position, name: displayName(name), reason })
  }

  result(): CollectedEntries {
    return { entries: this.entries, failed: this.failed }
  }

  /** For a reader that gives up part-way: the keys read so far are wiped, not left for the GC. */
  wipe(): void {
    for (const entry of this.entries) entry.secret?.fill(0)
  }

  /** One source entry can expand into many (a Google batch), so the total is checked as it grows. */
  #checkRoom(): void {
    checkEntryCount(this.entries.length + this.failed.length + 1)
  }
}

/** Runs a reader's body; if it throws, whatever it had collected is wiped before the error goes on. */
export function collectEntries(read: (collector: EntryCollector) => void): CollectedEntries {
  const collector = new EntryCollector()
  try {
    read(collector)
  } catch (error) {
    collector.wipe()
    throw error
  }
  return collector.result()
}

/** Names come from the file: trimmed, shortened, and only well-formed text reaches a dialog. */
function displayName(name: string): string {
  const text = (name.isWellFormed() ? name : name.toWellFormed()).replace(/\s+/g, ' ').trim()
  return text.length > MAX_FAILED_NAME_CHARS ? `${text.slice(0, MAX_FAILED_NAME_CHARS - 1)}…` : text
}
