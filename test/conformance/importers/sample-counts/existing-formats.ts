import type { SampleCount } from './sample-count.ts'

/** The samples of the formats Twofold read before the format registry (counts from SOURCES.md). */
export const samples: SampleCount[] = [
  { path: 'aegis/importers/aegis_plain.json', format: 'aegis', entries: 7, failed: 0 },
  { path: 'aegis/importers/aegis_encrypted.json', password: 'test', format: 'aegis', entries: 7, failed: 0 },
  { path: 'aegis/aegis_plain_grouped_v2.json', format: 'aegis', entries: 7, failed: 0 },
  { path: 'aegis/importers/plain.txt', format: 'otpauth-list', entries: 7, failed: 0 },
  { path: 'aegis/importers/ente_auth.txt', format: 'otpauth-list', entries: 7, failed: 0 },
  { path: 'aegis/importers/2fas_authenticator.json', format: 'twofas', entries: 6, failed: 0 },
  { path: 'aegis/importers/2fas_authenticator_plain.2fas', format: 'twofas', entries: 4, failed: 0 },
  {
    path: 'aegis/importers/2fas_authenticator_encrypted.2fas',
    password: 'test',
    format: 'twofas',
    entries: 4,
    failed: 0,
  },
  { path: 'aegis/importers/2fas_authenticator_plain_v3.2fas', format: 'twofas', entries: 6, failed: 0 },
  {
    path: 'aegis/importers/2fas_authenticator_encrypted_v3.2fas',
    password: 'test',
    format: 'twofas',
    entries: 6,
    failed: 0,
  },
  { path: 'aegis/importers/2fas_authenticator_plain_v4.2fas', format: 'twofas', entries: 5, failed: 0 },
  {
    path: 'aegis/importers/2fas_authenticator_encrypted_v4.2fas',
    password: 'test',
    format: 'twofas',
    entries: 5,
    failed: 0,
  },
  { path: 'aegis/importers/andotp_plain.json', format: 'andotp', entries: 7, failed: 0 },
  { path: 'aegis/importers/andotp_encrypted.bin', password: 'test', format: 'andotp', entries: 7, failed: 0 },
  // Made before andOTP had Steam: six accounts.
  {
    path: 'aegis/importers/andotp_encrypted_old.bin',
    password: 'test',
    format: 'andotp',
    entries: 6,
    failed: 0,
  },
  { path: 'aegis/importers/bitwarden.json', format: 'bitwarden-json', entries: 4, failed: 0 },
  { path: 'aegis/importers/bitwarden.csv', format: 'bitwarden-csv', entries: 4, failed: 0 },
  { path: 'aegis/importers/stratum_plain.json', format: 'authenticator-pro', entries: 7, failed: 0 },
  { path: 'google-migration/example_export.txt', format: 'google-migration', entries: 6, failed: 0 },
  {
    path: 'google-migration/test_plus_problem_export.txt',
    format: 'google-migration',
    entries: 4,
    failed: 0,
  },
  // Every secret in these is the same one, so a dry run counts one new account and the rest duplicates.
  {
    path: 'google-migration/example_export_only_totp.txt',
    format: 'google-migration',
    entries: 5,
    failed: 0,
  },
  { path: 'google-migration/url_list_output.txt', format: 'otpauth-list', entries: 6, failed: 0 },
  // A screenshot of Google's three-account export QR code.
  { path: 'google-migration/test_googleauth_export.png', format: 'qr-image', entries: 3, failed: 0 },
]
