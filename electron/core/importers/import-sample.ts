import { csvHeader } from './import-csv.ts'
import { parseJson } from './import-json.ts'
import { contentLines, decodeText, type TextLine } from './import-text.ts'

// What detection looks at. Each format's detector asks for the view it needs (the bytes, the text,
// the parsed JSON, a CSV header, the content lines); each view is computed once, on first ask, so a
// binary file is never parsed as JSON and a JSON file is never split into lines by twenty detectors.

const UNSET = Symbol('unset')

export class ImportSample {
  readonly bytes: Uint8Array
  /** Only a tie-breaker: content decides wherever it can. Lower-cased. */
  readonly fileName: string
  #text: string | null | typeof UNSET = UNSET
  #json: unknown = UNSET
  #csvHeader: string[] | null | typeof UNSET = UNSET
  #lines: TextLine[] | null | typeof UNSET = UNSET

  constructor(bytes: Uint8Array, fileName?: string) {
    this.bytes = bytes
    this.fileName = typeof fileName === 'string' ? fileName.toLowerCase() : ''
  }

  /** The file as text, or null for binary. */
  get text(): string | null {
    if (this.#text === UNSET) this.#text = decodeText(this.bytes)
    return this.#text
  }

  /** The parsed JSON, or undefined when the file is not JSON. */
  get json(): unknown {
    if (this.#json === UNSET) this.#json = this.text === null ? undefined : parseJson(this.text)
    return this.#json
  }

  /**
   * Text that starts like JSON but does not parse (a cut-off download): detectors that recognise
   * their keys in it claim it, so the reader can say "damaged" rather than "unknown".
   */
  get isBrokenJson(): boolean {
    return this.json === undefined && this.text !== null && /^\s*[[{]/.test(this.text)
  }

  /** The CSV header row, or null when the text is not CSV (or is JSON). */
  get csvHeader(): string[] | null {
    if (this.#csvHeader === UNSET) {
      this.#csvHeader = this.text === null || this.json !== undefined ? null : csvHeader(this.text)
    }
    return this.#csvHeader
  }

  /** Content lines of a text file that is neither JSON nor broken JSON. */
  get lines(): TextLine[] | null {
    if (this.#lines === UNSET) {
      this.#lines =
        this.text === null || this.json !== undefined || this.isBrokenJson ? null : contentLines(this.text)
    }
    return this.#lines
  }

  /** Whether the file starts with these bytes (a magic number). */
  startsWith(magic: readonly number[] | string): boolean {
    const expected = typeof magic === 'string' ? [...Buffer.from(magic, 'latin1')] : magic
    return expected.length <= this.bytes.length && expected.every((byte, index) => this.bytes[index] === byte)
  }
}
