import type { TeamRequest } from '../../../shared/team/team-api.ts'
import { TwofoldError } from '../errors.ts'
import { encodeRecord, readLocalRecord } from './account-record.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import { FIRST_KEY_VERSION, newClientKey } from './crypto/client-key.ts'
import { deviceFingerprint } from './crypto/fingerprint.ts'
import { verifyJoinProof } from './crypto/invite-secret.ts'
import { sealClientName, sealRecord } from './crypto/record-seal.ts'
import { adminDevices, devicesOf, memberNamed, readRoster, type Roster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'
import { wrapFor, wrapWith } from './signed-key-wrap.ts'
import { rotatedInboxKey, serverInboxKeys, type InboxKeyView } from './team-inbox-keys.ts'
import { recertifyCertifiedBy } from './team-recertify.ts'

export interface JoinCheck {
  member: string
  confirmed: boolean
  /** Why a join was not confirmed: a person should hear of it (the server may have swapped keys). */
  problem?: string
}

/**
 * An admin's half of a join: each pending device whose proof verifies with the invite secret this
 * device kept is certified and given the keys of the clients its member holds. A proof that does not
 * verify is refused and reported — the keys it carries may be the server's, not the invitee's.
 */
export async function confirmJoins(session: TeamSession, roster: Roster): Promise<JoinCheck[]> {
  const membership = session.membership()
  if (membership.role === 'member') return []
  const checks: JoinCheck[] = []
  for (const device of roster.devices) {
    if (device.status !== 'pending' || !device.joinProof || !device.inviteId) continue
    const invite = session.store().keptInvite(device.inviteId)
    if (!invite) continue
    const member = roster.members.find((entry) => entry.memberId === device.memberId)
    try {
      const keys = {
        teamId: membership.teamId,
        inviteId: invite.inviteId,
        agreementKey: fromBase64url(device.agreementKey, 'agreement key', 32),
        signingKey: fromBase64url(device.signingKey, 'signing key', 32),
      }
      const proofOk =
        member !== undefined &&
        member.memberId === invite.memberId &&
        verifyJoinProof(invite.secret, keys, fromBase64url(device.joinProof, 'join proof', 32))
      if (!proofOk) {
        checks.push({
          member: member?.name ?? invite.memberName,
          confirmed: false,
          problem: `The join of ${invite.memberName} did not prove it holds the invite secret: its keys were not trusted. Make a new invite.`,
        })
        continue
      }
      const { certificate, issuedAt } = session.certify({
        memberId: member.memberId,
        deviceId: device.deviceId,
        role: member.role,
        agreementKey: keys.agreementKey,
        signingKey: keys.signingKey,
      })
      const clientIds =
        member.role === 'member'
          ? member.clientIds
          : session
              .store()
              .teamClients()
              .map((row) => row.teamClientId)
      const wrappedKeys = []
      for (const clientId of clientIds) {
        const client = session.store().teamClient(clientId)
        if (!client) continue
        wrappedKeys.push({
          clientId,
          keyVersion: client.keyVersion,
          ...(await wrapFor(session, device, clientId, client.keyVersion)),
        })
      }
      await session.call('team:confirm-device', {
        params: { device: device.deviceId },
        body: { certificate: toBase64url(certificate), issuedAt, wrappedKeys },
      })
      session.store().forgetInvite(invite.inviteId)
      checks.push({ member: member.name, confirmed: true })
    } finally {
      invite.secret.fill(0)
    }
  }
  return checks
}

/** A local client and its accounts join the team: a fresh client key, wrapped to every admin device. */
export async function shareClient(session: TeamSession, clientName: string): Promise<{ accounts: number }> {
  const membership = session.requireAdmin('share a client')
  const store = session.store()
  const local = store.db.prepare('SELECT id, name FROM clients WHERE name = ?').get(clientName.trim()) as
    { id: string; name: string } | undefined
  if (!local) throw new TwofoldError('client-not-found', `There is no client named "${clientName.trim()}".`)
  if (store.teamClientOfLocal(local.id))
    throw new TwofoldError('team-refused', `${local.name} is already shared with the team.`)
  const roster = await readRoster(session)
  const teamClientId = local.id
  const keyVersion = FIRST_KEY_VERSION
  const key = newClientKey()
  try {
    const accountIds = store.db
      .prepare('SELECT id FROM accounts WHERE client_id = ? AND deleted_at IS NULL')
      .pluck()
      .all(local.id) as string[]
    const records = accountIds.map((accountId) => {
      const record = readLocalRecord(store.db, store.keys, accountId)
      const plaintext = encodeRecord(record)
      try {
        const sealed = sealRecord(key, plaintext, {
          teamId: membership.teamId,
          clientId: teamClientId,
          accountId,
          keyVersion,
          revision: 1,
        })
        return { accountId, record, sealed: toBase64url(sealed) }
      } finally {
        plaintext.fill(0)
      }
    })
    const wrappedKeys = []
    for (const device of adminDevices(roster)) {
      wrappedKeys.push({
        deviceId: device.deviceId,
        ...(await wrapWith(session, device, teamClientId, keyVersion, key)),
      })
    }
    await session.call('team:share-client', {
      body: {
        clientId: teamClientId,
        sealedName: toBase64url(
          sealClientName(key, local.name, { teamId: membership.teamId, clientId: teamClientId, keyVersion }),
        ),
        keyVersion,
        wrappedKeys,
        records: records.map(({ accountId, sealed }) => ({
          clientId: teamClientId,
          accountId,
          baseRevision: 0,
          keyVersion,
          sealed,
          deleted: false,
        })),
      },
    })
    const write = session.store()
    write.db.transaction(() => {
      write.keys.forSealing()
      write.saveTeamClient({ teamClientId, clientId: local.id, keyVersion })
      write.saveClientKey(teamClientId, keyVersion, key)
      for (const { accountId, record } of records) {
        write.saveTeamAccount(
          { accountId, teamClientId, revision: 1, keyVersion, exposedSince: null },
          record,
        )
        write.noteChange(accountId, membership.memberName, session.at())
      }
    })()
    return { accounts: records.length }
  } finally {
    key.fill(0)
  }
}

export function teamClientNamed(session: TeamSession, clientName: string): string {
  const store = session.store()
  const local = store.db.prepare('SELECT id FROM clients WHERE name = ?').pluck().get(clientName.trim()) as
    string | undefined
  const team = local ? store.teamClientOfLocal(local) : null
  if (!team)
    throw new TwofoldError('client-not-found', `There is no team client named "${clientName.trim()}".`)
  return team.teamClientId
}

/** Gives a member a client: its current key wrapped to each of that member's trusted devices. */
export async function grantClient(
  session: TeamSession,
  memberName: string,
  clientName: string,
): Promise<void> {
  session.requireAdmin('grant clients')
  const clientId = teamClientNamed(session, clientName)
  const roster = await readRoster(session)
  const member = memberNamed(roster, memberName)
  const client = session.store().teamClient(clientId)
  if (!client) throw new TwofoldError('client-not-found', 'That client is not shared with the team.')
  const wrappedKeys = []
  for (const device of devicesOf(roster, member.memberId)) {
    wrappedKeys.push({
      deviceId: device.deviceId,
      keyVersion: client.keyVersion,
      ...(await wrapFor(session, device, clientId, client.keyVersion)),
    })
  }
  await session.call('team:grant', { body: { memberId: member.memberId, clientId, wrappedKeys } })
}

type Rotation = TeamRequest<'team:revoke'>['rotation']

/**
 * A client's key replaced: every record re-sealed under a new key, wrapped for every trusted device
 * that keeps the client (admins', and members' who hold it, except the member or device `leaving`).
 * Built from the records as last agreed with the server, so the device should have synced first. A
 * client with a code inbox (a key in `inboxKeys`) gets a new inbox key pair too, sealed under the new
 * key, with its keys in use until now re-sealed under it as well (for the messages sealed to them).
 */
async function rotation(
  session: TeamSession,
  roster: Roster,
  clientId: string,
  leaving: { memberId?: string; deviceId?: string },
  inboxKeys: ReadonlyMap<string, readonly InboxKeyView[]>,
): Promise<Rotation> {
  const store = session.store()
  const client = store.teamClient(clientId)
  if (!client) throw new TwofoldError('client-not-found', 'That client is not shared with the team.')
  const newKeyVersion = client.keyVersion + 1
  const key = newClientKey()
  try {
    const name = store.db
      .prepare('SELECT name FROM clients WHERE id = ?')
      .pluck()
      .get(client.clientId) as string
    const records = store.teamAccounts(clientId).map((row) => {
      const plaintext = encodeRecord(store.agreedRecord(row.accountId))
      try {
        const sealed = sealRecord(key, plaintext, {
          teamId: session.teamId,
          clientId,
          accountId: row.accountId,
          keyVersion: newKeyVersion,
          revision: row.revision,
        })
        return { accountId: row.accountId, revision: row.revision, sealed: toBase64url(sealed) }
      } finally {
        plaintext.fill(0)
      }
    })
    const keepers = roster.members.filter(
      (member) =>
        member.memberId !== leaving.memberId &&
        member.status !== 'removed' &&
        (member.role !== 'member' || member.clientIds.includes(clientId)),
    )
    const wrappedKeys = []
    for (const member of keepers) {
      for (const device of devicesOf(roster, member.memberId)) {
        if (device.deviceId === leaving.deviceId) continue
        wrappedKeys.push({
          deviceId: device.deviceId,
          ...(await wrapWith(session, device, clientId, newKeyVersion, key)),
        })
      }
    }
    return {
      clientId,
      newKeyVersion,
      sealedName: toBase64url(
        sealClientName(key, name, { teamId: session.teamId, clientId, keyVersion: newKeyVersion }),
      ),
      records,
      backupCodes: [],
      wrappedKeys,
      ...(inboxKeys.has(clientId)
        ? {
            inboxKey: rotatedInboxKey(session, clientId, newKeyVersion, key, inboxKeys.get(clientId) ?? []),
          }
        : {}),
    }
  } finally {
    key.fill(0)
  }
}

/** Takes a client from a member, rotating its key so what the member kept of the old one opens nothing new. */
export async function revokeClient(
  session: TeamSession,
  memberName: string,
  clientName: string,
): Promise<void> {
  session.requireAdmin('revoke clients')
  const clientId = teamClientNamed(session, clientName)
  const roster = await readRoster(session)
  const member = memberNamed(roster, memberName)
  await session.call('team:revoke', {
    body: {
      memberId: member.memberId,
      clientId,
      rotation: await rotation(
        session,
        roster,
        clientId,
        { memberId: member.memberId },
        await inboxKeysByClient(session),
      ),
    },
  })
}

/** Removes a member: refused by the server at once, and every client the member held rotated in one request. */
export async function removeMember(session: TeamSession, memberName: string): Promise<{ rotated: number }> {
  const membership = session.requireAdmin('remove members')
  const roster = await readRoster(session)
  const member = memberNamed(roster, memberName)
  if (member.memberId === membership.memberId)
    throw new TwofoldError('team-refused', 'You cannot remove yourself.')
  if (member.role === 'owner') throw new TwofoldError('team-forbidden', "The team's owner cannot be removed.")
  if (member.role !== 'member') {
    const leaving = roster.devices.filter((device) => device.memberId === member.memberId)
    await recertifyCertifiedBy(session, roster, new Set(leaving.map((device) => device.deviceId)))
  }
  // Someone invited who never got a device certified never received a key: nothing to rotate (and the
  // server refuses a rotation of a client they never held). Removing them takes the invite back.
  const everCertified = roster.devices.some(
    (device) => device.memberId === member.memberId && device.certificate !== null,
  )
  const rotations = await rotateEach(session, roster, everCertified ? clientsHeld(session, member) : [], {
    memberId: member.memberId,
  })
  await session.call('team:remove-member', { params: { member: member.memberId }, body: { rotations } })
  return { rotated: rotations.length }
}

/**
 * Removes one device (lost, sold, replaced), named by the fingerprint `team members` shows, while its
 * member stays: refused by the server at once, and every client it could read rotated in one request.
 * Admins remove any device but the owner's; a member only their own other devices.
 */
export async function removeDevice(session: TeamSession, fingerprint: string): Promise<{ rotated: number }> {
  const membership = session.membership()
  const roster = await readRoster(session)
  const wanted = fingerprint.replace(/\s+/g, '')
  const device = roster.devices.find(
    (entry) =>
      entry.status !== 'removed' &&
      deviceFingerprint(
        fromBase64url(entry.agreementKey, 'agreement key', 32),
        fromBase64url(entry.signingKey, 'signing key', 32),
      ).replace(/ /g, '') === wanted,
  )
  const member = roster.members.find((entry) => entry.memberId === device?.memberId)
  if (!device || !member)
    throw new TwofoldError('team-refused', 'No device of the team has that fingerprint.')
  if (device.deviceId === membership.deviceId)
    throw new TwofoldError('team-refused', 'A device cannot remove itself: remove it from another device.')
  if (device.memberId !== membership.memberId) session.requireAdmin("remove another member's device")
  if (member.role === 'owner' && membership.role !== 'owner')
    throw new TwofoldError('team-forbidden', "Only the team's owner can remove the owner's devices.")
  // A device that was never certified never received a key: nothing to rotate.
  const held = device.certificate === null ? [] : clientsHeld(session, member)
  if (member.role !== 'member') await recertifyCertifiedBy(session, roster, new Set([device.deviceId]))
  const rotations = await rotateEach(session, roster, held, { deviceId: device.deviceId })
  await session.call('team:remove-device', { params: { device: device.deviceId }, body: { rotations } })
  return { rotated: rotations.length }
}

/** What a member could read: admins and the owner hold every client, a member those granted. */
function clientsHeld(
  session: TeamSession,
  member: { role: string; clientIds: readonly string[] },
): readonly string[] {
  if (member.role === 'member') return member.clientIds
  return session
    .store()
    .teamClients()
    .map((row) => row.teamClientId)
}

/** One rotation per held client this device knows, all sent in the one request (a removal, a demotion). */
export async function rotateEach(
  session: TeamSession,
  roster: Roster,
  clientIds: readonly string[],
  leaving: Parameters<typeof rotation>[3],
): Promise<Awaited<ReturnType<typeof rotation>>[]> {
  const rotations = []
  const inboxKeys = clientIds.length > 0 ? await inboxKeysByClient(session) : new Map()
  for (const clientId of clientIds) {
    if (session.store().teamClient(clientId))
      rotations.push(await rotation(session, roster, clientId, leaving, inboxKeys))
  }
  return rotations
}

/** The clients with a code inbox, each with the keys the server lists for it (current and earlier). */
async function inboxKeysByClient(session: TeamSession): Promise<Map<string, InboxKeyView[]>> {
  const byClient = new Map<string, InboxKeyView[]>()
  for (const key of await serverInboxKeys(session)) {
    const keys = byClient.get(key.clientId) ?? []
    keys.push(key)
    byClient.set(key.clientId, keys)
  }
  return byClient
}
