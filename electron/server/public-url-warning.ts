import { isLoopback } from './server-options.ts'

/**
 * The line `twofold-server start` prints when devices and the inbox's providers are told to reach it in
 * plain HTTP on a real network: the providers' posts carry the codes, and a device's requests its
 * tokens. Only a warning: a TLS proxy may well answer on another address than the one given here.
 */
export function plainPublicUrlWarning(publicUrl: string | undefined): string | undefined {
  if (publicUrl === undefined || !URL.canParse(publicUrl)) return undefined
  const url = new URL(publicUrl)
  if (url.protocol !== 'http:' || isLoopback(url.hostname.replace(/^\[(.*)\]$/, '$1'))) return undefined
  return `warning: --public-url ${url.origin} is plain HTTP: devices and the code inbox's providers (their posts carry the codes) should reach this server over HTTPS`
}
