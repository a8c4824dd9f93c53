import { parentPort } from 'node:worker_threads'
import { errorAnswer, type ErrorAnswer } from '../../errors.ts'
import { decodeImage } from './qr-image-decode.ts'
import { scanCodes, shrinkForScanning } from './qr-code-scan.ts'

// The image worker: decodes each PNG or JPEG it is sent and answers with the texts of its QR codes. Decoding and
// scanning a 16-megapixel image takes seconds and a hostile file may take longer; here they cannot
// stop the process that locks the vault and clears the clipboard. Spawned by qr-scan-thread.ts, which
// bounds its time and heap. Built as its own entry in both bundles (electron.vite.config.ts,
// vite.cli.config.ts), next to the code that spawns it.

export type ScanAnswer = { ok: true; codes: string[] } | ErrorAnswer

function scan(bytes: Uint8Array): ScanAnswer {
  try {
    return { ok: true, codes: scanCodes(shrinkForScanning(decodeImage(bytes))) }
  } catch (error) {
    return errorAnswer(error, 'This image is damaged or incomplete.')
  }
}

parentPort?.on('message', (bytes: Uint8Array) => parentPort?.postMessage(scan(bytes)))
