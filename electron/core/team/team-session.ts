import type { TeamResponse, TeamRoute } from '../../../shared/team/team-api.ts'
import type { AuditTrail } from '../accounts/audit-trail.ts'
import { TwofoldError } from '../errors.ts'
import { signDeviceCertificate, type DeviceCertificate } from './crypto/device-certificate.ts'
import type { Vault } from '../vault/vault.ts'
import { TeamClient, type TeamCall } from './team-client.ts'
import type { Membership } from './team-membership-store.ts'
import { TeamStore } from './team-store.ts'

export interface TeamParts {
  vault: Vault
  audit: AuditTrail
  now: () => number
  /** Tests and the app may route requests elsewhere; the default is Node's own fetch. */
  fetch?: typeof fetch
  /** Sync or a share wrote local accounts (their secrets may have changed under a cache). */
  accountsWritten?: () => void
}

/**
 * One joined device's way to the server and its local team state: every call is signed with the
 * device's signing key, opened from the vault for that call and wiped after it.
 */
export class TeamSession {
  readonly parts: TeamParts
  readonly client: TeamClient

  constructor(parts: TeamParts, membership: Membership) {
    this.parts = parts
    this.client = new TeamClient(membership.serverUrl, {
      now: parts.now,
      ...(parts.fetch ? { fetch: parts.fetch } : {}),
    })
  }

  store(): TeamStore {
    return new TeamStore(this.parts.vault.requireUnlockedDatabase(), this.parts.vault.keyAccess())
  }

  membership(): Membership {
    return this.store().requireMembership()
  }

  get teamId(): string {
    return this.membership().teamId
  }

  at(): string {
    return new Date(this.parts.now()).toISOString()
  }

  async call<R extends TeamRoute>(
    route: R,
    call: Omit<TeamCall<R>, 'params'> & { params?: Record<string, string> },
  ): Promise<TeamResponse<R>> {
    const store = this.store()
    const membership = store.requireMembership()
    const keys = store.privateKeys()
    keys.agreement.fill(0)
    try {
      return await this.client.call(
        route,
        { ...call, params: { team: membership.teamId, ...call.params } } as TeamCall<R>,
        { teamId: membership.teamId, deviceId: membership.deviceId, signingPrivateKey: keys.signing },
      )
    } finally {
      keys.signing.fill(0)
    }
  }

  /** The team's live event stream, opened with a token signed for this connection. */
  async openEvents(signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const membership = this.membership()
    const signing = this.signingKey()
    try {
      return await this.client.openEvents(
        { teamId: membership.teamId, deviceId: membership.deviceId, signingPrivateKey: signing },
        signal,
      )
    } finally {
      signing.fill(0)
    }
  }

  /**
   * A certificate of `device` — its member, role and public keys — signed now with this device's key:
   * what an admin's Twofold hands the server to confirm a join, certify a device again or change a role.
   */
  certify(device: Omit<DeviceCertificate, 'teamId' | 'issuedAt'>): { certificate: Buffer; issuedAt: string } {
    const issuedAt = this.at()
    const signing = this.signingKey()
    try {
      const certificate = signDeviceCertificate(signing, {
        teamId: this.membership().teamId,
        ...device,
        issuedAt,
      })
      return { certificate, issuedAt }
    } finally {
      signing.fill(0)
    }
  }

  /** The device's signing private key for a certificate; the caller wipes it. */
  signingKey(): Buffer {
    const keys = this.store().privateKeys()
    keys.agreement.fill(0)
    return keys.signing
  }

  /** The device's agreement private key for unwrapping; the caller wipes it. */
  agreementKey(): Buffer {
    const keys = this.store().privateKeys()
    keys.signing.fill(0)
    return keys.agreement
  }

  requireAdmin(toDoWhat: string): Membership {
    const membership = this.membership()
    if (membership.role === 'member')
      throw new TwofoldError('team-forbidden', `Only the team's owner and admins can ${toDoWhat}.`)
    return membership
  }
}
