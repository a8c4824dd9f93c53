import { resolve } from 'node:path'
import { startNodeProcess, type RunningProcess } from './node-process.ts'

const entry = resolve(import.meta.dirname, '../../../electron/cli/twofold.ts')

export interface CliOptions {
  home: string
  /** Keychain service name: a throwaway one, never the person's real `Twofold` items. */
  service: string
  stdin?: string
  /** Replaces variables of this process's environment (a D-Bus address, say). */
  env?: NodeJS.ProcessEnv
}

export type RunningCli = RunningProcess

/** The real CLI in its own process (Node runs the TypeScript as is), as a person's shell would run it. */
export function startCli(args: readonly string[], options: CliOptions): RunningCli {
  return startNodeProcess(entry, ['--vault', options.home, ...args], {
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    env: { TWOFOLD_KEYCHAIN_SERVICE: options.service, ...options.env },
  })
}

export async function runCli(
  args: readonly string[],
  options: CliOptions,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const running = startCli(args, options)
  const { status } = await running.ended
  return { status, stdout: running.stdout, stderr: running.stderr }
}
