import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

const entry = resolve(import.meta.dirname, '../../../electron/cli/twofold.ts')

export interface CliOptions {
  home: string
  /** Keychain service name: a throwaway one, never the person's real `Twofold` items. */
  service: string
  stdin?: string
  /** Replaces variables of this process's environment (a D-Bus address, say). */
  env?: NodeJS.ProcessEnv
}

export interface RunningCli {
  child: ChildProcess
  /** Everything written so far; keeps growing until the process ends. */
  readonly stdout: string
  readonly stderr: string
  /** Resolves when the process has ended, however it ended. */
  ended: Promise<{ status: number | null; signal: NodeJS.Signals | null }>
  /** Calls back on each chunk of stderr, with all of stderr so far. */
  onStderr(listener: (stderr: string) => void): void
}

/** The real CLI in its own process (Node runs the TypeScript as is), as a person's shell would run it. */
export function startCli(args: readonly string[], options: CliOptions): RunningCli {
  const child = spawn(process.execPath, [entry, '--vault', options.home, ...args], {
    env: {
      ...process.env,
      TWOFOLD_KEYCHAIN_SERVICE: options.service,
      NODE_NO_WARNINGS: '1',
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const listeners: ((stderr: string) => void)[] = []
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    for (const listener of listeners) listener(stderr)
  })
  // A killed process closes its stdin under us; that is the point, not a failure.
  child.stdin?.on('error', () => undefined)
  child.stdin?.end(options.stdin ?? '')
  const ended = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (status, signal) => done({ status, signal })),
  )
  return {
    child,
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    ended,
    onStderr: (listener) => listeners.push(listener),
  }
}

export async function runCli(
  args: readonly string[],
  options: CliOptions,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const running = startCli(args, options)
  const { status } = await running.ended
  return { status, stdout: running.stdout, stderr: running.stderr }
}
