import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { platformPresets } from '../../../shared/domain/platforms.ts'
import { maskPhoneNumber } from '../phone/mask-phone.ts'

const HEADER = [
  'Client',
  'Platform',
  'Handle',
  'Display name',
  '2FA methods',
  'SMS number',
  'WhatsApp number',
  'Backup codes left',
  'Flags',
  'Worst severity',
]
const SEVERITY_ORDER = ['critical', 'warning', 'info'] as const

/**
 * A client's posture report for handing over or filing: which accounts have which 2FA, and what is
 * wrong with them. No secrets, no codes; phone numbers masked, as the window shows them.
 */
export function clientReportCsv(
  clientName: string | null,
  accounts: readonly AccountSummary[],
  flags: readonly PostureFlag[],
): string {
  const flagsByAccount = new Map<string, PostureFlag[]>()
  for (const flag of flags) {
    for (const id of flag.accountIds) flagsByAccount.set(id, [...(flagsByAccount.get(id) ?? []), flag])
  }
  const rows = accounts.map((account) => {
    const { authenticator, sms, whatsapp, backupCodes } = account.methods
    const own = flagsByAccount.get(account.id) ?? []
    const worst = SEVERITY_ORDER.find((severity) => own.some((flag) => flag.severity === severity)) ?? ''
    return [
      clientName ?? 'Unassigned',
      platformPresets[account.platform].name,
      account.handle,
      account.displayName,
      [authenticator?.enabled && 'App', sms?.enabled && 'SMS', whatsapp?.enabled && 'WhatsApp']
        .filter(Boolean)
        .join(' + ') || 'none',
      sms ? maskPhoneNumber(sms.phone) : '',
      whatsapp ? maskPhoneNumber(whatsapp.phone) : '',
      backupCodes ? `${backupCodes.unused} of ${backupCodes.total}` : '',
      own.map((flag) => flag.kind).join(' '),
      worst,
    ]
  })
  // CRLF and a BOM: what spreadsheet apps expect, so accented handles survive a double-click open.
  return `\uFEFF${[HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`
}

/** Quotes a cell, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export function reportFileName(clientName: string | null, now: Date): string {
  const slug =
    (clientName ?? 'unassigned')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'client'
  return `twofold-${slug}-posture-${now.toISOString().slice(0, 10)}.csv`
}
