import type { OTPHooks } from '@otplib/core'

/** Steam's 26 symbols: digits and consonants chosen so no code reads as a word or confuses 0/O, 1/I. */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY'
export const STEAM_CODE_LENGTH = 5

/**
 * Steam keeps RFC 4226's dynamic truncation and only changes how the 31-bit value is written: the
 * least significant base-26 digit first, five of them.
 */
export function encodeSteamCode(truncated: number): string {
  let value = truncated
  let code = ''
  for (let i = 0; i < STEAM_CODE_LENGTH; i++) {
    code += STEAM_ALPHABET[value % STEAM_ALPHABET.length] ?? ''
    value = Math.floor(value / STEAM_ALPHABET.length)
  }
  return code
}

export function isSteamCode(code: string): boolean {
  return code.length === STEAM_CODE_LENGTH && [...code].every((c) => STEAM_ALPHABET.includes(c))
}

/** Plugged into otplib so its HOTP/TOTP primitives produce and check Steam codes. */
export const steamHooks: OTPHooks = Object.freeze({
  encodeToken: (truncated: number) => encodeSteamCode(truncated),
  validateToken: (token: string) => {
    if (!isSteamCode(token)) throw new Error('not a Steam Guard code')
  },
})
