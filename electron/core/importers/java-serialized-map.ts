import { tooLarge, unreadable, unsupportedFormat } from './import-errors.ts'
import { MAX_IMPORT_BYTES, MAX_IMPORT_ENTRIES } from './import-limits.ts'

// The one Java-serialised object an import meets: a `java.util.HashMap<String, String>` written by
// ObjectOutputStream (FreeOTP 2's backup is exactly that). Java serialisation can describe any object
// graph, and general readers of it are a classic attack surface, so this reads only this shape and
// refuses everything else with a typed error:
//
//   AC ED 00 05                                        magic, version
//   73 72 <utf "java.util.HashMap"> <u64 serialVersionUID> <u8 flags>
//         <u16 n> n × (<primitive type code> <utf name>)   (loadFactor F, threshold I on a JVM)
//         78 70                                          no class annotation, no serialisable superclass
//   <the primitive field values>
//   77 08 <i32 capacity> <i32 size>                        HashMap.writeObject's block data
//   size × (key, value), each 74 <u16 len> <modified UTF-8> | 7C <u64 len> <…> | 71 <handle of a string>
//   78                                                    end of block data
//
// Handles: the class descriptor takes 0x7E0000, the map 0x7E0001, each new string the next one; a
// reference (71) may name an earlier string only. Bounds: the entry count (before reading any entry,
// checked against what the remaining bytes could hold), each string's length, and no nesting at all
// (an object inside the map is refused, not followed). No code runs and nothing is looked up by name.

const MAGIC = 0xaced
const VERSION = 5
const TC_NULL = 0x70
const TC_REFERENCE = 0x71
const TC_CLASSDESC = 0x72
const TC_OBJECT = 0x73
const TC_STRING = 0x74
const TC_BLOCKDATA = 0x77
const TC_ENDBLOCKDATA = 0x78
const TC_BLOCKDATALONG = 0x7a
const TC_LONGSTRING = 0x7c
const BASE_HANDLE = 0x7e0000
const SC_SERIALIZABLE = 0x02
const SC_WRITE_METHOD = 0x01
const HASHMAP_CLASS = 'java.util.HashMap'
const HASHMAP_SERIAL_VERSION_UID = 362498820763181265n
const PRIMITIVE_BYTES: Record<string, number> = { B: 1, C: 2, D: 8, F: 4, I: 4, J: 8, S: 2, Z: 1 }
const MAX_FIELDS = 16
/** A key and a value of the shortest form (an empty TC_STRING) take 3 bytes each. */
const MIN_ENTRY_BYTES = 6
/** Token JSON is a few hundred characters; one string of megabytes is not a backup. */
export const MAX_JAVA_STRING_BYTES = 1024 * 1024
export const MAX_JAVA_MAP_ENTRIES = 2 * MAX_IMPORT_ENTRIES + 16

/** `AC ED 00 05 73 72` then the HashMap class name: cheap, and no other import format starts so. */
export function looksLikeJavaSerializedHashMap(bytes: Uint8Array): boolean {
  const prefix = [0xac, 0xed, 0x00, 0x05, TC_OBJECT, TC_CLASSDESC, 0x00, HASHMAP_CLASS.length]
  if (bytes.length < prefix.length + HASHMAP_CLASS.length) return false
  if (!prefix.every((byte, index) => bytes[index] === byte)) return false
  return (
    Buffer.from(bytes.subarray(prefix.length, prefix.length + HASHMAP_CLASS.length)).toString('latin1') ===
    HASHMAP_CLASS
  )
}

/**
 * The map's entries in stream order. `kind` names the file in error messages. A repeated key keeps
 * its last value, as HashMap.readObject does.
 */
export function readJavaSerializedStringMap(bytes: Uint8Array, kind: string): Map<string, string> {
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge(`This ${kind} is larger than any backup an app writes.`)
  return new StreamReader(bytes, kind).readMap()
}

class StreamReader {
  readonly #bytes: Uint8Array
  readonly #view: DataView
  readonly #kind: string
  #offset = 0
  /** Handles from BASE_HANDLE on: null for the descriptor and the map, the text for strings. */
  readonly #handles: (string | null)[] = []

