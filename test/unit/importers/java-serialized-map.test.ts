import { describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import {
  looksLikeJavaSerializedHashMap,
  readJavaSerializedStringMap,
} from '../../../electron/core/importers/java-serialized-map.ts'
import { javaSerializedHashMap } from './builders/freeotp.ts'

const KIND = 'test backup'

function errorCode(read: () => unknown): string | undefined {
  try {
    read()
  } catch (error) {
    return isTwofoldError(error) ? error.code : `not typed: ${String(error)}`
  }
  return undefined
}

const entries: [string, string][] = [
  ['masterKey', '{"a":1}'],
  ['ключ', 'emoji 😀 and NUL \u0000 inside'],
  ['empty', ''],
]

describe('Java-serialised HashMap<String, String>', () => {
  it('reads every entry, in stream order, with Java’s modified UTF-8 decoded (Android and JVM layouts)', () => {
    for (const options of [{}, { jvmFields: true }, { longStrings: true }]) {
      const map = readJavaSerializedStringMap(javaSerializedHashMap(entries, options), KIND)
      expect([...map]).toEqual(entries)
    }
    // The smallest entry there is: two empty strings, six bytes.
    expect([...readJavaSerializedStringMap(javaSerializedHashMap([['', '']]), KIND)]).toEqual([['', '']])
  })

  it('follows back-references to strings already read, as ObjectOutputStream writes repeats', () => {
    const repeated: [string, string][] = [
      ['a', 'same'],
      ['b', 'same'],
      ['same', 'a'],
    ]
    const bytes = javaSerializedHashMap(repeated, { references: true })
    expect(bytes.includes(Buffer.from([0x71, 0x00, 0x7e, 0x00, 0x03]))).toBe(true)
    expect([...readJavaSerializedStringMap(bytes, KIND)]).toEqual(repeated)
  })

  it('is recognised by its header and class name only', () => {
    expect(looksLikeJavaSerializedHashMap(javaSerializedHashMap(entries))).toBe(true)
    expect(
      looksLikeJavaSerializedHashMap(javaSerializedHashMap(entries, { className: 'java.util.TreeMap' })),
    ).toBe(false)
    expect(looksLikeJavaSerializedHashMap(Buffer.from([0xac, 0xed, 0, 5]))).toBe(false)
    expect(looksLikeJavaSerializedHashMap(Buffer.from('{"masterKey":1}'))).toBe(false)
  })

  it('refuses every truncation of a valid stream with a typed error', () => {
    const bytes = javaSerializedHashMap(entries)
    for (let length = 0; length < bytes.length; length += 1) {
      expect(
        errorCode(() => readJavaSerializedStringMap(bytes.subarray(0, length), KIND)),
        `${length}`,
      ).toBe('import-unreadable')
    }
  })

  it('refuses other classes, other objects inside the map, bad references and trailing data', () => {
    const good = javaSerializedHashMap([['k', 'v']])
    const cases: [string, Buffer, string][] = [
      [
        'another class',
        javaSerializedHashMap([['k', 'v']], { className: 'java.util.TreeMap' }),
        'import-unsupported-format',
      ],
      ['trailing bytes', Buffer.concat([good, Buffer.from([0x70])]), 'import-unreadable'],
      ['not Java at all', Buffer.from('<map></map>'), 'import-unreadable'],
    ]
    // The value "v" (TC_STRING 74 00 01 76) turned into a nested object (TC_OBJECT 73 …).
    const nested = Buffer.from(good)
    const valueAt = nested.lastIndexOf(Buffer.from([0x74, 0x00, 0x01, 0x76]))
    nested[valueAt] = 0x73
    cases.push(['an object as a value', nested, 'import-unsupported-format'])
    // The value written as a reference to the map itself (handle 0x7e0001) instead of a string.
    const selfReference = Buffer.concat([
      good.subarray(0, valueAt),
      Buffer.from([0x71, 0x00, 0x7e, 0x00, 0x01, 0x78]),
    ])
    cases.push(['a reference to the map', selfReference, 'import-unreadable'])
    // An object-typed field in the class description (type code "L").
    const objectField = Buffer.from(good)
    objectField[objectField.indexOf(Buffer.from('loadFactor')) - 3] = 0x4c
    cases.push(['an object-typed field', objectField, 'import-unreadable'])
    for (const [what, bytes, code] of cases) {
      expect(
        errorCode(() => readJavaSerializedStringMap(bytes, KIND)),
        what,
      ).toBe(code)
    }
  })

  it('refuses an entry count beyond the cap or beyond what the bytes can hold, before reading entries', () => {
    const good = javaSerializedHashMap([['k', 'v']])
    const sizeAt = good.indexOf(Buffer.from([0x77, 0x08])) + 6
    const huge = Buffer.from(good)
    huge.writeInt32BE(0x7fffffff, sizeAt)
    expect(errorCode(() => readJavaSerializedStringMap(huge, KIND))).toBe('import-too-large')
    const more = Buffer.from(good)
    more.writeInt32BE(1000, sizeAt)
    expect(errorCode(() => readJavaSerializedStringMap(more, KIND))).toBe('import-unreadable')
  })

  it('refuses a long string longer than the cap without allocating it', () => {
    const good = javaSerializedHashMap([['k', 'v']], { longStrings: true })
    const lengthAt = good.lastIndexOf(Buffer.from([0x7c])) + 1
    const huge = Buffer.from(good)
    huge.writeBigUInt64BE(2n ** 40n, lengthAt)
    expect(errorCode(() => readJavaSerializedStringMap(huge, KIND))).toBe('import-too-large')
  })
})
