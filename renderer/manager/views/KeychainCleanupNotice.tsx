import { KeyRound } from 'lucide-react'
import type { VaultStatus } from '../../../shared/domain/vault.ts'

const FORMER_KEY_MESSAGE =
  "The system keychain still holds this vault's former key: removing it failed. Twofold tries again each time you unlock. The old key no longer opens the vault."

/**
 * Shown above every view while the system keychain still holds the key a password replaced: people
 * must not believe the old key is gone when removing it failed.
 */
export function KeychainCleanupNotice({ status }: { status: VaultStatus }) {
  if (!status.keychainCleanupPending) return null
  return (
    <section className="notice keychain-cleanup-notice" aria-label="Former key in the keychain">
      <KeyRound aria-hidden="true" className="message-icon" />
      <p>{FORMER_KEY_MESSAGE}</p>
    </section>
  )
}
