/**
 * Every format Twofold reads, in the order the import wizard offers them (the apps people most often
 * leave first). Free of zod, so the window can list them without bundling it.
 */
export const importFormats = [
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
] as const
export type ImportFormat = (typeof importFormats)[number]
