import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { firstInOrder } from '../../../electron/core/accounts/first-in-order.ts'
import { compareForList } from '../../../shared/domain/account-order.ts'

const key = fc.record({
  id: fc.uuid(),
  handle: fc.oneof(fc.constantFrom('shop.1', 'Shop.2', 'shop.10', 'ÉCOLE', 'ecole', 'zebra'), fc.string()),
  clientName: fc.option(fc.constantFrom('Acme', 'acme', 'client 2', 'client 10', 'Zebra'), { nil: null }),
})

/** A window's first page must be exactly the first rows of the whole list it later receives. */
describe('firstInOrder', () => {
  it('gives what a stable sort of everything would start with', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.integer({ min: 0, max: 320 }), (keys, count) => {
        expect(firstInOrder(keys, compareForList, count)).toEqual(
          [...keys].sort(compareForList).slice(0, count),
        )
      }),
      { numRuns: 500 },
    )
  })
})
