import { test, expect } from '@playwright/test'
import { chromiumInstalled, chromiumMissing } from '../harness/system-chromium.ts'
import { flagKinds } from '../../shared/domain/flags.ts'
import { platformIds, platformPresets } from '../../shared/domain/platforms.ts'
import { flagKindFacts, flagKindOrder } from '../../renderer/shared/catalog/flags.ts'
import { platformOrder, platforms } from '../../renderer/shared/catalog/platforms.ts'

test.skip(!chromiumInstalled, chromiumMissing)

/**
 * The window restates a few facts of the core's presets rather than bundle zod with them; this is
 * where a preset changed in one place and not the other gets caught. No browser needed.
 */
test('the window’s platform facts match the core’s presets', () => {
  expect([...platformOrder].sort()).toEqual([...platformIds].sort())
  for (const id of platformIds) {
    const { name, methods, whatsappRequiresSms, backupCodeLength, backupCodesPerSet, handlePrefix } =
      platformPresets[id]
    const { mark: _mark, ...restated } = platforms[id]
    expect(restated, id).toEqual({
      name,
      methods,
      whatsappRequiresSms,
      backupCodeLength,
      backupCodesPerSet,
      handlePrefix,
    })
  }
})

test('the window names every flag kind, in the core’s order', () => {
  expect(flagKindOrder).toEqual([...flagKinds])
  expect(Object.keys(flagKindFacts).sort()).toEqual([...flagKinds].sort())
})
