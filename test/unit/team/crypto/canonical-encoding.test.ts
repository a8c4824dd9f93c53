import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalEncoding } from '../../../../electron/core/team/crypto/canonical-encoding.ts'
import { refusal } from './refusals.ts'

describe('canonical encoding of signed and authenticated fields', () => {
  it('writes each field as its UTF-8 bytes after a 4-byte big-endian length', () => {
    expect(canonicalEncoding(['ab', 7, 'é']).toString('hex')).toBe(
      '00000002' + '6162' + '00000001' + '37' + '00000002' + 'c3a9',
    )
    expect(canonicalEncoding([]).length).toBe(0)
    expect(canonicalEncoding(['']).toString('hex')).toBe('00000000')
  })

  it('never gives two different lists of fields the same bytes', () => {
    const field = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary-ascii' }),
      fc.constantFrom('', '|', '\0'),
    )
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), fc.array(field, { maxLength: 6 }), (left, right) => {
        fc.pre(JSON.stringify(left) !== JSON.stringify(right))
        expect(canonicalEncoding(left).equals(canonicalEncoding(right))).toBe(false)
      }),
      { numRuns: 2_000 },
    )
  })

  it('tells apart every other way of cutting the same text into fields', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.uniqueArray(fc.nat(), { maxLength: 4 }),
        fc.uniqueArray(fc.nat(), { maxLength: 4 }),
        (text, leftCuts, rightCuts) => {
          const cut = (at: number[]) => {
            const points = [...new Set(at.map((point) => point % (text.length + 1)))].sort((a, b) => a - b)
            return [0, ...points].map((start, index) => text.slice(start, points[index] ?? text.length))
          }
          const left = cut(leftCuts)
          const right = cut(rightCuts)
          fc.pre(JSON.stringify(left) !== JSON.stringify(right))
          fc.pre(left.every((field) => field.isWellFormed()) && right.every((field) => field.isWellFormed()))
          expect(canonicalEncoding(left).equals(canonicalEncoding(right))).toBe(false)
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('keeps boundaries where a separator would blur them', () => {
    expect(canonicalEncoding(['ab', 'c']).equals(canonicalEncoding(['a', 'bc']))).toBe(false)
    expect(canonicalEncoding(['a', '']).equals(canonicalEncoding(['a']))).toBe(false)
  })

  it('writes whole numbers as their decimal text', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(canonicalEncoding([value]).equals(canonicalEncoding([String(value)]))).toBe(true)
      }),
    )
  })

  it('refuses numbers and text with more than one spelling', async () => {
    await refusal(() => canonicalEncoding([1.5]), 'internal')
    await refusal(() => canonicalEncoding([Number.NaN]), 'internal')
    await refusal(() => canonicalEncoding([2 ** 60]), 'internal')
    // Both lone surrogates would become U+FFFD.
    await refusal(() => canonicalEncoding(['\ud800']), 'invalid-request')
    await refusal(() => canonicalEncoding(['\udfff']), 'invalid-request')
  })
})