  constructor(bytes: Uint8Array, kind: string) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.#kind = kind
  }

  readMap(): Map<string, string> {
    if (this.#u16() !== MAGIC || this.#u16() !== VERSION) {
      throw unreadable(`This ${this.#kind} is not a Java-serialised file.`)
    }
    this.#expect(TC_OBJECT, 'an object')
    this.#expect(TC_CLASSDESC, 'a class description')
    if (this.#utf() !== HASHMAP_CLASS) {
      throw unsupportedFormat(`This ${this.#kind} holds a Java object other than a map of text.`)
    }
    if (this.#u64() !== HASHMAP_SERIAL_VERSION_UID) {
      throw unsupportedFormat(`This ${this.#kind} was written by an unknown version of Java's HashMap.`)
    }
    this.#handles.push(null)
    const flags = this.#u8()
    if ((flags & SC_SERIALIZABLE) === 0 || (flags & SC_WRITE_METHOD) === 0) throw this.#damaged()
    const fieldCount = this.#u16()
    if (fieldCount > MAX_FIELDS) throw this.#damaged()
    let fieldBytes = 0
    for (let index = 0; index < fieldCount; index += 1) {
      const size = PRIMITIVE_BYTES[String.fromCharCode(this.#u8())]
      // Object-typed fields would carry class names and values that are objects: not a HashMap.
      if (size === undefined) throw this.#damaged()
      this.#utf()
      fieldBytes += size
    }
    this.#expect(TC_ENDBLOCKDATA, 'the end of the class annotation')
    this.#expect(TC_NULL, 'no superclass')
    this.#handles.push(null)
    this.#take(fieldBytes)
    const block = this.#blockData()
    if (block.length !== 8) throw this.#damaged()
    const blockView = new DataView(block.buffer, block.byteOffset, 8)
    const size = blockView.getInt32(4)
    if (size < 0 || size > MAX_JAVA_MAP_ENTRIES) {
      throw tooLarge(`This ${this.#kind} holds more entries than any backup.`)
    }
    if (size * MIN_ENTRY_BYTES > this.#bytes.length - this.#offset) throw this.#truncated()
    const map = new Map<string, string>()
    for (let index = 0; index < size; index += 1) {
      const key = this.#string()
      const value = this.#string()
      map.delete(key)
      map.set(key, value)
    }
    this.#expect(TC_ENDBLOCKDATA, 'the end of the map')
    if (this.#offset !== this.#bytes.length) throw this.#damaged()
    return map
  }

  #string(): string {
    const tag = this.#u8()
    if (tag === TC_REFERENCE) {
      const handle = this.#u32() - BASE_HANDLE
      const target = handle >= 0 && handle < this.#handles.length ? this.#handles[handle] : undefined
      if (typeof target !== 'string') throw this.#damaged()
      return target
    }
    let length: number
    if (tag === TC_STRING) length = this.#u16()
    else if (tag === TC_LONGSTRING) {
      const long = this.#u64()
      if (long > BigInt(MAX_JAVA_STRING_BYTES)) throw tooLarge(`This ${this.#kind} holds an oversized text.`)
      length = Number(long)
    } else if (tag === TC_NULL) {
      throw unsupportedFormat(`This ${this.#kind} holds an empty (null) map entry, which backups never do.`)
    } else {
      throw unsupportedFormat(`This ${this.#kind} holds Java objects other than text.`)
    }
    const text = decodeModifiedUtf8(this.#take(length), () => this.#damaged())
    this.#handles.push(text)
    return text
  }

  #blockData(): Uint8Array {
    const tag = this.#u8()
    if (tag === TC_BLOCKDATA) return this.#take(this.#u8())
    if (tag === TC_BLOCKDATALONG) {
      const length = this.#u32()
      if (length > 64) throw this.#damaged()
      return this.#take(length)
    }
    throw this.#damaged()
  }

  #expect(tag: number, what: string): void {
    if (this.#u8() !== tag) {
      throw unreadable(`This ${this.#kind} is damaged: ${what} was expected and not found.`)
    }
  }

  #utf(): string {
    return decodeModifiedUtf8(this.#take(this.#u16()), () => this.#damaged())
  }

  #take(length: number): Uint8Array {
    if (length > this.#bytes.length - this.#offset) throw this.#truncated()
    const slice = this.#bytes.subarray(this.#offset, this.#offset + length)
    this.#offset += length
    return slice
  }

  #u8(): number {
    return this.#take(1)[0] ?? 0
  }

  #u16(): number {
    this.#take(2)
    return this.#view.getUint16(this.#offset - 2)
  }

  #u32(): number {
    this.#take(4)
    return this.#view.getUint32(this.#offset - 4)
  }

  #u64(): bigint {
    this.#take(8)
    return this.#view.getBigUint64(this.#offset - 8)
  }

  #truncated(): Error {
    return unreadable(`This ${this.#kind} is cut short: it may be truncated or damaged.`)
  }

  #damaged(): Error {
    return unreadable(`This ${this.#kind} is damaged: its Java-serialised map does not read.`)
  }
}

/**
 * Java's "modified UTF-8": UTF-8 of UTF-16 code units (a supplementary character is two 3-byte
 * surrogates) with NUL written as C0 80. Returns the UTF-16 string; a lone surrogate stays lone and is
 * caught where text is checked.
 */
function decodeModifiedUtf8(bytes: Uint8Array, damaged: () => Error): string {
  const units: number[] = []
  let text = ''
  for (let index = 0; index < bytes.length;) {
    const first = bytes[index] ?? 0
    const continuation = (at: number): number => {
      const byte = bytes[at]
      if (byte === undefined || (byte & 0xc0) !== 0x80) throw damaged()
      return byte & 0x3f
    }
    if (first >= 0x01 && first <= 0x7f) {
      units.push(first)
      index += 1
    } else if ((first & 0xe0) === 0xc0) {
      const unit = ((first & 0x1f) << 6) | continuation(index + 1)
      // Only NUL may take the long two-byte form; any other overlong form is not Java's.
      if (unit < 0x80 && unit !== 0) throw damaged()
      units.push(unit)
      index += 2
    } else if ((first & 0xf0) === 0xe0) {
      const unit = ((first & 0x0f) << 12) | (continuation(index + 1) << 6) | continuation(index + 2)
      if (unit < 0x800) throw damaged()
      units.push(unit)
      index += 3
    } else {
      throw damaged()
    }
    if (units.length >= 4096) {
      text += String.fromCharCode(...units)
      units.length = 0
    }
  }
  return text + String.fromCharCode(...units)
}
