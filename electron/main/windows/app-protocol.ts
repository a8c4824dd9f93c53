import { extname, resolve, sep } from 'node:path'

/**
 * The built pages are served from `twofold://app/…` rather than `file://`: a file page may read any
 * file on the machine, while this scheme serves out/renderer and nothing else, and lets the
 * `grantFileProtocolExtraPrivileges` fuse be switched off. Electron-free, so Vitest can prove it.
 */
export const APP_SCHEME = 'twofold'
const APP_HOST = 'app'

/** Where a window's page lives, e.g. `twofold://app/manager/index.html`. */
export function appPageUrl(windowName: string): string {
  return `${APP_SCHEME}://${APP_HOST}/${windowName}/index.html`
}

/** The page types Vite's build writes; anything else is not ours to serve. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export interface AppFile {
  file: string
  contentType: string
}

/**
 * The file under `rendererDir` that a `twofold://app/…` request names, or null for any request that
 * would leave that folder (`..`, encoded or not), names another host, or asks for a type the build
 * never writes.
 */
export function resolveAppRequest(rendererDir: string, requestUrl: string): AppFile | null {
  let url: URL
  let path: string
  try {
    url = new URL(requestUrl)
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  if (path.includes('\0') || path.includes('\\')) return null
  const root = resolve(rendererDir)
  const file = resolve(root, `.${path}`)
  if (!file.startsWith(root + sep)) return null
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()]
  return contentType ? { file, contentType } : null
}
