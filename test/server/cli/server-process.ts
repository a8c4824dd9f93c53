import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'

/**
 * No database URL from the caller's shell, and an inbox secret of the test's own: without it a start
 * with --database-url would make one in the machine's default data folder.
 */
const TEST_ENV = {
  NODE_NO_WARNINGS: '1',
  DATABASE_URL: '',
  TWOFOLD_INBOX_SECRET: randomBytes(32).toString('base64url'),
}

export const sourceEntry = resolve(import.meta.dirname, '../../../electron/server/twofold-server.ts')

export interface ServerProcess {
  /** What followed "listening on ". */
  url: string
  stdout(): string
  stderr(): string
  /** Sends the signal and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** Runs `twofold-server start …` as a person would and waits for its ready line. */
export async function startServerProcess(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; entry?: string } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [options.entry ?? sourceEntry, 'start', ...args], {
    env: { ...process.env, ...TEST_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const check = () => {
      const match = /^listening on (\S+)$/m.exec(stdout)
      if (match?.[1]) resolveUrl(match[1])
    }
    child.stdout.on('data', check)
    child.once('exit', (code) =>
      reject(new Error(`twofold-server exited (${code}) before it listened: ${stderr}`)),
    )
  })
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop(signal = 'SIGTERM') {
      child.kill(signal)
      return exited(child)
    },
  }
}

export interface CommandResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs one twofold-server command to its end. */
export function runServerCommand(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; entry?: string } = {},
): CommandResult {
  const result = spawnSync(process.execPath, [options.entry ?? sourceEntry, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...TEST_ENV, ...options.env },
    timeout: 120_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}
