import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * Where screenshots go. `npm test` must not rewrite tracked files, so by default they land in the
 * ignored test-results/ folder; the pictures in docs/ change only when someone asks for it with
 * TWOFOLD_SCREENSHOTS=docs/screenshots.
 */
export function screenshotsFolder(defaultFolder = 'test-results/screenshots'): string {
  const folder = resolve(process.env.TWOFOLD_SCREENSHOTS || defaultFolder)
  mkdirSync(folder, { recursive: true })
  return folder
}
