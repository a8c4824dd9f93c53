import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// electron-builder's own YAML parser and Electron's own list of fuses, so the test reads the file as
// the installer build does and notices a fuse added by a newer Electron.
const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }
const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, string | number> }

const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as {
  electronFuses?: Record<string, boolean>
}
const fuses = config.electronFuses ?? {}

describe('the fuses compiled into the installers', () => {
  it('switch off every way to run, inspect or reprivilege the app from outside', () => {
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('decide every fuse this Electron has, none left at its default', () => {
    const known = Object.keys(FuseV1Options)
      .filter((name) => Number.isNaN(Number(name)))
      .map((name) => name.charAt(0).toLowerCase() + name.slice(1))
    expect(known.length).toBeGreaterThanOrEqual(8)
    for (const name of known) expect(typeof fuses[name], name).toBe('boolean')
  })
})
