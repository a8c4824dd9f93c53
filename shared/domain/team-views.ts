import { z } from 'zod'
import { roleSchema } from '../team/team-api.ts'
import { errorCodeSchema } from './errors.ts'

/**
 * This device's place in a team, for Settings → Team: never a key, never a secret. `joined: false` is
 * a vault that belongs to no team yet.
 */
export const teamStatusViewSchema = z.discriminatedUnion('joined', [
  z.strictObject({ joined: z.literal(false) }),
  z.strictObject({
    joined: z.literal(true),
    server: z.string(),
    team: z.string(),
    member: z.string(),
    role: roleSchema,
    /** `pending` until an admin's Twofold has checked this device's proof and confirmed it. */
    device: z.enum(['pending', 'active', 'removed']),
    online: z.boolean(),
    offlineSince: z.string().nullable(),
    live: z.enum(['off', 'connecting', 'connected', 'offline', 'refused', 'stopped']),
    liveError: errorCodeSchema.nullable(),
    /** Why the server refused this device just now (removed from the team, say). */
    refused: z.string().nullable(),
    lastSync: z.string().nullable(),
    /** Local edits to team accounts the server has not got yet. */
    pending: z.number().int().nonnegative(),
    /** Twenty digits people compare aloud, from this device's public keys. */
    fingerprint: z.string(),
  }),
])
export type TeamStatusView = z.infer<typeof teamStatusViewSchema>

/** What one "Sync now" did, in counts and names a person can act on. */
export const teamSyncViewSchema = z.strictObject({
  pulled: z.number().int().nonnegative(),
  pushed: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  /** Joins this admin device checked: confirmed, or refused with why (the server may have swapped keys). */
  joins: z.array(
    z.strictObject({ member: z.string(), confirmed: z.boolean(), problem: z.string().optional() }),
  ),
})
export type TeamSyncView = z.infer<typeof teamSyncViewSchema>

/** A member as admins see them in the Members view: no key, only fingerprints to compare. */
export const teamMemberViewSchema = z.strictObject({
  name: z.string(),
  role: roleSchema,
  /** `invited` until they join, `joined` until an admin's Twofold confirms them, then `active`. */
  status: z.enum(['invited', 'joined', 'active', 'removed']),
  /** The shared clients they hold, by name (admins and the owner hold every one). */
  clients: z.array(z.string()),
  devices: z.array(z.strictObject({ fingerprint: z.string(), status: z.enum(['pending', 'active']) })),
  /** An invited member's invite: when it stops working (known to the admin device that made it). */
  inviteExpiresAt: z.string().nullable(),
})
export type TeamMemberView = z.infer<typeof teamMemberViewSchema>

/** One entry of the team's audit log as this device can name it (the server keeps ids only). */
export const teamAuditEntryViewSchema = z.strictObject({
  seq: z.number().int(),
  at: z.string(),
  kind: z.string(),
  actor: z.string().nullable(),
  member: z.string().nullable(),
  client: z.string().nullable(),
  /** A client this device does not hold: its name is sealed from it. */
  otherClient: z.boolean(),
  accountId: z.string().nullable(),
  account: z.string().nullable(),
  reported: z.boolean(),
})
export type TeamAuditEntryView = z.infer<typeof teamAuditEntryViewSchema>

export const teamAuditViewSchema = z.strictObject({
  entries: z.array(teamAuditEntryViewSchema),
  /** With `verify`: the hash chain checked from its first entry to the head the server names. */
  verified: z
    .discriminatedUnion('ok', [
      z.strictObject({ ok: z.literal(true), entries: z.number().int() }),
      z.strictObject({ ok: z.literal(false), seq: z.number().int(), reason: z.string() }),
    ])
    .nullable(),
})
export type TeamAuditViewData = z.infer<typeof teamAuditViewSchema>
