/**
 * Twofold tries the keychain by itself once per window load, and only when the vault was already
 * locked at that moment. After a person presses Lock, the unlock screen must stay put: unlocking
 * straight back would make Lock useless. So any other screen spends the one chance too.
 */
let available = true

/** True the first time it is called in this page load, false ever after. */
export function takeAutoUnlockChance(): boolean {
  const taken = available
  available = false
  return taken
}

export function spendAutoUnlockChance(): void {
  available = false
}
