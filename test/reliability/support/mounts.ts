import { execFileSync } from 'node:child_process'
import { closeSync, ftruncateSync, fstatSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Small tmpfs mounts stand in for a full disk and a read-only folder: root ignores file modes, so
// chmod proves nothing here, while a full or read-only file system stops root too.

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/**
 * Whether this process may mount. Not allowed outside CI: the tests skip with one line. In CI (root,
 * see .ci/run) not being allowed is a broken setup, so it fails instead.
 */
export function mountingAllowed(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'twofold-reliability-mount-probe-'))
  try {
    run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe])
    run('umount', [probe])
    return true
  } catch (error) {
    const why = String((error as { stderr?: unknown }).stderr ?? error).trim() || 'mount failed'
    if (process.env.CI === 'true')
      throw new Error(`CI=true but mounting a tmpfs failed (${why}): these tests need root, as in .ci/run.`, {
        cause: error,
      })
    console.warn(
      `skipping the disk-full and read-only tests: mounting a tmpfs is not permitted here (${why})`,
    )
    return false
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}

export interface TmpfsMount {
  dir: string
  readOnly(): void
  writable(): void
  /** Fills the file system, then frees about `leaveBytes` so a write can start and run out midway. */
  fill(leaveBytes?: number): void
  /** Removes what `fill` wrote. */
  free(): void
  unmount(): void
}

export function mountTmpfs(sizeBytes: number): TmpfsMount {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-reliability-mount-'))
  run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir])
  const filler = join(dir, '.filler')
  return {
    dir,
    readOnly: () => run('mount', ['-o', 'remount,ro', dir]),
    writable: () => run('mount', ['-o', 'remount,rw', dir]),
    fill(leaveBytes = 0) {
      const fd = openSync(filler, 'a')
      try {
        for (const size of [64 * 1024, 4096, 1]) {
          const chunk = Buffer.alloc(size, 0x5a)
          try {
            for (;;) writeSync(fd, chunk)
          } catch (error) {
            if ((error as { code?: string }).code !== 'ENOSPC') throw error
          }
        }
        if (leaveBytes > 0) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leaveBytes))
      } finally {
        closeSync(fd)
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount() {
      try {
        run('umount', [dir])
      } catch {
        // A file SQLite failed to open can stay open until collected; detach the mount regardless.
        run('umount', ['-l', dir])
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
