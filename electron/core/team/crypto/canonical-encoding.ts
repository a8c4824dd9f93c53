import { TwofoldError } from '../../errors.ts'

/** A field of signed or authenticated data: text, or a whole number written in decimal. */
export type CanonicalField = string | number

const LENGTH_BYTES = 4

/**
 * The bytes that get signed, MACed or bound as associated data: each field as UTF-8, preceded by its
 * byte length as a 4-byte big-endian integer. Unlike a separator or JSON, no field's content can shift
 * a boundary, so two different lists of fields never give the same bytes.
 */
export function canonicalEncoding(fields: readonly CanonicalField[]): Buffer {
  const parts: Buffer[] = []
  for (const field of fields) {
    const bytes = Buffer.from(fieldText(field), 'utf8')
    const length = Buffer.alloc(LENGTH_BYTES)
    length.writeUInt32BE(bytes.length)
    parts.push(length, bytes)
  }
  return Buffer.concat(parts)
}

function fieldText(field: CanonicalField): string {
  if (typeof field === 'number') {
    // `1e21`, `-0` and `0.1` have more than one reading; ids, versions and indexes are whole numbers.
    if (!Number.isSafeInteger(field)) {
      throw new TwofoldError('internal', 'A signed field must be a whole number within the safe range.')
    }
    return String(field)
  }
  // A lone surrogate becomes U+FFFD in UTF-8, so two different strings would encode the same.
  if (!field.isWellFormed()) {
    throw new TwofoldError('invalid-request', 'A signed field contains text that is not valid Unicode.')
  }
  return field
}
