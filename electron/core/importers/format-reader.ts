import type { CollectedEntries } from './entry-collector.ts'
import type { ImportSample } from './import-sample.ts'

/** What a person gave to open an encrypted export. Readers never keep either past the read. */
export interface ImportCredentials {
  /** Undefined (or empty) means none given: encrypted files then fail with `import-password-required`. */
  password?: string | undefined
  /** KeePass key file contents. */
  keyFile?: Uint8Array | undefined
}

/**
 * One format behind the `detect → read` path. `detect` looks only at content (the sample's views) and
 * must be specific: the registry asks detectors in its order and the first yes wins. `detectByName`
 * is the last resort for layouts content cannot tell (random bytes from the first byte on), asked
 * only after every content detector said no.
 */
export interface FormatReader {
  detect(sample: ImportSample): boolean | Promise<boolean>
  detectByName?(sample: ImportSample): boolean
  /**
   * Whether this file is read on a worker thread with a heap and time limit (isolated-read-thread.ts):
   * for the files whose libraries inflate or derive keys where we cannot bound them from outside.
   * Asked of the bytes, so a file that is plainly not one (refused at once by the reader) costs no
   * worker.
   */
  isolated?(bytes: Uint8Array): boolean
  read(bytes: Uint8Array, credentials: ImportCredentials): CollectedEntries | Promise<CollectedEntries>
}
