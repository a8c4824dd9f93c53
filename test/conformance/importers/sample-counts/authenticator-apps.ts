import type { SampleCount } from './sample-count.ts'

/** This group's third-party samples with the counts their source projects assert. */
export const samples: SampleCount[] = [
  // Aegis's DatabaseImporterTest expects its seven vectors from both, password `test`.
  {
    path: 'aegis/importers/stratum_encrypted.bin',
    password: 'test',
    format: 'authenticator-pro',
    entries: 7,
    failed: 0,
  },
  {
    path: 'aegis/importers/stratum_encrypted_legacy.bin',
    password: 'test',
    format: 'authenticator-pro',
    entries: 7,
    failed: 0,
  },
  {
    path: 'aegis/importers/proton_authenticator.json',
    format: 'proton-authenticator',
    entries: 3,
    failed: 0,
  },
]
