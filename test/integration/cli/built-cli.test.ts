import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/** `npm run build` writes the CLI that `npx twofold` runs; `npm test` builds before it tests. */
const built = resolve(import.meta.dirname, '../../../out/cli/twofold.mjs')
const present = existsSync(built)
if (!present) {
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${built} is missing: npm test builds before testing`)
  console.warn('skipping built-CLI checks: run npm run build first')
}

describe.skipIf(!present)('the built twofold command', () => {
  it('is an executable script with a shebang that answers --help', () => {
    expect(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(built).mode & 0o111).not.toBe(0)
    const help = execFileSync(built, ['--help'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    })
    expect(help).toMatch(/Usage: twofold/)
    expect(help).toMatch(/backup-codes/)
  })
})
