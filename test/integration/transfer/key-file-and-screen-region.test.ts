import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { Channel } from '../../../shared/ipc/contract.ts'
import { ScriptedDesktop } from '../../harness/scripted-desktop.ts'
import { blankScreen, screenWithQrCode } from '../../harness/scripted-screen.ts'
import { manualTimers } from '../../support/manual-timers.ts'
import { manualClock } from '../../support/temp-home.ts'
import {
  dispatch,
  dispatchValue,
  vaultWorkspace,
  type VaultWorkspace,
} from '../../support/vault-workspace.ts'
import { kdbx, xmlKeyFile } from '../../unit/importers/builders/password-managers.ts'

const SECRET = 'JBSWY3DPEHPK3PXP'

/**
 * The import plumbing around two things only main may hold: a KeePass key file chosen in main's own
 * dialog (its bytes reach the reader; the window gets its name), and a frozen capture of the screen
 * from which only the region the person framed is scanned.
 */
describe('key files and screen regions through the import channels', () => {
  let workspace: VaultWorkspace
  let desktop: ScriptedDesktop
  let backend: Backend
  const call = <C extends Channel>(channel: C, request: unknown) => dispatch(backend, channel, request)
  const value = <C extends Channel>(channel: C, request: unknown) => dispatchValue(backend, channel, request)
  const refusal = async (channel: Channel, request: unknown) => {
    const result = await call(channel, request)
    if (result.ok) throw new Error(`${channel} succeeded`)
    return result.error
  }
  const file = (name: string, content: Uint8Array) => {
    const path = join(workspace.folder.home, name)
    writeFileSync(path, content)
    return path
  }

  beforeEach(async () => {
    workspace = vaultWorkspace()
    desktop = new ScriptedDesktop()
    ;({ backend } = await workspace.createVault('vault', {
      desktop: desktop.asDesktopPort(),
      now: manualClock().now,
      timers: manualTimers().timers,
    }))
  })
  afterEach(() => workspace.dispose())

  it('a KeePass database locked with a key file opens with the key file main chose, and only then', async () => {
    const keyFile = await xmlKeyFile()
    const database = await kdbx(
      {
        entries: [
          {
            title: 'Instagram',
            username: 'keyed.account',
            fields: { otp: `otpauth://totp/Instagram:keyed.account?secret=${SECRET}&issuer=Instagram` },
          },
        ],
      },
      { password: null, keyFile, version: 3 },
    )
    desktop.openFile = file('agency.kdbx', database)
    desktop.keyFile = file('agency.keyx', keyFile)
    const chosen = await value('import:choose-file', { purpose: 'import' })
    const fileId = chosen.file?.fileId
    const source = { kind: 'file', fileId }

    const without = await refusal('import:preview', { source, format: 'keepass' })
    expect(without.code).toBe('import-password-required')

    const key = await value('import:choose-key-file', {})
    expect(desktop.shown.at(-1)).toEqual({ dialog: 'open', detail: 'key-file' })
    // The window learns the name and an id: no path, no bytes.
    expect(Object.keys(key.keyFile ?? {}).sort()).toEqual(['keyFileId', 'name'])
    expect(key.keyFile?.name).toBe('agency.keyx')

    const preview = await value('import:preview', { source, keyFileId: key.keyFile?.keyFileId })
    expect(preview.format).toBe('keepass')
    expect(preview.items.map((item) => item.accountName)).toEqual(['keyed.account'])

    // Done with the import: main lets go of the key file with the database.
    await value('import:commit', { importId: preview.importId, positions: [1] })
    const again = await refusal('import:preview', {
      source: { kind: 'text', text: 'x' },
      keyFileId: key.keyFile?.keyFileId,
    })
    expect(again.code).toBe('import-expired')
  })

  it('a database that also needs its key file, opened with the password only, names the key file', async () => {
    const database = await kdbx(
      { entries: [] },
      { password: 'kee pass', keyFile: await xmlKeyFile(), version: 3 },
    )
    desktop.openFile = file('agency.kdbx', database)
    const fileId = (await value('import:choose-file', { purpose: 'import' })).file?.fileId
    const error = await refusal('import:preview', { source: { kind: 'file', fileId }, password: 'kee pass' })
    expect(error.code).toBe('import-wrong-password')
    expect(error.field).toBe('keyFile')

    // With another database's key file, it is the pair that is wrong.
    desktop.keyFile = file('other.keyx', await xmlKeyFile())
    const keyFileId = (await value('import:choose-key-file', {})).keyFile?.keyFileId
    const wrongPair = await refusal('import:preview', {
      source: { kind: 'file', fileId },
      password: 'kee pass',
      keyFileId,
    })
    expect(wrongPair.code).toBe('import-wrong-password')
  })

  it('a cancelled key-file dialog holds nothing', async () => {
    desktop.keyFile = null
    expect(await value('import:choose-key-file', {})).toEqual({ keyFile: null })
  })

  it('scans only the framed region of the capture, once; an empty region says so', async () => {
    const screen = screenWithQrCode(`otpauth://totp/GitHub:ops%40acme.test?secret=${SECRET}&issuer=GitHub`)
    desktop.screens = [screen.png]
    const picture = await value('import:capture-screen', {})
    const factor = screen.width / picture.width
    const margin = 10
    const region = {
      x: Math.floor(screen.code.x / factor) - margin,
      y: Math.floor(screen.code.y / factor) - margin,
      width: Math.ceil(screen.code.size / factor) + 2 * margin,
      height: Math.ceil(screen.code.size / factor) + 2 * margin,
    }
    const preview = await value('import:preview', {
      source: { kind: 'screen-region', captureId: picture.captureId, region },
    })
    expect(preview.sourceName).toBe('Screen region')
    expect(preview.items.map((item) => item.accountName)).toEqual(['ops@acme.test'])
    // One capture, one pick.
    const twice = await refusal('import:preview', {
      source: { kind: 'screen-region', captureId: picture.captureId, region },
    })
    expect(twice.code).toBe('import-expired')

    const next = await value('import:capture-screen', {})
    const empty = await refusal('import:preview', {
      source: {
        kind: 'screen-region',
        captureId: next.captureId,
        region: { x: 5, y: 5, width: 120, height: 90 },
      },
    })
    expect(empty.code).toBe('import-no-qr-code')
    expect(empty.message).toMatch(/region/)
  })

  it('refuses a region outside the picture or empty, and a cancelled pick drops the capture', async () => {
    desktop.screens = [blankScreen(800, 600)]
    const picture = await value('import:capture-screen', {})
    const outside = await refusal('import:preview', {
      source: {
        kind: 'screen-region',
        captureId: picture.captureId,
        region: { x: picture.width - 5, y: 0, width: 10, height: 10 },
      },
    })
    expect(outside.code).toBe('invalid-request')
    const emptyRegion = await refusal('import:preview', {
      source: {
        kind: 'screen-region',
        captureId: picture.captureId,
        region: { x: 0, y: 0, width: 0, height: 10 },
      },
    })
    expect(emptyRegion.code).toBe('invalid-request')

    const cancelled = await value('import:capture-screen', {})
    await value('import:drop-capture', { captureId: cancelled.captureId })
    const after = await refusal('import:preview', {
      source: {
        kind: 'screen-region',
        captureId: cancelled.captureId,
        region: { x: 0, y: 0, width: 10, height: 10 },
      },
    })
    expect(after.code).toBe('import-expired')
  })

  it('a lock drops a held capture', async () => {
    desktop.screens = [blankScreen(400, 300)]
    const picture = await value('import:capture-screen', {})
    await value('vault:lock', {})
    await value('vault:unlock', { method: 'keychain' })
    const after = await refusal('import:preview', {
      source: {
        kind: 'screen-region',
        captureId: picture.captureId,
        region: { x: 0, y: 0, width: 10, height: 10 },
      },
    })
    expect(after.code).toBe('import-expired')
  })
})
