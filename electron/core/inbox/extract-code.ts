import {
  BRAND_NAMES,
  CODE_LENGTHS,
  CODE_SENTENCES,
  CODE_WORDS,
  CURRENCY_BEFORE,
  NOT_A_CODE_LABELS,
  ORIGIN_SERVICES,
  SENDER_SERVICES,
  SERVICE_MARKS,
  UNIT_AFTER,
} from './code-message-formats.ts'
import type { CodeSender, ExtractedCode } from './inbox-entry.ts'

/*
 * Finds the one-time code in an SMS or WhatsApp message. First the services' own wordings
 * (code-message-formats.ts); failing those, a careful fallback that takes a 4–8 digit number only when a
 * code word is right next to it and nothing about it says phone number, date, time, amount, year, order
 * or tracking number. When the text offers two different codes, no code is better than a guessed one:
 * the person copying it would be locked out, or worse, type someone else's code.
 *
 * Codes are digits only, as ExtractedCode says. X also sends alphanumeric confirmation codes
 * ("Your X confirmation code is a1b2c3d4"): those yield null rather than a code of another shape; the
 * message's full text is still there to read.
 */

const SERVICES = Object.keys(BRAND_NAMES) as CodeSender[]

/** How near (in characters) a code word must be to a number for the fallback to take it. */
const CODE_WORD_REACH = 60
/** How near before a number a "not a code" label must be to rule it out (with no other number between). */
const LABEL_REACH = 25

export function extractCode(text: string, options: { from?: string } = {}): ExtractedCode | null {
  const normalized = normalizeText(text)
  const fromService = senderService(options.from)
  const formatted = serviceFormatCode(normalized)
  if (formatted === 'ambiguous') return null
  if (formatted) return { ...formatted, how: 'service-format' }
  const code = fallbackCode(maskLinks(normalized))
  if (!code) return null
  return { code, service: brandInText(normalized) ?? fromService, how: 'fallback' }
}

/** '123456' → '123 456', '12345678' → '1234 5678': halves are easier to read and type. Other lengths stay. */
export function formatCodeForDisplay(code: string): string {
  if (/^\d{6}$/.test(code)) return `${code.slice(0, 3)} ${code.slice(3)}`
  if (/^\d{8}$/.test(code)) return `${code.slice(0, 4)} ${code.slice(4)}`
  return code
}

// ── normalising ─────────────────────────────────────────────────────────────────────────────────

const DIGIT_BLOCKS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50] // Arabic-Indic, Persian, Devanagari, Bengali, Thai

/**
 * One spelling for what looks the same to a reader: full-width and other-script digits become ASCII,
 * dashes become "-", every kind of space " ", direction marks go, and WhatsApp's bold, italic and strike-through
 * marks around a code come off.
 */
function normalizeText(text: string): string {
  // A full-width comma ends a clause ("482913，5分钟内有效"); NFKC alone would glue the numbers into "482913,5".
  let out = text.replace(/\uff0c/gu, ', ').normalize('NFKC')
  for (const zero of DIGIT_BLOCKS) {
    out = out.replace(new RegExp(`[\\u{${zero.toString(16)}}-\\u{${(zero + 9).toString(16)}}]`, 'gu'), (d) =>
      String(d.codePointAt(0)! - zero),
    )
  }
  return (
    out
      .replace(/[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
      .replace(/[\u2010-\u2015\u2212\ufe58\ufe63]/gu, '-')
      // Arabic thousands and decimal separators ("١٢٣٬٤٥٦٫٠٠"): an amount's marks, kept as marks.
      .replace(/\u066c/gu, ',')
      .replace(/\u066b/gu, '.')
      .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/gu, ' ')
      .replace(/([*_~])(\d[\d -]*\d)\1/gu, '$2')
  )
}

/** Links and e-mail addresses carry digits that are never the code (WhatsApp repeats it in its link). */
function maskLinks(text: string): string {
  return text
    .replace(/(?:https?:\/\/|www\.)\S+/giu, ' ')
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu, ' ')
    .replace(/(?<![\p{L}\p{N}@])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}\/\S*/giu, ' ')
}

