import type { SampleCount } from './sample-count.ts'

/** This group's third-party samples with the counts their source projects assert. */
export const samples: SampleCount[] = [
  {
    path: 'aegis/importers/totp_authenticator.bin',
    password: 'Testtest1',
    format: 'totp-authenticator',
    entries: 3,
    failed: 0,
  },
  {
    path: 'aegis/importers/totp_authenticator_internal.xml',
    format: 'totp-authenticator-rooted',
    entries: 3,
    failed: 0,
  },
  // The Steam app's current file ({"accounts": …}) and its older bare account, which is the same JSON
  // as a Steam Desktop Authenticator maFile and is detected as one.
  { path: 'aegis/importers/steam.json', format: 'steam-app', entries: 1, failed: 0 },
  { path: 'aegis/importers/steam_old.json', format: 'steam-desktop-authenticator', entries: 1, failed: 0 },
  { path: 'aegis/importers/duo.json', format: 'duo', entries: 2, failed: 0 },
  { path: 'aegis/importers/battle_net_authenticator.xml', format: 'battle-net', entries: 1, failed: 0 },
]
