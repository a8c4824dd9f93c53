import { randomUUID } from 'node:crypto'
import type { ImportPreview } from '../../../shared/domain/transfer.ts'
import type { AccountTransfer } from '../accounts/account-transfer.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { isTwofoldError, TwofoldError } from '../errors.ts'
import type { ImportFormat, ParsedImport } from '../importers/imported-entry.ts'
import { readImport } from '../importers/read-import.ts'
import type { ImportPlan } from '../accounts/import-plan.ts'

/** A preview left open longer than this is dropped with its secrets; previewing again is cheap. */
const PREVIEW_MS = 30 * 60_000
/**
 * The window shows one preview at a time; a few more cover one left behind by a closed dialog. Each
 * holds another app's secrets, so a page that keeps opening previews only ever replaces the oldest.
 */
export const MAX_OPEN_PREVIEWS = 3

interface Session {
  parsed: ParsedImport
  plan: ImportPlan
  openedAt: number
}

export interface ImportSource {
  /** What the preview calls it: a file name, "Pasted text", "Screen". */
  name: string
  /** One blob for a file, pasted text or the clipboard's image; one image per display for the screen. */
  blobs: Uint8Array[]
  format?: ImportFormat
  /** Pictures of the screen: scanned for QR codes, and "none here" worded for a screen. */
  screen?: boolean
  /** A region the person picked on the screen: one picture, and "none here" worded for the region. */
  region?: boolean
  /**
   * A KeePass key file chosen in main's dialog, handed to the reader with the password. The caller
   * owns it (and wipes it when the import is done); the reader only reads it.
   */
  keyFile?: Uint8Array
}

/**
 * The window's side of `detect → parse → preview → commit`: the parsed entries (secrets included)
 * stay in main under an id while the person looks at the preview, and are wiped on commit, discard,
 * expiry or lock. Only the preview — names and what each maps to — goes to the window.
 */
export class ImportSessions {
  readonly #transfer: AccountTransfer
  readonly #now: () => number
  readonly #sessions = new Map<string, Session>()

  constructor(transfer: AccountTransfer, now: () => number = Date.now) {
    this.#transfer = transfer
    this.#now = now
  }

  async preview(source: ImportSource, password: string | undefined): Promise<ImportPreview> {
    const parsed = source.region
      ? await readRegion(source.blobs[0] ?? new Uint8Array())
      : !source.screen && source.blobs.length === 1
        ? await readImport(source.blobs[0] ?? new Uint8Array(), {
            ...(source.format ? { format: source.format } : {}),
            ...(password !== undefined ? { password } : {}),
            ...(source.keyFile ? { keyFile: source.keyFile } : {}),
            fileName: source.name,
          })
        : await readScreens(source.blobs)
    let plan: ImportPlan
    try {
      plan = this.#transfer.planImport(parsed)
    } catch (error) {
      wipeParsed(parsed)
      throw error
    }
    this.#expire()
    for (const oldest of this.#sessions.keys()) {
      if (this.#sessions.size < MAX_OPEN_PREVIEWS) break
      this.discard(oldest)
    }
    const importId = randomUUID()
    this.#sessions.set(importId, { parsed, plan, openedAt: this.#now() })
    return {
      importId,
      format: plan.format,
      sourceName: source.name,
      items: plan.items,
      failed: plan.failed,
    }
  }

  commit(
    importId: string,
    positions: readonly number[],
  ): { imported: number; duplicates: number; failed: number } {
    const session = this.#take(importId)
    try {
      return this.#transfer.commitImport(session.plan, { positions: new Set(positions) })
    } finally {
      wipeParsed(session.parsed)
    }
  }

  discard(importId: string): void {
    const session = this.#sessions.get(importId)
    if (session) wipeParsed(session.parsed)
    this.#sessions.delete(importId)
  }

  clear(): void {
    for (const importId of [...this.#sessions.keys()]) this.discard(importId)
  }

  #take(importId: string): Session {
    this.#expire()
    const session = this.#sessions.get(importId)
    if (!session) {
      throw new TwofoldError(
        'import-expired',
        'This preview is no longer open (it was imported, closed, or the vault locked). Start the import again.',
      )
    }
    // Taken out before writing: a second click on Import cannot write the same entries twice.
    this.#sessions.delete(importId)
    return session
  }

  #expire(): void {
    const now = this.#now()
    for (const [importId, session] of this.#sessions)
      if (now - session.openedAt > PREVIEW_MS) this.discard(importId)
  }
}

function wipeParsed(parsed: ParsedImport): void {
  for (const entry of parsed.entries) wipe(entry.secret)
}

/**
 * Every display's picture, scanned for QR codes, as one import. A display without a code is not a
 * failure — the code is usually on just one of them — but no code anywhere is.
 */
async function readScreens(images: readonly Uint8Array[]): Promise<ParsedImport> {
  const merged: ParsedImport = { format: 'qr-image', entries: [], failed: [] }
  let lastError: unknown = null
  for (const image of images) {
    try {
      const parsed = await readImport(image, { format: 'qr-image' })
      const offset = merged.entries.length + merged.failed.length
      merged.entries.push(...parsed.entries)
      merged.failed.push(...parsed.failed.map((entry) => ({ ...entry, position: entry.position + offset })))
    } catch (error) {
      if (!isTwofoldError(error)) throw error
      lastError = error
    }
  }
  if (merged.entries.length === 0 && merged.failed.length === 0) {
    if (isTwofoldError(lastError) && lastError.code === 'import-no-otp') throw lastError
    throw new TwofoldError(
      'import-no-qr-code',
      'No QR code was found on the screen. Show the service’s QR code in full, then scan again.',
    )
  }
  return merged
}

/** The region the person framed: no code in it is said about the region, so they frame it again. */
async function readRegion(image: Uint8Array): Promise<ParsedImport> {
  try {
    return await readImport(image, { format: 'qr-image' })
  } catch (error) {
    if (isTwofoldError(error, 'import-no-qr-code')) {
      throw new TwofoldError(
        'import-no-qr-code',
        'No QR code was found in the region you picked. Pick again with the whole code inside the rectangle, quiet border included.',
      )
    }
    throw error
  }
}
