import { createHmac, randomBytes } from 'node:crypto'

/**
 * RFC 6238 written out independently of the engine, so a test that confirms a code with it checks the
 * app against the standard rather than against itself.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function randomBase32Secret(bytes = 20): string {
  return base32Encode(randomBytes(bytes))
}

export function totpAt(
  secretBase32: string,
  atMs: number,
  options: { period?: number; digits?: number } = {},
): string {
  const period = options.period ?? 30
  const digits = options.digits ?? 6
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / period)))
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest()
  const offset = (mac.at(-1) ?? 0) & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** Milliseconds left in the current time step. */
export function msLeftInStep(atMs: number, period = 30): number {
  return period * 1000 - (atMs % (period * 1000))
}

function base32Encode(bytes: Buffer): string {
  let out = ''
  let value = 0
  let bits = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

function base32Decode(text: string): Buffer {
  const bytes: number[] = []
  let value = 0
  let bits = 0
  for (const char of text.replace(/[\s=-]/g, '').toUpperCase()) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error(`Not Base32: ${char}`)
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}