// ── the services' wordings ───────────────────────────────────────────────────────────────────────

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const BRAND_SLOT = `(?:[dl]['’])?(?<![\\p{Script=Latin}])(?<brand>${SERVICES.flatMap((s) => BRAND_NAMES[s])
  .map(escape)
  .join('|')})(?![\\p{Script=Latin}])`
// Not a piece of a longer number: no digit (or "+", "(") right before, or one separator away; same after.
const EDGE_BEFORE = '(?<![\\p{N}+(]|[\\p{N}+(][ .,:/()-])'
const EDGE_AFTER = '(?![ .,:/()-]?\\p{N})'
const CODE_SLOT = `(?<![\\p{Script=Latin}#/@.-])${EDGE_BEFORE}(?:G-|FB-)?(?<code>\\d{3}[ -]\\d{3}|\\d{4,8})${EDGE_AFTER}(?![\\p{Script=Latin}])`
const WORD = "[\\p{L}\\p{M}'’-]+"

function compileSentence(template: string): RegExp {
  const source = template
    .replace(/ /g, '\\s+')
    .replace('{code}', CODE_SLOT)
    .replace('{brand}', BRAND_SLOT)
    .replaceAll('{w}', WORD)
  return new RegExp(source, 'giu')
}

const SENTENCES = Object.values(CODE_SENTENCES).flat().map(compileSentence)
const MARKS = SERVICE_MARKS.map(({ service, pattern }) => ({
  service,
  pattern: new RegExp(pattern.replace('{before}', EDGE_BEFORE).replace('{after}', EDGE_AFTER), 'gu'),
}))
const ORIGIN_LINE = /^[ ]*@(?<domain>[\p{L}\p{N}.-]+\.[a-z]{2,})[ ]+#(?<code>\d{4,8})[ ]*$/gimu

function serviceOfBrand(brand: string): CodeSender | null {
  for (const service of SERVICES) {
    for (const name of BRAND_NAMES[service]) {
      // X is a capital letter X: "your x code" is not X's.
      if (name === 'X' ? brand === 'X' : name.toLowerCase() === brand.toLowerCase()) return service
    }
  }
  return null
}

const digitsOf = (code: string): string => code.replace(/\D/g, '')

function fitsService(code: string, service: CodeSender): boolean {
  const { min, max } = CODE_LENGTHS[service]
  return code.length >= min && code.length <= max
}

/**
 * The code a service's own wording gives, with whose it is. 'ambiguous' when the wordings name two
 * different codes (a forwarded pair of messages, say).
 */
function serviceFormatCode(text: string): Omit<ExtractedCode, 'how'> | 'ambiguous' | null {
  const found: { code: string; service: CodeSender }[] = []
  for (const { service, pattern } of MARKS) {
    for (const match of text.matchAll(pattern)) found.push({ code: digitsOf(match.groups!.code!), service })
  }
  for (const match of text.matchAll(ORIGIN_LINE)) {
    const domain = match.groups!.domain!.toLowerCase()
    const origin = ORIGIN_SERVICES.find((o) => domain === o.domain || domain.endsWith(`.${o.domain}`))
    if (origin) found.push({ code: match.groups!.code!, service: origin.service })
  }
  for (const sentence of SENTENCES) {
    for (const match of text.matchAll(sentence)) {
      const service = serviceOfBrand(match.groups!.brand!)
      const code = digitsOf(match.groups!.code!)
      if (service && fitsService(code, service)) found.push({ code, service })
    }
  }
  if (found.length === 0) return null
  if (new Set(found.map((f) => f.code)).size > 1) return 'ambiguous'
  return found[0]!
}

// ── the careful digits fallback ──────────────────────────────────────────────────────────────────

const wordsPattern = (words: { SPACED: readonly string[]; JOINED: readonly string[] }): RegExp =>
  new RegExp(
    `(?<![\\p{L}\\p{M}])(?:${words.SPACED.join('|')})(?![\\p{L}\\p{M}])|${words.JOINED.join('|')}`,
    'giu',
  )
