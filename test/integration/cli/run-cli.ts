import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { throwawayKeychain, type ThrowawayKeychain } from '../../support/real-keychain.ts'
import { tempHome } from '../../support/temp-home.ts'

const sourceEntry = resolve(import.meta.dirname, '../../../electron/cli/twofold.ts')

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  home: string
  /** Keychain service name: a throwaway one, never the person's real `Twofold` items. */
  service: string
  stdin?: string
  /** The script to run: the TypeScript source unless a test means the built bundle. */
  entry?: string
}

/** Runs the real CLI in its own process (Node runs the TypeScript as is), as a person's shell would. */
export function runCli(args: readonly string[], options: CliOptions): CliResult {
  const result = spawnSync(
    process.execPath,
    [options.entry ?? sourceEntry, '--vault', options.home, ...args],
    {
      input: options.stdin ?? '',
      encoding: 'utf8',
      env: { ...process.env, TWOFOLD_KEYCHAIN_SERVICE: options.service, NODE_NO_WARNINGS: '1' },
      timeout: 60_000,
    },
  )
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A temp folder and a throwaway keychain service, with the CLI bound to one vault in that folder. */
export interface CliWorkspace {
  folder: ReturnType<typeof tempHome>
  keys: ThrowawayKeychain
  /** The vault folder every `cli` call names with --vault. */
  home: string
  cli: (args: readonly string[], stdin?: string) => CliResult
  /** Removes the keychain items and the folder. */
  dispose: () => Promise<void>
}

export function cliWorkspace(options: { vaultFolder?: string; entry?: string } = {}): CliWorkspace {
  const folder = tempHome()
  const keys = throwawayKeychain()
  const home = join(folder.home, options.vaultFolder ?? 'vault')
  return {
    folder,
    keys,
    home,
    cli: (args, stdin) =>
      runCli(args, {
        home,
        service: keys.service,
        ...(stdin === undefined ? {} : { stdin }),
        ...(options.entry === undefined ? {} : { entry: options.entry }),
      }),
    async dispose() {
      await keys.cleanup()
      folder.remove()
    },
  }
}
