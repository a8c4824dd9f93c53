import { describe, expect, it } from 'vitest'
import { launchPolicy, type LaunchInput } from '../../../electron/main/launch/launch-policy.ts'
import { rendererLocation } from '../../../electron/main/windows/renderer-location.ts'

const developerEnv = {
  ELECTRON_RENDERER_URL: 'https://attacker.example',
  TWOFOLD_HOME: '/tmp/elsewhere',
  TWOFOLD_KEYCHAIN_SERVICE: 'Twofold-other',
}
const launch = (input: Partial<LaunchInput>) =>
  launchPolicy({ isPackaged: true, argv: ['/opt/Twofold/twofold'], env: {}, cwd: '/home/ana', ...input })

describe('a packaged Twofold', () => {
  it('loads its own built page even with ELECTRON_RENDERER_URL set, and trusts no other page', () => {
    const policy = launch({ env: developerEnv })
    const location = rendererLocation('manager', policy.devServerUrl)
    expect(location.load).toEqual({ url: 'twofold://app/manager/index.html' })
    expect(location.isOwnPage('https://attacker.example/manager/index.html')).toBe(false)
    expect(location.isOwnPage('twofold://app/manager/index.html#/settings')).toBe(true)
    expect(location.isOwnPage('twofold://app/popup/index.html')).toBe(false)
  })

  it('keeps its own vault folder and keychain service whatever the environment says', () => {
    const policy = launch({ env: developerEnv })
    expect(policy.home).toBeNull()
    expect(policy.keychainService).toBeNull()
    expect(policy.refusal).toBeNull()
  })

  it('opens the vault folder named by --vault-dir, relative to where it was started', () => {
    expect(launch({ argv: ['twofold', '--vault-dir=/media/usb/Twofold'] }).home).toBe('/media/usb/Twofold')
    expect(launch({ argv: ['twofold', '--vault-dir=vaults/agency'] }).home).toBe('/home/ana/vaults/agency')
    expect(launch({ argv: ['twofold', '--vault-dir'] }).refusal).toMatch(/--vault-dir=PATH/)
  })

  it.each([
    '--remote-debugging-port=9222',
    '--remote-debugging-pipe',
    '--inspect',
    '--inspect-brk=9229',
    '--debug=5858',
    '--no-sandbox',
    '-no-sandbox',
    '--NO-SANDBOX',
    '/remote-debugging-port=9222',
    '--disable-web-security',
    '--js-flags=--allow-natives-syntax',
    '--proxy-server=http://127.0.0.1:8080',
    '--user-data-dir=/tmp/x',
  ])('refuses to start with %s, saying so in one line', (risky) => {
    const policy = launch({ argv: ['/opt/Twofold/twofold', '--hidden', risky] })
    expect(policy.refusal).toMatch(/^Twofold does not start with --[a-z-]+: .+\.$/)
    expect(policy.refusal).not.toContain('\n')
  })

  it('starts with the switches it owns', () => {
    expect(launch({ argv: ['twofold', '--hidden', '--vault-dir=/srv/vault'] }).refusal).toBeNull()
  })
})

describe('Twofold run from source', () => {
  it('honours the development and test overrides', () => {
    const policy = launch({ isPackaged: false, env: developerEnv })
    expect(policy).toEqual({
      devServerUrl: 'https://attacker.example',
      home: '/tmp/elsewhere',
      keychainService: 'Twofold-other',
      refusal: null,
    })
    expect(rendererLocation('popup', policy.devServerUrl).load).toEqual({
      url: 'https://attacker.example/popup/index.html',
    })
  })

  it('lets --vault-dir win over TWOFOLD_HOME and allows debugging switches', () => {
    const policy = launch({
      isPackaged: false,
      env: developerEnv,
      argv: ['electron', '--inspect=9229', '--vault-dir=/srv/vault'],
    })
    expect(policy.home).toBe('/srv/vault')
    expect(policy.refusal).toBeNull()
  })
})