const CODE_WORD = wordsPattern(CODE_WORDS)
const NOT_A_CODE_LABEL = wordsPattern(NOT_A_CODE_LABELS)
const CURRENCY_BEFORE_PATTERN = new RegExp(CURRENCY_BEFORE, 'iu')
const UNIT_AFTER_PATTERN = new RegExp(UNIT_AFTER, 'iu')
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

/** An amount: a currency sign, name or ISO code ("INR", "PLN", upper case) right before or after. */
function isAmount(before: string, after: string): boolean {
  if (CURRENCY_BEFORE_PATTERN.test(before) || UNIT_AFTER_PATTERN.test(after)) return true
  const codeBefore = /(?<![\p{L}])([A-Z]{3})\s*$/u.exec(before)?.[1]
  const codeAfter = /^\s*([A-Z]{3})(?![\p{L}])/u.exec(after)?.[1]
  return [codeBefore, codeAfter].some((code) => code !== undefined && ISO_CURRENCIES.has(code))
}

/**
 * A run of digit groups joined by single separators, read as one thing: "+44 20 7946 0958",
 * "(415) 555-0123", "06.12.2026", "12:30", "1.000,00" or "123 456".
 */
const NUMBER_RUN = /(?:\+|\((?=\d+\) ?\d))?\d+(?:(?:[ ./:,'’-]|\) ?| ?\()\d+)*/gu

/** The digits of a run that can be a code: one group of 4–8 digits, or two groups of three ("123 456"). */
function codeShapedDigits(run: string): string | null {
  // "+…" and an area code in brackets, "(415) 555-0123", are phone numbers; a code in brackets, "(482913)", is not.
  if (/^[+(]/u.test(run)) return null
  const groups = run.split(/[^\d]+/u)
  if (groups.length === 1) {
    const digits = groups[0]!
    if (digits.length < 4 || digits.length > 8) return null
    // A year on its own ("valid until 2026") reads as a date, not a code.
    if (/^(?:19|20)\d\d$/u.test(digits)) return null
    return digits
  }
  if (groups.length === 2 && /^\d{3}[ -]\d{3}$/u.test(run)) return groups.join('')
  return null
}

/**
 * A 4-digit number that is a written date's year: after a day and a month name ("6 ธันวาคม 2569",
 * "December 6, 2026") or before a year mark (年, 년, г., هـ). Calendars other than the Gregorian put years
 * outside 19xx/20xx (Thai 25xx, after "พ.ศ.", Persian and Hijri 13xx–14xx), and Persian dates lead with the year
 * ("1405 آذر 15"), so those years count as years before a month name and a day too.
 */
function isYearOfDate(digits: string, before: string, after: string): boolean {
  return (
    /\d{1,2}\.?\s*[\p{L}\p{M}.]+,?\s*$/u.test(before) ||
    /[\p{L}\p{M}.]+\s*\d{1,2}(?:st|nd|rd|th)?,?\s*$/u.test(before) ||
    /(?:พ\.ศ\.|ค\.ศ\.)\s*$/u.test(before) ||
    /^\s*(?:年|년|г(?:\.|(?!\p{L}))|هـ|ش|yılı|BE|พ\.ศ\.)/u.test(after) ||
    (/^(?:1[34]|25)\d\d$/u.test(digits) && /^\s*[\p{L}\p{M}.]+\s*\d{1,2}(?!\d)/u.test(after))
  )
}

function spans(pattern: RegExp, text: string): { start: number; end: number }[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }))
}

/**
 * A code word already followed by a code of letters and digits ("promo code SAVE20", "Your X confirmation
 * code is a1b2c3d4") points at that, not at a number further on ("… to get 1500 off").
 */
const LETTERED_CODE_AFTER =
  /^\s*(?:is|es|est|ist|é|è|:|-)?\s*(?:(?=[A-Za-z\d]*[A-Za-z])(?=[A-Za-z\d]*\d)[A-Za-z\d]{4,12}|[A-Z]{5,12})(?![\p{L}\p{N}])/u

/** Where each sentence starts: a code word speaks of the numbers in its own sentence. */
function sentenceStarts(text: string): number[] {
  return [0, ...[...text.matchAll(/[.!?。！？।]+\s+|\n+/gu)].map((m) => m.index + m[0].length)]
}

const sentenceOf = (starts: number[], at: number): number => starts.findLastIndex((start) => start <= at)

function fallbackCode(text: string): string | null {
  const starts = sentenceStarts(text)
  const codeWords = spans(CODE_WORD, text)
    .filter((w) => !LETTERED_CODE_AFTER.test(text.slice(w.end, w.end + 20)))
    .map((w) => ({ ...w, sentence: sentenceOf(starts, w.start) }))
  const labels = spans(NOT_A_CODE_LABEL, text)
  const codes = new Set<string>()
  for (const match of text.matchAll(NUMBER_RUN)) {
    const start = match.index
    const end = start + match[0].length
    const digits = codeShapedDigits(match[0])
    if (!digits) continue
    // What stands around the number on its own line.
    const before = text
      .slice(Math.max(0, start - LABEL_REACH), start)
      .split('\n')
      .pop()!
    const after = text.slice(end, end + 12).split('\n')[0]!
    // Glued to letters or marks ("A1234", "#1234", "****1234", "1234kg", "user@…"): an id, not a code.
    if (/[\p{Script=Latin}\p{Script=Cyrillic}#*@$&=\\/_-]$/u.test(before)) continue
    if (/^[\p{Script=Latin}\p{Script=Cyrillic}@%_°'’]/u.test(after)) continue
    if (isAmount(before, after)) continue
    if (digits.length === 4 && isYearOfDate(digits, before, after)) continue
    // A label names the number right after it: in "card XX1234 is 482913" the card's is XX1234.
    const labelled = labels.some(
      (l) => l.end <= start && start - l.end <= LABEL_REACH && !/\d/u.test(text.slice(l.end, start)),
    )
    if (labelled) continue
    // A code word in the same sentence, or, for a number standing as a sentence of its own
    // ("Your verification code:\n482913"), in the one just before or after.
    const sentence = sentenceOf(starts, start)
    const alone =
      /^[\s[(]*$/u.test(text.slice(starts[sentence], start)) &&
      /^[\s\])]*(?:[.!?。！？।]|$)/u.test(text.slice(end).split('\n')[0]!)
    const nearCodeWord = codeWords.some(
      (w) =>
        (w.sentence === sentence || (alone && Math.abs(w.sentence - sentence) === 1)) &&
        ((w.end <= start && start - w.end <= CODE_WORD_REACH) ||
          (w.start >= end && w.start - end <= CODE_WORD_REACH)),
    )
    if (nearCodeWord) codes.add(digits)
  }
  return codes.size === 1 ? [...codes][0]! : null
}

// ── whose message ────────────────────────────────────────────────────────────────────────────────

const BRAND_SCAN = SERVICES.map((service) => ({
  service,
  pattern: new RegExp(
    `(?<![\\p{Script=Latin}])(?:${BRAND_NAMES[service]
      .filter((name) => name !== 'X')
      .map(escape)
      .join('|')})(?![\\p{Script=Latin}])`,
    'iu',
  ),
}))

/** The one service the text names; null when it names none or several. */
function brandInText(text: string): CodeSender | null {
  const named = BRAND_SCAN.filter(({ pattern }) => pattern.test(text)).map(({ service }) => service)
  return named.length === 1 ? named[0]! : null
}

function senderService(from: string | undefined): CodeSender | null {
  if (!from) return null
  const key = from
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.]/g, '')
    // India's sender headers put the operator and route before the name ("VM-Google").
    .replace(/^[a-z]{2}-(?=[a-z])/u, '')
  return SENDER_SERVICES[key] ?? null
}
