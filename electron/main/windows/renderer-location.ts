import { appPageUrl } from './app-protocol.ts'

/**
 * Where a window's page comes from: the dev server in `electron-vite dev` (never in a packaged app),
 * out/renderer through the app's own `twofold://` scheme otherwise. The same answer decides which
 * senders main trusts.
 */
export interface RendererLocation {
  load: { url: string }
  isOwnPage: (url: string) => boolean
}

/** `devServerUrl` comes from the launch policy, which gives one only to an unpackaged app. */
export function rendererLocation(windowName: string, devServerUrl: string | null): RendererLocation {
  if (devServerUrl) {
    const origin = new URL(devServerUrl).origin
    return {
      load: { url: `${devServerUrl}/${windowName}/index.html` },
      isOwnPage: (url) => safeUrl(url)?.origin === origin,
    }
  }
  const page = appPageUrl(windowName)
  return {
    load: { url: page },
    // The page itself (minus query and hash) must match: one window's page is not the other's.
    isOwnPage: (url) => url.split(/[?#]/, 1)[0] === page,
  }
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
