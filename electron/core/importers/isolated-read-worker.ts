import { parentPort } from 'node:worker_threads'
import type { ImportFormat } from '../../../shared/domain/import-formats.ts'
import { errorAnswer, type ErrorAnswer } from '../errors.ts'
import { formatReaders } from './format-registry.ts'
import type { CollectedEntries } from './entry-collector.ts'

// The worker that reads the formats whose libraries do work we cannot bound from outside: KeePass
// (kdbxweb inflates the database and runs AES-KDF rounds on its own thread), Proton Pass's PGP export
// (openpgp inflates what the message holds) and Authenticator Plus's SQLCipher file (its key
// derivation runs inside SQLite). Here a crafted file can exhaust only this worker's heap and time,
// which isolated-read-thread.ts bounds, never the process that locks the vault. Built as its own
// entry in both bundles, beside the code that spawns it.

export interface IsolatedReadRequest {
  format: ImportFormat
  bytes: Uint8Array
  password: string | undefined
  keyFile: Uint8Array | undefined
}

export type IsolatedReadAnswer = { ok: true; result: CollectedEntries } | ErrorAnswer

async function read(request: IsolatedReadRequest): Promise<IsolatedReadAnswer> {
  try {
    const { password, keyFile } = request
    return {
      ok: true,
      result: await formatReaders[request.format].read(request.bytes, { password, keyFile }),
    }
  } catch (error) {
    return errorAnswer(error, 'This file is damaged or incomplete.')
  } finally {
    request.bytes.fill(0)
    request.keyFile?.fill(0)
  }
}

parentPort?.on('message', (request: IsolatedReadRequest) => {
  void read(request).then((answer) => {
    parentPort?.postMessage(answer)
    // postMessage cloned the keys; this thread's copies are wiped before it is ended.
    if (answer.ok) for (const entry of answer.result.entries) entry.secret?.fill(0)
  })
})
