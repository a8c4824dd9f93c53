import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { APP_SCHEME, resolveAppRequest } from './app-protocol.ts'

/**
 * Must run before the app is ready. `standard` gives the pages an origin of their own, so the CSP's
 * 'self' and module scripts work; `secure` treats it like https.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Serves the built pages from `rendererDir` (out/renderer, inside the asar when packaged). */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const found = resolveAppRequest(rendererDir, request.url)
    if (!found) return new Response(null, { status: 404 })
    try {
      const body = await readFile(found.file)
      return new Response(body, {
        headers: { 'content-type': found.contentType, 'x-content-type-options': 'nosniff' },
      })
    } catch {
      return new Response(null, { status: 404 })
    }
  })
}
