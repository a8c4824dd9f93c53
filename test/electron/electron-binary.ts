import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Finds the Electron binary the way the `electron` package would, without loading that package:
 * `require('electron')` from Node starts a download when the binary is absent, and the download is
 * not possible everywhere (CI here has no route to it).
 */
export function findElectronBinary(root = process.cwd()): { path: string } | { missing: string } {
  const packageDir = join(root, 'node_modules', 'electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile))
    return { missing: 'node_modules/electron/path.txt is absent (the Electron binary was never downloaded)' }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return { missing: `the Electron binary named in path.txt is absent (${binary})` }
  return { path: binary }
}
