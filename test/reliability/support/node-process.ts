import { spawn, type ChildProcess } from 'node:child_process'
import { expect } from 'vitest'

export interface ProcessEnd {
  status: number | null
  signal: NodeJS.Signals | null
}

export interface RunningProcess {
  child: ChildProcess
  /** Everything written so far; keeps growing until the process ends. */
  readonly stdout: string
  readonly stderr: string
  /** Resolves when the process has ended, however it ended. */
  ended: Promise<ProcessEnd>
  /** Calls back on each chunk of stderr, with all of stderr so far. */
  onStderr(listener: (stderr: string) => void): void
  /** SIGKILL: no handler, no clean-up, as a crash or a pulled plug ends it. */
  kill(): void
}

/** A TypeScript file run by Node in its own process (Node strips the types), fed `stdin` and closed. */
export function startNodeProcess(
  script: string,
  args: readonly string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): RunningProcess {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...options.env },
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
  const ended = new Promise<ProcessEnd>((done) =>
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
    kill: () => child.kill('SIGKILL'),
  }
}

/** Our SIGKILL, or a clean finish when the kill came too late: a crash of its own is a failure. */
export function expectKilledOrFinished(ended: ProcessEnd, context: string, stderr: string): void {
  if (ended.signal !== 'SIGKILL')
    expect({ ...ended, stderr: stderr.slice(-300) }, context).toMatchObject({ status: 0 })
}
