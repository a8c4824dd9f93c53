import { randomUUID } from 'node:crypto'
import { currentActor } from '../audit/audit-log.ts'
import { TwofoldError } from '../errors.ts'
import { journalHead } from '../store/change-journal.ts'
import { toBase64url } from './crypto/base64url.ts'
import { signDeviceCertificate } from './crypto/device-certificate.ts'
import { generateDeviceKeys } from './crypto/device-keys.ts'
import { deviceFingerprint } from './crypto/fingerprint.ts'
import { decodeInviteCode, inviteAuth, joinProof } from './crypto/invite-secret.ts'
import { TeamClient } from './team-client.ts'
import type { TeamParts } from './team-session.ts'
import { TeamStore } from './team-store.ts'

/*
 * How a device enters a team: creating it (the first device, the owner's) or joining with an invite.
 * Both make the device's keys, register them, and keep the membership sealed in the local vault.
 */

function localStore(parts: TeamParts): TeamStore {
  return new TeamStore(parts.vault.requireUnlockedDatabase(), parts.vault.keyAccess())
}

export async function createTeam(
  parts: TeamParts,
  request: {
    server: string
    setupCode: string
    teamName: string
    memberName?: string
  },
): Promise<{
  team: string
  fingerprint: string
}> {
  assertNotJoined(parts)
  const client = teamClient(parts, request.server)
  const teamId = randomUUID()
  const memberId = randomUUID()
  const deviceId = randomUUID()
  const memberName = request.memberName?.trim() || currentActor()
  const keys = generateDeviceKeys()
  try {
    const issuedAt = new Date(parts.now()).toISOString()
    const certificate = signDeviceCertificate(keys.signing.privateKey, {
      teamId,
      memberId,
      deviceId,
      role: 'owner',
      agreementKey: keys.agreement.publicKey,
      signingKey: keys.signing.publicKey,
      issuedAt,
    })
    const signingKey = toBase64url(keys.signing.publicKey)
    const agreementKey = toBase64url(keys.agreement.publicKey)
    await client.call('team:create', {
      body: {
        setupCode: request.setupCode,
        teamId,
        teamName: request.teamName,
        memberId,
        memberName,
        device: { deviceId, agreementKey, signingKey, certificate: toBase64url(certificate), issuedAt },
      },
    })
    saveMembership(
      parts,
      {
        deviceId,
        serverUrl: client.server,
        teamId,
        teamName: request.teamName.trim(),
        memberId,
        memberName,
        role: 'owner',
        deviceStatus: 'active',
        agreementPublicKey: agreementKey,
        signingPublicKey: signingKey,
        ownerSigningKey: signingKey,
        inviterSigningKey: null,
      },
      keys,
    )
    return {
      team: request.teamName.trim(),
      fingerprint: deviceFingerprint(keys.agreement.publicKey, keys.signing.publicKey),
    }
  } finally {
    keys.agreement.privateKey.fill(0)
    keys.signing.privateKey.fill(0)
  }
}

/**
 * Joins with an invite code: the device waits until an admin's Twofold checks its proof and confirms it.
 * A device code (twofold team add-device) joins the member it was made for, under that member's name.
 */
export async function joinTeam(
  parts: TeamParts,
  request: {
    code: string
    memberName?: string
  },
): Promise<{ team: string; member: string; anotherDevice: boolean; fingerprint: string; status: string }> {
  assertNotJoined(parts)
  const invite = decodeInviteCode(request.code)
  try {
    const anotherDevice = invite.forDevice === true
    if (anotherDevice && request.memberName?.trim())
      throw new TwofoldError(
        'invalid-request',
        'This code adds a device to a member already in the team: it joins under their name, so leave out the name.',
        { field: 'name' },
      )
    const client = teamClient(parts, invite.server)
    const deviceId = randomUUID()
    const keys = generateDeviceKeys()
    try {
      const proof = joinProof(invite.secret, {
        teamId: invite.teamId,
        inviteId: invite.inviteId,
        agreementKey: keys.agreement.publicKey,
        signingKey: keys.signing.publicKey,
      })
      const agreementKey = toBase64url(keys.agreement.publicKey)
      const signingKey = toBase64url(keys.signing.publicKey)
      const answer = await client.call('team:join', {
        params: { team: invite.teamId },
        body: {
          inviteId: invite.inviteId,
          inviteAuth: toBase64url(inviteAuth(invite.secret)),
          device: { deviceId, agreementKey, signingKey },
          proof: toBase64url(proof),
        },
      })
      const me = await client.call(
        'team:me',
        { params: { team: invite.teamId } },
        { teamId: invite.teamId, deviceId, signingPrivateKey: keys.signing.privateKey },
      )
      saveMembership(
        parts,
        {
          deviceId,
          serverUrl: client.server,
          teamId: invite.teamId,
          teamName: me.team.name,
          memberId: answer.memberId,
          memberName: request.memberName?.trim() || me.member.name,
          role: me.member.role,
          deviceStatus: answer.status,
          agreementPublicKey: agreementKey,
          signingPublicKey: signingKey,
          // Pinned at the first sync that shows the inviting admin's device chaining to the owner.
          ownerSigningKey: null,
          inviterSigningKey: toBase64url(invite.adminSigningKey),
        },
        keys,
      )
      return {
        team: me.team.name,
        member: me.member.name,
        anotherDevice,
        fingerprint: deviceFingerprint(keys.agreement.publicKey, keys.signing.publicKey),
        status: answer.status,
      }
    } finally {
      keys.agreement.privateKey.fill(0)
      keys.signing.privateKey.fill(0)
    }
  } finally {
    invite.secret.fill(0)
  }
}

function teamClient(parts: TeamParts, server: string): TeamClient {
  return new TeamClient(server, {
    now: parts.now,
    ...(parts.fetch ? { fetch: parts.fetch } : {}),
  })
}

function assertNotJoined(parts: TeamParts): void {
  const membership = localStore(parts).membership()
  if (membership)
    throw new TwofoldError('team-refused', `This vault is already part of the team ${membership.teamName}.`)
}

function saveMembership(
  parts: TeamParts,
  membership: Parameters<TeamStore['saveMembership']>[0],
  keys: ReturnType<typeof generateDeviceKeys>,
): void {
  const store = localStore(parts)
  store.saveMembership(
    membership,
    { agreement: keys.agreement.privateKey, signing: keys.signing.privateKey },
    new Date(parts.now()).toISOString(),
  )
  // Edits made before the team existed are not the team's to hear about.
  store.updateMembership({ pushedJournalSeq: journalHead(store.db) })
}
