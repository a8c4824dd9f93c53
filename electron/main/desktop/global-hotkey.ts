import { globalShortcut } from 'electron'

/**
 * Registers the quick-popup hotkey, replacing the previous one. Returns a sentence for the settings
 * screen when the OS refuses it — most often because another app already holds that combination.
 */
export function registerHotkey(
  current: string | null,
  next: string,
  onPress: () => void,
): { registered: string | null; problem: string | null } {
  if (current) globalShortcut.unregister(current)
  if (!next) return { registered: null, problem: null }
  try {
    if (globalShortcut.register(next, onPress)) return { registered: next, problem: null }
    return {
      registered: null,
      problem: `${next} is taken by another app. Choose another shortcut in Settings.`,
    }
  } catch {
    return {
      registered: null,
      problem: `${next} is not a shortcut Twofold can use. Choose another in Settings.`,
    }
  }
}
