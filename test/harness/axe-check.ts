import type { Page } from '@playwright/test'
import axe from 'axe-core'
import { expect } from './e2e-fixtures.ts'

/**
 * axe-core run inside the page, injected once per page load. AxeBuilder injects its 500 kB source
 * into every frame on every call and finishes in a fresh page, several seconds a time on a small CI
 * machine; a run here is well under one. Page evaluation is not subject to the page's CSP.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in globalThis)
  if (!loaded) await page.evaluate(axe.source)
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: typeof axe }).axe.run({ resultTypes: ['violations'] }),
  )
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.length}: ${violation.nodes
          .slice(0, 2)
          .map((node) => node.target.join(' '))
          .join(', ')})`,
    )
  expect(serious, `axe on the ${screen} screen`).toEqual([])
}
