import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { tooLarge, unreadable } from './import-errors.ts'
import type { ImportSample } from './import-sample.ts'
import { decodeText } from './import-text.ts'

// Android SharedPreferences XML: the file an app's settings live in, under
// /data/data/<package>/shared_prefs/<name>.xml, which several authenticators (FreeOTP, FreeOTP+,
// Authy, Battle.net, TOTP Authenticator) use as their token store. Reaching it needs a rooted phone,
// so these files arrive as-is from the phone's disk. The layout is fixed by Android's XmlUtils:
//
//   <?xml version='1.0' encoding='utf-8' standalone='yes' ?>
//   <map>
//     <string name="key">text</string>        (also <string name="key" /> for "")
//     <int name="key" value="1" />  <long …/>  <float …/>  <boolean name="key" value="true" />
//     <set name="key"><string>a</string>…</set>
//     <null name="key" />
//   </map>
//
// Only that layout is read: anything else (other elements, nesting, a DOCTYPE) is not a settings file
// and is refused with a typed error. Entities: the parser expands none (a DOCTYPE's entities are how
// XML bombs work, and a DOCTYPE is refused outright); the five predefined ones and numeric character
// references, which is all Android's serialiser writes, are decoded here. Bounded in bytes, entries
// and characters per value; nesting cannot exceed the layout's two levels.

/** Real settings files are a few KiB; an authenticator with thousands of tokens stays far below. */
export const MAX_SHARED_PREFS_BYTES = 4 * 1024 * 1024
export const MAX_SHARED_PREFS_ENTRIES = 20_000
export const MAX_SHARED_PREFS_VALUE_CHARS = 1024 * 1024
const MAX_SET_ITEMS = 10_000

export type SharedPrefValue =
  | { type: 'string'; value: string }
  | { type: 'int' | 'float'; value: number }
  /** Java longs go past 2^53, so they stay exact. */
  | { type: 'long'; value: bigint }
  | { type: 'boolean'; value: boolean }
  | { type: 'set'; value: string[] }
  | { type: 'null'; value: null }

export type SharedPrefs = Map<string, SharedPrefValue>

/** Cheap check on the text alone: an optional XML declaration, then a `<map>` root. No parse. */
export function looksLikeSharedPrefsText(text: string | null): boolean {
  if (text === null) return false
  return /^\uFEFF?\s*(<\?xml[^>]{0,200}\?>\s*)?(<!--[\s\S]{0,2000}?-->\s*)*<map\s*\/?>/.test(
    text.slice(0, 4096),
  )
}

/** Whether the sample's content starts like a SharedPreferences file (no parse). */
export function looksLikeSharedPrefs(sample: ImportSample): boolean {
  return sample.bytes.length <= MAX_SHARED_PREFS_BYTES && looksLikeSharedPrefsText(sample.text)
}

const parsedSamples = new WeakMap<ImportSample, SharedPrefs | null>()

/**
 * The sample's preferences, or null when it is not a readable SharedPreferences file. Parsed once per
 * sample however many detectors ask, so each detector can check for its own keys.
 */
export function sharedPrefsOfSample(sample: ImportSample): SharedPrefs | null {
  const cached = parsedSamples.get(sample)
  if (cached !== undefined) return cached
  let prefs: SharedPrefs | null = null
  if (looksLikeSharedPrefs(sample)) {
    try {
      prefs = readSharedPrefs(sample.bytes, 'settings file')
    } catch {
      prefs = null
    }
  }
  parsedSamples.set(sample, prefs)
  return prefs
}

/**
 * Reads a SharedPreferences file into its entries, in file order. `kind` names the file in error
 * messages ("FreeOTP token file"). A repeated name keeps the last value, as Android does.
 */
export function readSharedPrefs(bytes: Uint8Array, kind: string): SharedPrefs {
  if (bytes.length > MAX_SHARED_PREFS_BYTES) {
    throw tooLarge(`This ${kind} is larger than any settings file an app writes.`)
  }
  const text = decodeText(bytes)
  if (text === null || !looksLikeSharedPrefsText(text)) {
    throw unreadable(`This ${kind} is not an Android settings file (<map> XML).`)
  }
  const damaged = (): Error =>
    unreadable(`This ${kind} is damaged: its XML does not read as Android settings.`)
  // A DOCTYPE is never in a settings file and is where entity expansion lives.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw damaged()
  if (XMLValidator.validate(text) !== true) throw damaged()
  let document: unknown
  try {
    document = parser.parse(text)
  } catch {
    throw damaged()
  }
  const root = elementsOf(document).find((node) => tagOf(node) !== null)
  if (root === undefined || tagOf(root) !== 'map') throw damaged()
  const prefs: SharedPrefs = new Map()
  for (const node of childrenOf(root, 'map')) {
    const tag = tagOf(node)
    if (tag === null) continue
    const name = attribute(node, 'name')
    if (name === undefined) throw damaged()
    const value = valueOf(node, tag, kind)
    prefs.delete(name)
    prefs.set(name, value)
    if (prefs.size > MAX_SHARED_PREFS_ENTRIES) {
      throw tooLarge(`This ${kind} holds more than ${MAX_SHARED_PREFS_ENTRIES} settings.`)
    }
  }
  return prefs
}

