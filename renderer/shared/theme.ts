import type { VaultSettings } from '../../shared/domain/views.ts'

type Theme = VaultSettings['theme']
const STORAGE_KEY = 'twofold.theme'

/**
 * Light or dark by choice, or following the OS (`system`, the default: no attribute, the CSS media
 * query decides). The choice lives in the vault; a copy in localStorage lets the lock screen match it
 * before the vault can be read. It is not sensitive.
 */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
  try {
    localStorage.setItem(STORAGE_KEY, theme)
  } catch {
    // Storage can be unavailable (a locked-down profile); the theme still applies for this session.
  }
}

export function restoreTheme(): void {
  let stored: string | null
  try {
    stored = localStorage.getItem(STORAGE_KEY)
  } catch {
    return
  }
  if (stored === 'light' || stored === 'dark') document.documentElement.dataset.theme = stored
}
