import { randomFillSync } from 'node:crypto'

/**
 * Secrets live in buffers we allocate ourselves: `Buffer.from` and friends may hand out a slice of
 * Node's shared pool, which we could neither wipe safely nor be sure nobody else reads.
 */
export function allocSecret(length: number): Buffer {
  return Buffer.alloc(length)
}

export function randomSecret(length: number): Buffer {
  const bytes = allocSecret(length)
  randomFillSync(bytes)
  return bytes
}

export function copySecret(source: Uint8Array | readonly number[]): Buffer {
  const bytes = allocSecret(source.length)
  for (let i = 0; i < source.length; i++) bytes[i] = source[i] ?? 0
  return bytes
}

/** Overwrites the bytes in place; callers keep no other copy. */
export function wipe(...buffers: (Uint8Array | number[] | null | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0)
}
