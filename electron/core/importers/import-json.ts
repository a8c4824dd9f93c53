import { tooLarge, unreadable } from './import-errors.ts'
import { MAX_IMPORT_ENTRIES } from './import-limits.ts'
import { requireText } from './import-text.ts'

// Readers for JSON whose shape nobody promised: every value is checked before use, only own
// properties count (a key named "constructor" or "__proto__" is data, not a path into prototypes),
// and a wrong type is a typed error naming the field, never a TypeError.

export type JsonObject = Record<string, unknown>

/** No export nests deeper than a handful of levels; deeper JSON is refused before parsing it. */
const MAX_JSON_DEPTH = 64

/** The parsed value, or undefined when the text is not JSON (or nests absurdly deep). */
export function parseJson(text: string): unknown {
  // V8 parses "[[[[…" iteratively but builds every level first: 20 MiB of it takes seconds.
  if (nestingDepth(text) > MAX_JSON_DEPTH) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The deepest bracket nesting outside strings; stops counting once past the limit. */
function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === 0x5c)
        index++ // backslash: the next character is escaped
      else if (code === 0x22) inString = false
    } else if (code === 0x22) inString = true
    else if (code === 0x5b || code === 0x7b) {
      depth++
      if (depth > deepest) deepest = depth
      if (deepest > MAX_JSON_DEPTH) return deepest
    } else if (code === 0x5d || code === 0x7d) depth--
  }
  return deepest
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function field(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined
}

/** Absent and null both mean "not given": exporters write either. */
export function optionalString(object: JsonObject, key: string, what = key): string | undefined {
  const value = field(object, key)
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw unreadable(`${what} is not text`)
  return value
}

export function requiredString(object: JsonObject, key: string, what = key): string {
  const value = optionalString(object, key, what)
  if (value === undefined) throw unreadable(`${what} is missing`)
  return value
}

/** A number, or a string of decimal digits (some exporters quote their numbers). */
export function optionalNumber(object: JsonObject, key: string, what = key): number | undefined {
  const value = field(object, key)
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^-?[0-9]{1,16}$/.test(value.trim())) return Number(value.trim())
  throw unreadable(`${what} is not a number`)
}

export function requiredNumber(object: JsonObject, key: string, what = key): number {
  const value = optionalNumber(object, key, what)
  if (value === undefined) throw unreadable(`${what} is missing`)
  return value
}

export function optionalObject(object: JsonObject, key: string, what = key): JsonObject | undefined {
  const value = field(object, key)
  if (value === undefined || value === null) return undefined
  if (!isJsonObject(value)) throw unreadable(`${what} is not an object`)
  return value
}

export function requiredObject(object: JsonObject, key: string, what = key): JsonObject {
  const value = optionalObject(object, key, what)
  if (value === undefined) throw unreadable(`${what} is missing`)
  return value
}

/** An array of entries, refused up front when it claims more than any real export holds. */
export function entryArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw unreadable(`${what} is not a list: the file may be damaged.`)
  checkEntryCount(value.length)
  return value
}

export function checkEntryCount(count: number): void {
  if (count > MAX_IMPORT_ENTRIES) {
    throw tooLarge(
      `This file lists ${count.toLocaleString('en')} entries; at most ${MAX_IMPORT_ENTRIES.toLocaleString('en')} can be imported at once.`,
    )
  }
}

/** Strings from a list that should hold only strings; anything else in it is ignored as decoration. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** The file as JSON, or a typed error when it is not (truncated, not text, another kind of file). */
export function readJsonFile(bytes: Uint8Array, kind: string): unknown {
  const value = parseJson(requireText(bytes, kind))
  if (value === undefined) throw unreadable(`This ${kind} is not valid JSON: it may be truncated or damaged.`)
  return value
}

export function readJsonObjectFile(bytes: Uint8Array, kind: string): JsonObject {
  const value = readJsonFile(bytes, kind)
  if (!isJsonObject(value)) throw unreadable(`This ${kind} does not have the expected structure.`)
  return value
}

/** A type name from the file, echoed only when it is short plain text. */
export function safeTypeName(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9 _-]{1,20}$/.test(value) ? `"${value}"` : 'Unknown'
}

/**
 * The names a file gives its groups (folders, categories) once, by id, for entries that refer to the
 * ids. Malformed items are passed over: a group that cannot be named leaves its entries ungrouped,
 * it does not sink the file.
 */
export function namesById<Id extends string | number>(
  list: unknown,
  what: string,
  keys: { id: string; name: string; idType: Id extends string ? 'string' : 'number' },
): Map<Id, string> {
  const names = new Map<Id, string>()
  if (!Array.isArray(list)) return names
  for (const item of entryArray(list, what)) {
    if (!isJsonObject(item)) continue
    const id = field(item, keys.id)
    const name = field(item, keys.name)
    if (typeof id === keys.idType && typeof name === 'string') names.set(id as Id, name)
  }
  return names
}
