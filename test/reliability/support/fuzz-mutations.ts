import fc from 'fast-check'

// Ways files get damaged — bytes flipped, inserted, cut or repeated; JSON fields replaced, removed or
// re-typed with values that have tripped readers before — as fast-check arbitraries. Adapted from
// test/unit/importers/fuzz.property.test.ts.

export interface ByteEdit {
  kind: 'flip' | 'insert' | 'delete' | 'truncate' | 'repeat'
  at: number
  bytes: Uint8Array
}

export const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'repeat'),
  at: fc.nat(),
  bytes: fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 8 }),
    fc.constantFrom(
      ...[
        '"',
        ',',
        ':',
        '{',
        '}',
        '[',
        ']',
        '\n',
        '\r\n',
        '%',
        '=',
        '+',
        '|',
        '\\u0000',
        'null',
        '\uFEFF',
        '\u2028',
      ].map((text) => Buffer.from(text)),
    ),
  ),
})

export function applyEdits(seed: Uint8Array, edits: readonly ByteEdit[]): Buffer {
  let bytes = Buffer.from(seed)
  for (const edit of edits) {
    const at = bytes.length === 0 ? 0 : edit.at % bytes.length
    if (edit.kind === 'flip' && bytes.length > 0) bytes[at] = (bytes[at] ?? 0) ^ (edit.bytes[0] || 1)
    if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), edit.bytes, bytes.subarray(at)])
    if (edit.kind === 'delete')
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + edit.bytes.length)])
    if (edit.kind === 'truncate') bytes = bytes.subarray(0, at)
    if (edit.kind === 'repeat')
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at), bytes.subarray(at)])
  }
  return bytes
}

/** Values that have tripped JSON readers before: wrong types, edge numbers, prototype-ish keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    true,
    -1,
    0,
    1.5,
    -0,
    2 ** 31,
    2 ** 53,
    1e308,
    '',
    ' ',
    'constructor',
    '__proto__',
    'toString',
    '\ud800',
    '\u0000',
    'x'.repeat(600),
    'A'.repeat(70_000),
    [],
    [[[[[]]]]],
    {},
    { toString: 'x' },
    JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') as unknown,
    'totp',
    'hotp',
    'steam',
    'motp',
    'yandex',
    'SHA1',
    'SHA512',
    'MD5',
    'JBSWY3DPEHPK3PXP',
    'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP',
    '=cmd|" /C calc"!A0',
  ),
)

export interface JsonEdit {
  path: number
  action: 'replace' | 'delete' | 'wrap' | 'add'
  key: string
  value: unknown
}

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({
  path: fc.nat(),
  action: fc.constantFrom('replace', 'delete', 'wrap', 'add'),
  key: fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'secret', 'type', 'info', 'entries'),
    fc.string({ maxLength: 6 }),
  ),
  value: hostileJson,
})

type Slot = [Record<string, unknown> | unknown[], string | number]

/** Every (container, key) pair in a JSON value, so an edit can reach any depth. */
function slots(value: unknown): Slot[] {
  const found: Slot[] = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        found.push([node, index])
        visit(child)
      })
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        found.push([node as Record<string, unknown>, key])
        visit(child)
      }
    }
  }
  visit(value)
  return found
}

export function applyJsonEdits(seed: unknown, edits: readonly JsonEdit[]): unknown {
  const document = structuredClone(seed)
  for (const edit of edits) {
    const all = slots(document)
    const slot = all[edit.path % Math.max(all.length, 1)]
    if (slot === undefined) continue
    const [container, key] = slot
    const record = container as Record<string | number, unknown>
    // Defined, not assigned: a key named "__proto__" must stay a plain field, as JSON.parse makes it.
    const put = (target: Record<string | number, unknown>, name: string | number, value: unknown) =>
      Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true })
    if (edit.action === 'replace') put(record, key, structuredClone(edit.value))
    if (edit.action === 'wrap') put(record, key, [record[key]])
    if (edit.action === 'add' && !Array.isArray(container)) put(record, edit.key, structuredClone(edit.value))
    if (edit.action === 'delete') {
      if (Array.isArray(container)) container.splice(key as number, 1)
      else delete record[key]
    }
  }
  return document
}

export const jsonBytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8')

/** Text a spreadsheet cell or a link's label might hold, hostile or merely unusual. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    '"',
    '""',
    '"a""b"',
    ',',
    '\n',
    '\r\n',
    '=HYPERLINK("x")',
    '+1 (415) 555-0123',
    '++44',
    '0'.repeat(70),
    'JBSWY3DPEHPK3PXP',
    'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP',
    'otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=99999999999999999999',
    'otpauth://totp/a?secret=&digits=99',
    'x'.repeat(5000),
    '\uFEFFplatform',
    'instagram',
    'INSTAGRAM',
    'x',
    '@',
    '\u0000',
  ),
)
