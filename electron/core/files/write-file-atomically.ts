import { randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { TwofoldError } from '../errors.ts'
import { toStorageError } from '../store/storage-errors.ts'

/** What every half-written file of ours ends with, so a crash's leftovers are recognisable. */
export const PARTIAL_SUFFIX = '.twofold-partial'
/** A temporary file this old is a crash's leftover, not another process's write in progress. */
export const STALE_PARTIAL_MS = 10 * 60_000

// Windows has no O_NOFOLLOW; O_EXCL alone still refuses any existing name there, links included.
const CREATE_NEW_NO_FOLLOW =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

/**
 * The one way Twofold writes a file (exports, backups, preferences): readable by this user only, never
 * through a symbolic link, and whole or not at all. The content goes to a fresh temporary name in the
 * same folder — created new, so nothing planted there is followed — is flushed to disk, then renamed
 * over the target, and the folder is flushed so the rename survives a power cut. A target that is a
 * symbolic link is refused rather than replaced or written through.
 */
export function writeFileAtomically(target: string, content: string | Uint8Array, now = Date.now()): void {
  const folder = dirname(target)
  const partial = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`)
  let created = false
  try {
    refuseSymbolicLink(target)
    removeLeftovers(folder, basename(target), now)
    const fd = openSync(partial, CREATE_NEW_NO_FOLLOW, 0o600)
    created = true
    try {
      // The mode given to open is cut by the umask only, but set it exactly anyway.
      fchmodSync(fd, 0o600)
      writeFileSync(fd, content)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(partial, target)
    created = false
    flushFolder(folder)
  } catch (error) {
    // Only the temporary file this call created: never a file someone else put there.
    if (created) rmSync(partial, { force: true })
    throw toStorageError(error, folder)
  }
}

function refuseSymbolicLink(target: string): void {
  if (lstatSync(target, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new TwofoldError(
      'target-is-symlink',
      `${basename(target)} is a symbolic link. Twofold does not write through links: choose another file.`,
    )
  }
}

/**
 * Our own temporary files left by a crash (old enough not to be another process's write in progress),
 * and the names earlier versions used for this target (`<name>.partial`, `<name>.tmp`). Unlinking never
 * follows a link, so a link planted under one of these names is removed, not written through.
 */
function removeLeftovers(folder: string, name: string, now: number): void {
  let entries: string[]
  try {
    entries = readdirSync(folder)
  } catch {
    return // A missing folder: the open below says so in words.
  }
  for (const entry of entries) {
    const legacy = entry === `${name}.partial` || entry === `${name}.tmp`
    if (!legacy && !(entry.startsWith('.') && entry.endsWith(PARTIAL_SUFFIX))) continue
    try {
      const stats = lstatSync(join(folder, entry))
      if (legacy || now - stats.mtimeMs > STALE_PARTIAL_MS) rmSync(join(folder, entry), { force: true })
    } catch {
      // Gone already, or not ours to remove: the write itself does not depend on it.
    }
  }
}

function flushFolder(folder: string): void {
  let fd: number | null = null
  try {
    fd = openSync(folder, 'r')
    fsyncSync(fd)
  } catch {
    // Windows cannot open or flush a folder; the rename is as durable there as the OS makes it.
  } finally {
    if (fd !== null) closeSync(fd)
  }
}