/** The string setting `name`, or undefined when it is absent or of another type. */
export function prefString(prefs: SharedPrefs, name: string): string | undefined {
  const entry = prefs.get(name)
  return entry?.type === 'string' ? entry.value : undefined
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 8,
})

type XmlNode = Record<string, unknown>

function elementsOf(value: unknown): XmlNode[] {
  return Array.isArray(value)
    ? value.filter((node): node is XmlNode => typeof node === 'object' && node !== null)
    : []
}

/** The element's tag, or null for text, CDATA and comments between elements. */
function tagOf(node: XmlNode): string | null {
  const tag = Object.keys(node).find((key) => key !== ':@')
  return tag === undefined || tag === '#text' || tag === '#cdata' || tag === '#comment' ? null : tag
}

function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  return elementsOf(node[tag])
}

function attribute(node: XmlNode, name: string): string | undefined {
  const attributes = node[':@']
  if (typeof attributes !== 'object' || attributes === null) return undefined
  const raw = (attributes as Record<string, unknown>)[name]
  return typeof raw === 'string' ? decodeEntities(raw) : undefined
}

function valueOf(node: XmlNode, tag: string, kind: string): SharedPrefValue {
  const wrong = (): Error => unreadable(`This ${kind} is damaged: a <${tag}> setting does not read.`)
  switch (tag) {
    case 'string':
      return { type: 'string', value: textOf(node, tag, kind) }
    case 'int':
    case 'float': {
      const raw = attribute(node, 'value')
      const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw)
      if (!Number.isFinite(value) || (tag === 'int' && !isInt32(value))) throw wrong()
      return { type: tag, value }
    }
    case 'long': {
      const raw = attribute(node, 'value')
      if (raw === undefined || !/^-?\d{1,19}$/.test(raw.trim())) throw wrong()
      const value = BigInt(raw.trim())
      if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) throw wrong()
      return { type: 'long', value }
    }
    case 'boolean': {
      const raw = attribute(node, 'value')
      if (raw !== 'true' && raw !== 'false') throw wrong()
      return { type: 'boolean', value: raw === 'true' }
    }
    case 'set': {
      const items: string[] = []
      for (const child of childrenOf(node, tag)) {
        const childTag = tagOf(child)
        if (childTag === null) continue
        if (childTag !== 'string' || items.length >= MAX_SET_ITEMS) throw wrong()
        items.push(textOf(child, childTag, kind))
      }
      return { type: 'set', value: items }
    }
    case 'null':
      return { type: 'null', value: null }
    default:
      throw unreadable(`This ${kind} holds a <${safeTag(tag)}> element, which Android settings never do.`)
  }
}

function textOf(node: XmlNode, tag: string, kind: string): string {
  let text = ''
  for (const child of childrenOf(node, tag)) {
    if (typeof child['#text'] === 'string') text += decodeEntities(child['#text'])
    else if (Array.isArray(child['#cdata'])) {
      for (const part of elementsOf(child['#cdata'])) {
        if (typeof part['#text'] === 'string') text += part['#text']
      }
    } else if (tagOf(child) !== null) {
      throw unreadable(`This ${kind} is damaged: a <${tag}> setting holds elements.`)
    }
    if (text.length > MAX_SHARED_PREFS_VALUE_CHARS) {
      throw tooLarge(`This ${kind} holds a setting longer than ${MAX_SHARED_PREFS_VALUE_CHARS} characters.`)
    }
  }
  return text
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** The predefined entities and numeric references; anything else means the file is not Android's. */
function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw
  return raw.replace(/&([^;&\s]{0,10});?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw unreadable('A settings value holds a stray "&".')
    const named = NAMED_ENTITIES[name]
    if (named !== undefined && Object.hasOwn(NAMED_ENTITIES, name)) return named
    const numeric = /^#(?:x([0-9a-f]{1,6})|(\d{1,7}))$/i.exec(name)
    if (numeric !== null) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2])
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff))
        return String.fromCodePoint(code)
    }
    throw unreadable('A settings value holds an entity Android never writes.')
  })
}

function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 31) && value <= 2 ** 31 - 1
}

/** Element names come from the file: only a short, plain one reaches a message. */
function safeTag(tag: string): string {
  return /^[A-Za-z][\w.-]{0,30}$/.test(tag) ? tag : 'unknown'
}
