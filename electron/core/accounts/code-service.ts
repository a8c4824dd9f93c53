import type { CodeView } from '../../../shared/domain/views.ts'
import type { Clipboard } from '../clipboard/clipboard.ts'
import { generateCode, timeStepAt } from '../engine/generate-code.ts'
import type { PreparedSecret } from '../engine/prepared-secret.ts'
import { isTwofoldError, TwofoldError } from '../errors.ts'
import type { Vault } from '../vault/vault.ts'
import type { AuditTrail } from './audit-trail.ts'
import { openAccountStore } from './open-stores.ts'
import type { PreparedSecrets } from './prepared-secrets.ts'

const COPY_NEXT_BELOW_MS = 5_000

export interface CodeServiceParts {
  vault: Vault
  audit: AuditTrail
  /** Wiped here when the vault locks. */
  secrets: PreparedSecrets
  clipboard: Clipboard
  now: () => number
}

/** The accounts' current codes: shown, copied, and each use recorded (an HOTP counter moves on). */
export class CodeService {
  readonly #vault: Vault
  readonly #audit: AuditTrail
  readonly #secrets: PreparedSecrets
  readonly #clipboard: Clipboard
  readonly #now: () => number

  constructor(parts: CodeServiceParts) {
    this.#vault = parts.vault
    this.#audit = parts.audit
    this.#secrets = parts.secrets
    this.#clipboard = parts.clipboard
    this.#now = parts.now
    parts.vault.onStateChanged((status) => {
      if (status.state !== 'unlocked') this.#secrets.wipeAll()
    })
  }

  /**
   * Another writer (team sync, the CLI while the app runs) changed authenticators behind this service:
   * the decrypted secrets are read afresh when next wanted.
   */
  forgetPreparedSecrets(): void {
    this.#secrets.wipeAll()
  }

  codes(accountIds: readonly string[], nowMs = this.#now()): CodeView[] {
    const store = this.#store()
    const views: CodeView[] = []
    let damaged: TwofoldError | null = null
    for (const accountId of accountIds) {
      let secret: PreparedSecret | null
      try {
        secret = this.#secrets.get(accountId)
      } catch (error) {
        // One damaged or altered row must not blank the codes of every other account on the page; it
        // is refused on its own (copying its code names the problem).
        if (!isTwofoldError(error, 'vault-tampered')) throw error
        damaged ??= error
        continue
      }
      if (!secret) continue
      if (secret.params.type === 'hotp') {
        const counter = store.readCounter(accountId)
        views.push({
          accountId,
          code: generateCode(secret, { nowMs, counter }),
          validFrom: nowMs,
          validUntil: null,
          period: null,
        })
      } else {
        const period = secret.params.period
        const step = timeStepAt(period, nowMs)
        views.push({
          accountId,
          code: generateCode(secret, { nowMs }),
          validFrom: step * period * 1000,
          validUntil: (step + 1) * period * 1000,
          period,
        })
      }
    }
    if (damaged && views.length === 0) throw damaged
    return views
  }

  /**
   * Puts an account's code on the clipboard. With less than 5 s left a code would expire while being
   * pasted, so the next period's code goes instead, and the answer says so.
   */
  async copyCode(accountId: string): Promise<{ code: string; next: boolean; validUntil: number | null }> {
    const nowMs = this.#now()
    const [current] = this.codes([accountId], nowMs)
    if (!current)
      throw new TwofoldError(
        'method-not-allowed',
        'This account has no authenticator secret to copy a code from.',
      )
    let view = current
    let next = false
    if (current.validUntil !== null && current.validUntil - nowMs < COPY_NEXT_BELOW_MS) {
      const [following] = this.codes([accountId], current.validUntil)
      if (following) {
        view = following
        next = true
      }
    }
    // Recorded first: on a full disk the copy fails as a whole instead of leaving an unrecorded code
    // (or an HOTP counter that did not move) on the clipboard.
    this.recordCodeUse(accountId)
    await this.#clipboard.writeText(view.code)
    return { code: view.code, next, validUntil: view.validUntil }
  }

  /** A person copied (or was shown, in the CLI) a code: audit it; an HOTP counter moves on. */
  recordCodeUse(accountId: string): void {
    const store = this.#store()
    const account = store.get(accountId)
    if (account.methods.authenticator?.type === 'hotp') store.advanceCounter(accountId)
    this.#audit.log().append('code.copied', accountId)
  }

  #store() {
    return openAccountStore(this.#vault, this.#audit, this.#now)
  }
}
