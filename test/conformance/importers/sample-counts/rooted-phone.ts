import type { SampleCount } from './sample-count.ts'

/** This group's third-party samples with the counts their source projects assert. */
export const samples: SampleCount[] = [
  {
    path: 'aegis/importers/google_authenticator.sqlite',
    format: 'google-authenticator-db',
    entries: 6,
    failed: 0,
  },
  {
    path: 'aegis/importers/microsoft_authenticator.sqlite',
    format: 'microsoft-authenticator-db',
    entries: 7,
    failed: 0,
  },
  { path: 'aegis/importers/stratum_internal.db', format: 'authenticator-pro-db', entries: 7, failed: 0 },
  { path: 'aegis/importers/authy_plain.xml', format: 'authy', entries: 3, failed: 0 },
  {
    path: 'aegis/importers/authy_encrypted.xml',
    password: 'testtest',
    format: 'authy',
    entries: 3,
    failed: 0,
  },
  {
    path: 'aegis/importers/authenticator_plus.zip',
    password: 'testtesttest',
    format: 'authenticator-plus',
    entries: 7,
    failed: 0,
  },
]
