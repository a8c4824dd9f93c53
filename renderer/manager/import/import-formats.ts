import type { ImportFormat } from '../../../shared/domain/transfer.ts'

/**
 * How each format is named to people, restated here because `shared/domain/transfer.ts` builds zod
 * schemas at module level and would pull zod into the page. The Record type makes a format the core
 * adds a compile error here until it has a label.
 */
export const importFormatLabels: Readonly<Record<ImportFormat, string>> = {
  'otpauth-list': 'otpauth:// links, one per line',
  'google-migration': 'Google Authenticator export',
  aegis: 'Aegis vault',
  twofas: '2FAS',
  ente: 'Ente Auth',
  'bitwarden-json': 'Bitwarden (JSON)',
  'bitwarden-csv': 'Bitwarden (CSV)',
  andotp: 'andOTP',
  'authenticator-pro': 'Authenticator Pro',
  'agency-csv': 'Accounts spreadsheet (CSV)',
  'qr-image': 'QR code image',
}

/** The order of the format menu: the apps people most often leave first. */
export const importFormatOrder: readonly ImportFormat[] = [
  'otpauth-list',
  'google-migration',
  'aegis',
  'twofas',
  'ente',
  'bitwarden-json',
  'bitwarden-csv',
  'andotp',
  'authenticator-pro',
  'agency-csv',
  'qr-image',
]
