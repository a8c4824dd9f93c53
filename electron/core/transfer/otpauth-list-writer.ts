import { buildOtpAuthUri } from '../engine/otpauth-uri.ts'
import type { ExportEntry } from '../accounts/export-entry.ts'

/**
 * Plain otpauth:// links, one per line — what every authenticator can scan or import. Plaintext
 * secrets: callers must have warned the person and had them confirm.
 */
export function otpauthList(entries: readonly ExportEntry[]): string {
  return `${entries.map((entry) => otpauthLink(entry)).join('\n')}\n`
}

export function otpauthLink(entry: ExportEntry): string {
  const identity = { issuer: entry.issuer, accountName: entry.accountName, secret: entry.secret }
  if (entry.params.type === 'hotp')
    return buildOtpAuthUri({ ...identity, ...entry.params, counter: entry.counter ?? 0 })
  return buildOtpAuthUri({ ...identity, ...entry.params })
}
