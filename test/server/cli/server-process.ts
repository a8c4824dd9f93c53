import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

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
    env: { ...process.env, NODE_NO_WARNINGS: '1', DATABASE_URL: '', ...options.env },
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
    env: { ...process.env, NODE_NO_WARNINGS: '1', DATABASE_URL: '', ...options.env },
    timeout: 120_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}
