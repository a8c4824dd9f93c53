import type { ImportFormat } from '../../../shared/domain/import-formats.ts'

/** How each format is named to people; a format the core adds is a compile error here until named. */
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
