import { isAbsolute, resolve } from 'node:path'

/**
 * What a launch may change about Twofold, decided before anything opens. Kept free of `electron` so
 * the unit suite can prove it.
 *
 * Environment variables are for development and tests only: a packaged app ignores them, because
 * anything that can set a variable for the app (a launcher, a shell profile, a compromised tool)
 * could otherwise point the windows at a remote page that main would trust as its own, or move the
 * vault. The vault folder stays configurable in a packaged app through an explicit switch.
 */
export interface LaunchInput {
  isPackaged: boolean
  /** The command line as the app sees it (`process.argv`). */
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  /** The folder relative `--vault-dir` paths are read from. */
  cwd: string
}

export interface LaunchPolicy {
  /** electron-vite's dev server, which the windows load instead of the built pages. */
  devServerUrl: string | null
  /** The vault folder, when the launch names one; otherwise the per-user app-data folder. */
  home: string | null
  /** The keychain service name, when a test picks a throwaway one; otherwise Twofold's own. */
  keychainService: string | null
  /** One line saying why this launch must stop, or null when it may go on. */
  refusal: string | null
}

export const VAULT_DIR_SWITCH = '--vault-dir'

/**
 * Switches that would let another program read or steer a packaged app holding an unlocked vault:
 * debugger and DevTools endpoints, a weaker sandbox or web security, V8 flags, and network
 * interception. Matched as prefixes, so `--inspect-brk=…` falls under `--inspect`.
 */
export const REFUSED_SWITCH_PREFIXES: readonly string[] = [
  '--remote-debugging-port',
  '--remote-debugging-pipe',
  '--remote-debugging-address',
  '--remote-allow-origins',
  '--inspect',
  '--debug',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-web-security',
  '--disable-site-isolation-trials',
  '--allow-running-insecure-content',
  '--ignore-certificate-errors',
  '--js-flags',
  '--proxy-server',
  '--proxy-pac-url',
  '--host-resolver-rules',
  '--load-extension',
  '--user-data-dir',
]

export function launchPolicy({ isPackaged, argv, env, cwd }: LaunchInput): LaunchPolicy {
  const policy: LaunchPolicy = { devServerUrl: null, home: null, keychainService: null, refusal: null }
  const args = argv.slice(1)

  if (isPackaged) {
    const refused = args.map(switchName).find((name) => name !== null && isRefused(name))
    if (refused) {
      policy.refusal = `Twofold does not start with ${refused}: it would expose the vault to other programs.`
      return policy
    }
  }

  const vaultDir = switchValue(args, VAULT_DIR_SWITCH)
  if (vaultDir !== undefined) {
    if (vaultDir === '') {
      policy.refusal = `Twofold's ${VAULT_DIR_SWITCH} switch needs a folder: ${VAULT_DIR_SWITCH}=PATH.`
      return policy
    }
    policy.home = isAbsolute(vaultDir) ? vaultDir : resolve(cwd, vaultDir)
  }

  if (!isPackaged) {
    policy.devServerUrl = env.ELECTRON_RENDERER_URL || null
    policy.home ??= env.TWOFOLD_HOME || null
    policy.keychainService = env.TWOFOLD_KEYCHAIN_SERVICE || null
  }
  return policy
}

/**
 * Chromium reads `--name`, `-name` and, on Windows, `/name` in any case as the same switch, so the
 * check must too; it returns the canonical `--name`, or null for an argument that is not a switch.
 */
function switchName(arg: string): string | null {
  const name = /^(?:--?|\/)([A-Za-z][\w-]*)/.exec(arg)?.[1]
  return name ? `--${name.toLowerCase()}` : null
}

function isRefused(name: string): boolean {
  return REFUSED_SWITCH_PREFIXES.some((prefix) => name.startsWith(prefix))
}

/** The value of the last `--name=value`, '' for a bare `--name`, undefined when absent. */
function switchValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined
  for (const arg of args) {
    if (arg === name) value = ''
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1)
  }
  return value
}
