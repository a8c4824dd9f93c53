/**
 * `npm run test:electron`: runs the real-Electron suite where the binary exists, and otherwise says in
 * one line that it skipped and why. Electron downloads its binary on first launch, which cannot happen
 * on machines without that route; every other suite runs without it.
 */
import { spawnSync } from 'node:child_process'
import { findElectronBinary } from './electron-binary.ts'

const binary = findElectronBinary()
if ('missing' in binary) {
  console.log(`electron suite skipped: ${binary.missing}`)
  process.exit(0)
}

const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
const command = needsDisplay ? 'xvfb-run' : 'npx'
const args = [
  ...(needsDisplay ? ['--auto-servernum', 'npx'] : []),
  'playwright',
  'test',
  '--config',
  'test/electron/playwright.electron.config.ts',
  ...process.argv.slice(2),
]
const result = spawnSync(command, args, {
  stdio: 'inherit',
  env: { ...process.env, TWOFOLD_ELECTRON_BINARY: binary.path },
})
process.exit(result.status ?? 1)
