/**
 * Plain JavaScript, not TypeScript: a new user may run `npm start` on a Node 22 release that cannot
 * yet strip types, and this script is what must tell them clearly what went wrong.
 *
 * `npm start`'s first step (the `prestart` script). Electron 45 has no install script: it downloads
 * its binary the first time `require('electron')` runs, but electron-vite looks for the binary before
 * that and stops with a bare "Electron uninstall". So the download runs here, through Electron's own
 * installer, and a failure becomes one sentence a new user can act on.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** @returns {string | null} */
function installerPath() {
  try {
    return require.resolve('electron/install.js')
  } catch {
    return null
  }
}

/** The installer prints a whole stack; its first "SomethingError: …" line is the reason. */
/**
 * @param {string} installerOutput
 * @returns {string}
 */
export function downloadFailureReason(installerOutput) {
  const lines = installerOutput
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const errorLine = lines.find((line) => /^[A-Za-z]*Error\b/.test(line)) ?? lines[0]
  if (errorLine === undefined) return 'the installer stopped without saying why'
  // Node's fetch hides refused connections, DNS failures and missing routes behind these two words.
  return errorLine.endsWith('fetch failed')
    ? `${errorLine}: the download host could not be reached`
    : errorLine
}

const installer = installerPath()
if (installer === null) {
  console.error('Twofold could not find the electron package; run npm install first.')
  process.exit(1)
}
const result = spawnSync(process.execPath, [installer], {
  encoding: 'utf8',
  stdio: ['ignore', 'inherit', 'pipe'],
})
if (result.status !== 0) {
  const reason = result.error ? result.error.message : downloadFailureReason(result.stderr)
  console.error(
    `Twofold could not download Electron's binary (${reason}); check your network, or set ELECTRON_MIRROR to a mirror you can reach, then run npm start again.`,
  )
  process.exit(1)
}
