import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import { TwofoldError } from '../errors.ts'
import { readImportFile } from '../importers/read-import-file.ts'

/** A chosen file is kept this long for a password retry; then the person chooses it again. */
const HOLD_MS = 15 * 60_000
/** An import, a restore and a retry or two: more means files are being chosen and abandoned. */
const MAX_HELD = 4

interface Held {
  name: string
  bytes: Uint8Array
  heldAt: number
}

/**
 * Files a person chose in main's own dialog, held in main by an id. The window only ever learns the
 * id, the name and the size: it cannot name a path for main to read, and the content (an export full
 * of secrets) never crosses IPC.
 */
export class HeldFiles {
  readonly #files = new Map<string, Held>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  hold(path: string): { fileId: string; name: string; bytes: number } {
    const bytes = readImportFile(path)
    this.#expire()
    while (this.#files.size >= MAX_HELD) this.#forget(this.#files.keys().next().value as string)
    const fileId = randomUUID()
    this.#files.set(fileId, { name: basename(path), bytes, heldAt: this.#now() })
    return { fileId, name: basename(path), bytes: bytes.length }
  }

  get(fileId: string): { name: string; bytes: Uint8Array } {
    this.#expire()
    const held = this.#files.get(fileId)
    if (!held) {
      throw new TwofoldError('import-expired', 'That file is no longer open in Twofold: choose it again.')
    }
    return held
  }

  forget(fileId: string): void {
    this.#forget(fileId)
  }

  /** On lock: a held export may hold secrets, and a locked app keeps none. */
  clear(): void {
    for (const fileId of [...this.#files.keys()]) this.#forget(fileId)
  }

  #forget(fileId: string): void {
    this.#files.get(fileId)?.bytes.fill(0)
    this.#files.delete(fileId)
  }

  #expire(): void {
    const now = this.#now()
    for (const [fileId, held] of this.#files) if (now - held.heldAt > HOLD_MS) this.#forget(fileId)
  }
}
