import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import { TwofoldError } from '../errors.ts'
import { MAX_IMPORT_BYTES } from './import-limits.ts'

/**
 * An export or backup file, read whole only when it is within the import cap: a chosen
 * multi-gigabyte file is refused from its size, without loading it. Errors name the file, never a path
 * beyond its name.
 */
export function readImportFile(path: string): Uint8Array {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    throw new TwofoldError('import-unreadable', `Twofold cannot read ${basename(path)}.`)
  }
  try {
    const size = fstatSync(fd).size
    if (size > MAX_IMPORT_BYTES) {
      throw new TwofoldError(
        'import-too-large',
        `${basename(path)} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB, far beyond any authenticator export.`,
      )
    }
    const bytes = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read)
      if (n === 0) break
      read += n
    }
    return bytes.subarray(0, read)
  } catch (error) {
    if (error instanceof TwofoldError) throw error
    throw new TwofoldError('import-unreadable', `Twofold cannot read ${basename(path)}.`)
  } finally {
    closeSync(fd)
  }
}
