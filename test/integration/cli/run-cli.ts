import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

const entry = resolve(import.meta.dirname, '../../../electron/cli/twofold.ts')

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the real CLI in its own process (Node runs the TypeScript as is), as a person's shell would. */
export function runCli(
  args: readonly string[],
  options: { home: string; service: string; stdin?: string },
): CliResult {
  const result = spawnSync(process.execPath, [entry, '--vault', options.home, ...args], {
    input: options.stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, TWOFOLD_KEYCHAIN_SERVICE: options.service, NODE_NO_WARNINGS: '1' },
    timeout: 60_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}
