import type { AccountSummary } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import type { TrashedAccount } from '../../../shared/domain/views.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { normalizePhone } from '../phone/normalize-phone.ts'
import type { Vault } from '../vault/vault.ts'
import {
  authenticatorFrom,
  draftAsStored,
  draftNewAccount,
  type AccountPatchRequest,
  type AuthenticatorRequest,
  type NewAccountDraft,
  type NewAccountRequest,
} from './account-request.ts'
import { toSummary } from './account-rows.ts'
import type { AuditTrail } from './audit-trail.ts'
import { openAccountStore } from './open-stores.ts'
import type { PostureFlags } from './posture-flags.ts'
import type { PreparedSecrets } from './prepared-secrets.ts'
import { secretFingerprint } from '../crypto/secret-fingerprint.ts'
import type { SettingsService } from './settings-service.ts'
import { stripUndefined } from './strip-undefined.ts'

/** Deleted accounts stay restorable this long. */
const TRASH_DAYS = 30
const DAY_MS = 24 * 60 * 60_000

export interface AccountEditingParts {
  vault: Vault
  audit: AuditTrail
  settings: SettingsService
  flags: PostureFlags
  /** The codes' decrypted secrets, forgotten here when an account's secret changes or is trashed. */
  secrets: PreparedSecrets
  now: () => number
}

/** Adding, changing, trashing and restoring accounts; each answer carries the flags that name them. */
export class AccountEditing {
  readonly #vault: Vault
  readonly #audit: AuditTrail
  readonly #settings: SettingsService
  readonly #flags: PostureFlags
  readonly #secrets: PreparedSecrets
  readonly #now: () => number

  constructor(parts: AccountEditingParts) {
    this.#vault = parts.vault
    this.#audit = parts.audit
    this.#settings = parts.settings
    this.#flags = parts.flags
    this.#secrets = parts.secrets
    this.#now = parts.now
  }

  /** The warnings the new account would raise; nothing is written. */
  previewAdd(request: NewAccountRequest): PostureFlag[] {
    const draft = this.#draft(request)
    try {
      const key = this.#vault.requireKey()
      const probeId = '__new-account__'
      const hypothetical = draftAsStored(
        draft.account,
        probeId,
        new Date(this.#now()).toISOString(),
        draft.account.authenticator
          ? secretFingerprint(key, draft.account.authenticator.secret).toString('hex')
          : null,
      )
      return this.#flags
        .over([...this.#store().list(), hypothetical])
        .filter(
          (flag) =>
            flag.accountIds.includes(probeId) &&
            flag.severity !== 'info' &&
            flag.kind !== 'backup-codes-missing',
        )
    } finally {
      draft.dispose()
    }
  }

  add(request: NewAccountRequest): { account: AccountSummary; flags: PostureFlag[] } {
    const draft = this.#draft(request)
    try {
      const account = this.#store().add(draft.account)
      return { account: toSummary(account), flags: this.#flags.of(account.id) }
    } finally {
      draft.dispose()
    }
  }

  update(id: string, patch: AccountPatchRequest): { account: AccountSummary; flags: PostureFlag[] } {
    const region = this.#settings.read().defaultPhoneRegion
    const phone = (value: string | null | undefined) =>
      value === undefined
        ? undefined
        : value === null || value.trim() === ''
          ? null
          : normalizePhone(value, region).e164
    const sms = phone(patch.sms)
    const whatsapp = phone(patch.whatsapp)
    const account = this.#store().update(id, {
      ...stripUndefined({
        handle: patch.handle,
        displayName: patch.displayName,
        issuer: patch.issuer,
        label: patch.label,
        notes: patch.notes,
        tags: patch.tags,
      }),
      ...(patch.clientName !== undefined ? { clientName: patch.clientName } : {}),
      ...(sms !== undefined ? { sms } : {}),
      ...(whatsapp !== undefined ? { whatsapp } : {}),
    })
    return { account: toSummary(account), flags: this.#flags.of(id) }
  }

  /** Replaces an account's authenticator (a new secret from the service), verified like a new one. */
  replaceAuthenticator(
    id: string,
    input: AuthenticatorRequest,
    verificationCode?: string,
  ): { account: AccountSummary; flags: PostureFlag[] } {
    this.#store().get(id)
    const authenticator = authenticatorFrom(input, verificationCode, this.#now)
    try {
      const account = this.#store().update(id, { authenticator })
      this.#secrets.forget(id)
      return { account: toSummary(account), flags: this.#flags.of(id) }
    } finally {
      wipe(authenticator.secret)
    }
  }

  setPhoneVerified(id: string, kind: 'sms' | 'whatsapp', verified: boolean): AccountSummary {
    this.#store().setPhoneVerified(id, kind, verified)
    return toSummary(this.#store().get(id))
  }

  trash(ids: readonly string[]): number {
    for (const id of ids) {
      this.#store().trash(id)
      this.#secrets.forget(id)
    }
    return ids.length
  }

  restore(ids: readonly string[]): number {
    for (const id of ids) this.#store().restore(id)
    return ids.length
  }

  /** The trash, after emptying it of accounts deleted more than `TRASH_DAYS` ago. */
  listTrash(): TrashedAccount[] {
    const store = this.#store()
    store.purgeTrash(new Date(this.#now() - TRASH_DAYS * DAY_MS).toISOString())
    return store.listTrash().map((entry) => ({
      ...entry,
      purgeAt: new Date(Date.parse(entry.deletedAt) + TRASH_DAYS * DAY_MS).toISOString(),
    }))
  }

  bulkUpdate(
    ids: readonly string[],
    change: {
      clientName?: string | null | undefined
      addTags?: string[] | undefined
      removeTags?: string[] | undefined
    },
  ): number {
    return this.#store().bulkUpdate(ids, stripUndefined(change))
  }

  #draft(request: NewAccountRequest): NewAccountDraft {
    return draftNewAccount(request, this.#settings.read().defaultPhoneRegion, this.#now)
  }

  #store() {
    return openAccountStore(this.#vault, this.#audit, this.#now)
  }
}
