import type { z } from 'zod'
import type {
  backupCodeSetViewSchema,
  clientViewSchema,
  deviceViewSchema,
  memberViewSchema,
  recordViewSchema,
  TeamRole,
} from '../../../shared/team/team-api.ts'
import { EXPOSURE_COLUMNS, exposureOf, exposureView, type ExposureRow } from './exposure.ts'
import type { TeamTx } from './team-tx.ts'

export type MemberView = z.infer<typeof memberViewSchema>
export type DeviceView = z.infer<typeof deviceViewSchema>
export type ClientView = z.infer<typeof clientViewSchema>
export type RecordView = z.infer<typeof recordViewSchema>
export type BackupCodeSetView = z.infer<typeof backupCodeSetViewSchema>

const b64u = (bytes: Buffer) => bytes.toString('base64url')
const nullableB64u = (bytes: Buffer | null) => (bytes === null ? null : b64u(bytes))

export interface MemberRow {
  id: string
  name: string
  role: TeamRole
  status: MemberView['status']
  client_ids: string[] | null
}

const MEMBER_COLUMNS = `m.id, m.name, m.role, m.status,
  (SELECT array_agg(g.client_id ORDER BY g.client_id) FROM grants g
    WHERE g.team_id = m.team_id AND g.member_id = m.id) AS client_ids`

export function memberView(row: MemberRow): MemberView {
  return {
    memberId: row.id,
    name: row.name,
    role: row.role,
    status: row.status,
    // Admins and the owner hold every client: a leftover grant from before a promotion means nothing.
    clientIds: row.role === 'member' ? (row.client_ids ?? []) : [],
  }
}

export async function readMembers(tx: TeamTx, memberId?: string): Promise<MemberView[]> {
  const rows = await tx.query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.team_id = $1 AND ($2::uuid IS NULL OR m.id = $2)
     ORDER BY m.created_at, m.id`,
    [tx.teamId, memberId ?? null],
  )
  return rows.map(memberView)
}

interface DeviceRow {
  id: string
  member_id: string
  agreement_key: Buffer
  signing_key: Buffer
  status: DeviceView['status']
  certificate: Buffer | null
  issued_at: string | null
  certified_by: string | null
  join_proof: Buffer | null
  invite_id: string | null
}

/**
 * A join proof is for the admins' Twofold to check before certifying; other members never see one,
 * and nobody sees it once the device is certified.
 */
function deviceView(row: DeviceRow, showJoinProof: boolean): DeviceView {
  const pendingForAdmin = showJoinProof && row.status === 'pending'
  return {
    deviceId: row.id,
    memberId: row.member_id,
    agreementKey: b64u(row.agreement_key),
    signingKey: b64u(row.signing_key),
    status: row.status,
    certificate: nullableB64u(row.certificate),
    issuedAt: row.issued_at,
    certifiedBy: row.certified_by,
    joinProof: pendingForAdmin ? nullableB64u(row.join_proof) : null,
    inviteId: pendingForAdmin ? row.invite_id : null,
  }
}

const DEVICE_COLUMNS = `d.id, d.member_id, d.agreement_key, d.signing_key, d.status, d.certificate,
  d.issued_at, d.certified_by, d.join_proof, d.invite_id`

export async function readDevices(tx: TeamTx, filter: { deviceId?: string } = {}): Promise<DeviceView[]> {
  const rows = await tx.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.team_id = $1 AND ($2::uuid IS NULL OR d.id = $2)
     ORDER BY d.created_at, d.id`,
    [tx.teamId, filter.deviceId ?? null],
  )
  return rows.map((row) => deviceView(row, tx.isAdmin))
}

/** The owner's first device, which certified itself: the root every certificate chains to. */
export async function readOwnerDevice(tx: TeamTx): Promise<DeviceView | undefined> {
  const rows = await tx.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices d JOIN members m ON m.team_id = d.team_id AND m.id = d.member_id
     WHERE d.team_id = $1 AND m.role = 'owner' AND d.certified_by = d.id
     ORDER BY d.created_at LIMIT 1`,
    [tx.teamId],
  )
  return rows[0] && deviceView(rows[0], false)
}

interface ClientRow {
  id: string
  sealed_name: Buffer
  key_version: number
  seq: string
}

/** The clients the caller holds: row-level security leaves out the others. */
export async function readClients(tx: TeamTx): Promise<ClientView[]> {
  const rows = await tx.query<ClientRow>(
    'SELECT id, sealed_name, key_version, seq FROM clients WHERE team_id = $1 ORDER BY created_at, id',
    [tx.teamId],
  )
  return rows.map((row) => ({
    clientId: row.id,
    sealedName: b64u(row.sealed_name),
    keyVersion: row.key_version,
    seq: Number(row.seq),
  }))
}

export interface RecordRow extends ExposureRow {
  client_id: string
  account_id: string
  revision: string
  key_version: number
  sealed: Buffer
  deleted: boolean
  seq: string
  updated_by_member: string
  updated_at: Date
}

export const RECORD_COLUMNS = `client_id, account_id, revision, key_version, sealed, deleted, seq,
  updated_by_member, updated_at, ${EXPOSURE_COLUMNS}`

export function recordView(row: RecordRow): RecordView {
  return {
    clientId: row.client_id,
    accountId: row.account_id,
    revision: Number(row.revision),
    keyVersion: row.key_version,
    sealed: b64u(row.sealed),
    deleted: row.deleted,
    seq: Number(row.seq),
    updatedBy: row.updated_by_member,
    updatedAt: row.updated_at.toISOString(),
    ...exposureView(exposureOf(row)),
  }
}

/** Sets still handing out codes, of the clients the caller holds: counts only, never a code. */
export async function readBackupCodeSets(tx: TeamTx): Promise<BackupCodeSetView[]> {
  const rows = await tx.query<{
    id: string
    client_id: string
    account_id: string
    key_version: number
    total: number
    claimed: number
    seq: string
  }>(
    `SELECT s.id, s.client_id, s.account_id, s.key_version, s.total, s.seq,
       (SELECT count(*)::int FROM backup_codes c
         WHERE c.team_id = s.team_id AND c.set_id = s.id AND c.claimed_at IS NOT NULL) AS claimed
     FROM backup_code_sets s WHERE s.team_id = $1 AND s.retired_at IS NULL
     ORDER BY s.created_at, s.id`,
    [tx.teamId],
  )
  return rows.map((row) => ({
    setId: row.id,
    clientId: row.client_id,
    accountId: row.account_id,
    keyVersion: row.key_version,
    total: row.total,
    claimed: row.claimed,
    seq: Number(row.seq),
  }))
}
