/**
 * The team server's HTTP contract: every route, with the exact shape of its request and its answer.
 * The server validates each request body and query with these schemas before a handler runs, and each
 * answer before it leaves; the desktop's team client validates what it receives the same way. Both
 * sides derive their types from here, as the IPC contract does for the windows.
 *
 * Everything a person would call content — a secret, a handle, a phone number, a note, a client's
 * name, a backup code — crosses only as `sealed` bytes the server cannot open (see docs/team.md).
 * What stays readable is what the server needs to route and authorise: ids, roles, member names,
 * key versions, revisions and sequence numbers.
 */
import { z } from 'zod'

/** Raw bytes, base64url without padding. */
export const b64u = (maxBytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'Expected base64url.')
    .max(Math.ceil((maxBytes * 4) / 3))

export const uuid = z.uuid()
/** A public key (X25519 or Ed25519): 32 bytes. */
export const publicKey = b64u(32).length(43)
export const signature = b64u(64).length(86)
/** One sealed account record: the JSON of an account, a few KiB; 64 KiB leaves room for long notes. */
export const MAX_RECORD_BYTES = 64 * 1024
export const sealedRecord = b64u(MAX_RECORD_BYTES).min(1)
/** HPKE enc (32 bytes) and a sealed 32-byte key with its 16-byte tag. */
export const wrappedKey = b64u(32 + 32 + 16)
export const keyVersion = z.number().int().min(1).max(1_000_000)
export const revision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
export const sequence = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const personName = z.string().trim().min(1, 'Enter a name.').max(80, 'That name is too long.')
const isoTime = z.iso.datetime({ offset: true })

export const roleSchema = z.enum(['owner', 'admin', 'member'])
export type TeamRole = z.infer<typeof roleSchema>
/**
 * invited: an invite exists, nobody has used it; joined: a device used it and waits for an admin's
 * Twofold to check its proof and certify it; active; removed.
 */
export const memberStatusSchema = z.enum(['invited', 'joined', 'active', 'removed'])
export const deviceStatusSchema = z.enum(['pending', 'active', 'removed'])

/** A device's public keys, and the certificate an admin (or, for the owner's first device, itself) signed. */
export const deviceKeysSchema = z.strictObject({
  deviceId: uuid,
  agreementKey: publicKey,
  signingKey: publicKey,
})

export const certifiedDeviceSchema = deviceKeysSchema.extend({
  certificate: signature,
  issuedAt: isoTime,
})

export const memberViewSchema = z.strictObject({
  memberId: uuid,
  name: personName,
  role: roleSchema,
  status: memberStatusSchema,
  /** Clients granted (members) — admins and the owner hold every client and list none here. */
  clientIds: z.array(uuid),
})

export const deviceViewSchema = z.strictObject({
  deviceId: uuid,
  memberId: uuid,
  agreementKey: publicKey,
  signingKey: publicKey,
  status: deviceStatusSchema,
  /** Absent while pending. */
  certificate: signature.nullable(),
  issuedAt: isoTime.nullable(),
  /** The device that signed the certificate (the owner's first device signs its own). */
  certifiedBy: uuid.nullable(),
  /** Pending devices only, and only in an admin's view: what the admin's Twofold checks before certifying. */
  joinProof: b64u(32).nullable(),
  inviteId: uuid.nullable(),
})

export const clientViewSchema = z.strictObject({
  clientId: uuid,
  /** The client's name, sealed under its own client key (account id "client-name", revision 0). */
  sealedName: sealedRecord,
  keyVersion,
  seq: sequence,
})

export const wrappedKeyViewSchema = z.strictObject({
  clientId: uuid,
  deviceId: uuid,
  keyVersion,
  wrapped: wrappedKey,
  /**
   * The device that wrapped it and its signature over the wrapped key and its place; null on a key
   * stored before wraps were signed (a device refuses such a key: anyone could have made it).
   */
  signedBy: uuid.nullable(),
  signature: signature.nullable(),
})

/**
 * What a flagged account still needs before its exposure flag goes, counted from its latest exposure
 * (a second removal starts both over). The server records both from the writes it receives.
 */
export const exposureProgressSchema = z.strictObject({
  /** A member's write said it carries a new secret: the server cannot read one, so it takes the claim. */
  secretReplaced: z.boolean(),
  /** Null: no backup-code set was stored when it was exposed, so the secret alone clears the flag. */
  backupCodesReissued: z.boolean().nullable(),
})
export type ExposureProgress = z.infer<typeof exposureProgressSchema>

export const recordViewSchema = z.strictObject({
  clientId: uuid,
  accountId: uuid,
  revision,
  keyVersion,
  sealed: sealedRecord,
  deleted: z.boolean(),
  seq: sequence,
  updatedBy: uuid,
  updatedAt: isoTime,
  /**
   * Set by a removal or revocation: someone who left could have copied this account's secret. Cleared
   * once both steps of `exposure` are done; null exactly when `exposure` is.
   */
  exposedSince: isoTime.nullable(),
  exposure: exposureProgressSchema.nullable(),
})

export const backupCodeSetViewSchema = z.strictObject({
  setId: uuid,
  clientId: uuid,
  accountId: uuid,
  keyVersion,
  total: z.number().int().min(0).max(100),
  claimed: z.number().int().min(0).max(100),
  seq: sequence,
})

/** A wrapped key as a device sends it: signed by the calling device (see docs/team.md). */
const wrappedForDevice = z.strictObject({ deviceId: uuid, wrapped: wrappedKey, signature })
const wrappedForClient = z.strictObject({ clientId: uuid, keyVersion, wrapped: wrappedKey, signature })

export const recordWriteSchema = z.strictObject({
  clientId: uuid,
  accountId: uuid,
  /** The revision this edit was made on; 0 for an account new to the team. */
  baseRevision: revision,
  keyVersion,
  sealed: sealedRecord,
  deleted: z.boolean(),
  /**
   * The record carries a new secret (the agreed one differs): an exposed account's secret step is done.
   * The server cannot check it; it records who said so in the audit log.
   */
  replacesSecret: z.boolean().optional(),
})

// ── code inbox (docs/inbox.md) ───────────────────────────────────────────────────────────────────

export const inboxProviderSchema = z.enum(['twilio', 'meta-whatsapp', 'android-sms-gateway', 'json'])
export type InboxProvider = z.infer<typeof inboxProviderSchema>
export const inboxChannelSchema = z.enum(['sms', 'whatsapp'])
export type InboxChannel = z.infer<typeof inboxChannelSchema>
/** A receiving number as the server is told it once, to keep only its keyed hash: E.164. */
export const e164Number = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'Expected an E.164 number such as +14155550123.')
/**
 * A client's inbox private key (X25519, 32 bytes) sealed under the client key (aes-gcm-box: 1 + 12 + 32
 * + 16 bytes); the server keeps it for the client's members and cannot open it.
 */
export const sealedInboxPrivateKey = b64u(61).length(82)
/** A sealed inbox message: HPKE enc (32) and the sealed JSON of one message (at most 4,096 characters of text). */
export const MAX_SEALED_INBOX_MESSAGE_BYTES = 32 * 1024
export const sealedInboxMessage = b64u(MAX_SEALED_INBOX_MESSAGE_BYTES).min(1)

export const inboxKeyWriteSchema = z.strictObject({
  /** The client key version the private key is sealed under. */
  keyVersion,
  publicKey,
  sealedPrivateKey: sealedInboxPrivateKey,
})

export const inboxKeyViewSchema = inboxKeyWriteSchema.extend({
  clientId: uuid,
  /**
   * An earlier key of the client, listed while stored messages are still sealed to it (see the
   * rotation's `inboxKey.previous`); absent on the current key, the one new messages are sealed to.
   */
  previous: z.literal(true).optional(),
})

export const inboxMessageViewSchema = z.strictObject({
  messageId: uuid,
  clientId: uuid,
  provider: inboxProviderSchema,
  channel: inboxChannelSchema,
  /** When the server received the webhook; the sealed message carries the provider's own time too. */
  receivedAt: isoTime,
  expiresAt: isoTime,
  /** The inbox public key it was sealed to: a device opens it with that key's private half. */
  publicKey,
  sealed: sealedInboxMessage,
  seq: sequence,
})

export const inboxWebhookSchema = z.strictObject({ provider: inboxProviderSchema, url: z.url().max(2_000) })

/** A client's new key, and everything of it re-sealed under that key: applied in one transaction. */
export const rotationSchema = z.strictObject({
  clientId: uuid,
  newKeyVersion: keyVersion,
  sealedName: sealedRecord,
  records: z.array(z.strictObject({ accountId: uuid, revision, sealed: sealedRecord })).max(20_000),
  backupCodes: z
    .array(z.strictObject({ setId: uuid, index: z.number().int().min(0).max(99), sealed: sealedRecord }))
    .max(200_000),
  /** One per device that keeps the client: every active device of every member who still holds it. */
  wrappedKeys: z.array(wrappedForDevice).max(10_000),
  /**
   * The client's new inbox key pair, its private key sealed under the new client key: whoever left knew
   * the old one. Required when the client has an inbox (the server refuses a rotation without it then).
   * `previous`: the client's earlier inbox keys (the one replaced now, and older ones still listed),
   * each private key re-sealed under the new client key, so the messages sealed to them before the
   * rotation still open on the devices that keep the client. This tells whoever left nothing new: they
   * knew those keys already; the new key pair is the one they never had. The server keeps each only
   * while a stored message is sealed to it.
   */
  inboxKey: inboxKeyWriteSchema
    .extend({ previous: z.array(inboxKeyWriteSchema).max(100).optional() })
    .optional(),
})

export const auditEntryViewSchema = z.strictObject({
  seq: sequence,
  at: isoTime,
  memberId: uuid.nullable(),
  deviceId: uuid.nullable(),
  kind: z.string().max(40),
  /** Ids only (member, client, account, set, device): never content. */
  subject: z.record(z.string().max(40), z.union([z.string().max(80), z.number()])),
  /** Reported by a device (a code copied); the others the server saw happen itself. */
  reported: z.boolean(),
  prevHash: b64u(32),
  hash: b64u(32),
})

export const reportedAuditKindSchema = z.enum([
  'code-copied',
  'backup-code-shown',
  'secret-shown',
  // An SMS or WhatsApp code from the inbox: the account is the one the code was matched to.
  'inbox-code-copied',
])

export const errorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.string().max(40), message: z.string().max(500) }),
})

export const empty = z.strictObject({})

interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT'
  /** Fastify path syntax; `:team` is always the team id. */
  path: string
  /** False: no device token (team creation by setup code, joining by invite). */
  authenticated: boolean
  /** Only the owner and admins may call it. */
  adminOnly?: boolean
  /** A pending (joined, not yet certified) device may call it. */
  pendingAllowed?: boolean
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  response: z.ZodType
}

const teamParams = z.strictObject({ team: uuid })

export const teamApi = {
  'team:create': {
    method: 'POST',
    path: '/v1/teams',
    authenticated: false,
    body: z.strictObject({
      setupCode: z.string().trim().min(1).max(64),
      teamId: uuid,
      teamName: personName,
      memberId: uuid,
      memberName: personName,
      device: certifiedDeviceSchema,
    }),
    response: z.strictObject({ teamId: uuid, memberId: uuid, deviceId: uuid, seq: sequence }),
  },
  'team:join': {
    method: 'POST',
    path: '/v1/teams/:team/joins',
    authenticated: false,
    params: teamParams,
    body: z.strictObject({
      inviteId: uuid,
      /** HMAC of the invite secret; the server holds only its hash and never sees the secret. */
      inviteAuth: b64u(32).length(43),
      device: deviceKeysSchema,
      /** MAC over the device's keys under a key only the invite secret gives: the admin checks it. */
      proof: b64u(32).length(43),
    }),
    response: z.strictObject({ memberId: uuid, deviceId: uuid, status: deviceStatusSchema }),
  },
  'team:me': {
    method: 'GET',
    path: '/v1/teams/:team/me',
    authenticated: true,
    pendingAllowed: true,
    params: teamParams,
    response: z.strictObject({
      team: z.strictObject({ teamId: uuid, name: personName }),
      member: memberViewSchema,
      device: deviceViewSchema,
      /** The owner's first device: every certificate chains to it. */
      ownerDevice: deviceViewSchema,
      seq: sequence,
    }),
  },
  'team:changes': {
    method: 'GET',
    path: '/v1/teams/:team/changes',
    authenticated: true,
    pendingAllowed: true,
    params: teamParams,
    query: z.strictObject({
      since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      /** Records per page; the answer says whether more follow. */
      limit: z.coerce.number().int().min(1).max(5_000).optional(),
    }),
    response: z.strictObject({
      seq: sequence,
      /** Records stopped at the limit: ask again from `seq`. Everything else is always complete. */
      more: z.boolean(),
      members: z.array(memberViewSchema),
      devices: z.array(deviceViewSchema),
      /** The clients this member holds, all of them (a revoked one is missing: drop it locally). */
      clients: z.array(clientViewSchema),
      /** This device's wrapped client keys, every version still in use. */
      wrappedKeys: z.array(wrappedKeyViewSchema),
      records: z.array(recordViewSchema),
      backupCodeSets: z.array(backupCodeSetViewSchema),
    }),
  },
  'team:invite': {
    method: 'POST',
    path: '/v1/teams/:team/invites',
    authenticated: true,
    adminOnly: true,
    params: teamParams,
    body: z.strictObject({
      inviteId: uuid,
      memberId: uuid,
      memberName: personName,
      role: z.enum(['admin', 'member']),
      clientIds: z.array(uuid).max(1_000),
      /** SHA-256 of the invite's auth value. */
      authHash: b64u(32).length(43),
      expiresAt: isoTime,
    }),
    response: z.strictObject({ inviteId: uuid, memberId: uuid }),
  },
  /**
   * An invite for one more device of an existing, active member (a second computer): the joiner uses
   * `team:join` as a new member would, and an admin's Twofold checks its proof and certifies it with
   * `team:confirm-device`, wrapping the keys of the clients that member holds.
   */
  'team:invite-device': {
    method: 'POST',
    path: '/v1/teams/:team/members/:member/device-invites',
    authenticated: true,
    adminOnly: true,
    params: z.strictObject({ team: uuid, member: uuid }),
    body: z.strictObject({
      inviteId: uuid,
      /** SHA-256 of the invite's auth value. */
      authHash: b64u(32).length(43),
      expiresAt: isoTime,
    }),
    response: z.strictObject({ inviteId: uuid, memberId: uuid }),
  },
  'team:confirm-device': {
    method: 'POST',
    path: '/v1/teams/:team/devices/:device/confirm',
    authenticated: true,
    adminOnly: true,
    params: z.strictObject({ team: uuid, device: uuid }),
    body: z.strictObject({
      certificate: signature,
      issuedAt: isoTime,
      wrappedKeys: z.array(wrappedForClient).max(10_000),
    }),
    response: z.strictObject({ seq: sequence }),
  },
  /**
   * An owner's or admin's device vouches for an active device with its own signature, replacing the
   * certificate: done before removing the admin who certified it, whose signature stops counting.
   */
  'team:recertify-device': {
    method: 'PUT',
    path: '/v1/teams/:team/devices/:device/certificate',
    authenticated: true,
    adminOnly: true,
    params: z.strictObject({ team: uuid, device: uuid }),
    body: z.strictObject({ certificate: signature, issuedAt: isoTime }),
    response: z.strictObject({ seq: sequence }),
  },
  /**
   * A member's role changed (owner or admin to promote; the owner alone to demote), applied whole in
   * one transaction: the role, a new certificate for every active device of the member (signed by the
   * calling device for the new role: the old one no longer verifies), and — to admin — every client's
   * current key wrapped and signed to each of those devices, or — to member — a rotation of every
   * client the member no longer keeps (as a revocation: they could have copied the keys).
   */
  'team:change-role': {
    method: 'POST',
    path: '/v1/teams/:team/members/:member/role',
    authenticated: true,
    adminOnly: true,
    params: z.strictObject({ team: uuid, member: uuid }),
    body: z.strictObject({
      role: z.enum(['admin', 'member']),
      certificates: z
        .array(z.strictObject({ deviceId: uuid, certificate: signature, issuedAt: isoTime }))
        .max(100),
      /** To admin: each client's current key for each active device of the member. */
      wrappedKeys: z
        .array(z.strictObject({ clientId: uuid, deviceId: uuid, keyVersion, wrapped: wrappedKey, signature }))
        .max(100_000),
      /** To member: the clients they keep (granted); every other client is rotated. */
      keepClientIds: z.array(uuid).max(10_000),
      rotations: z.array(rotationSchema).max(1_000),
    }),
    response: z.strictObject({ seq: sequence }),
  },
  'team:share-client': {
    method: 'POST',
    path: '/v1/teams/:team/clients',
    authenticated: true,
    adminOnly: true,
    params: teamParams,
    body: z.strictObject({
      clientId: uuid,
      sealedName: sealedRecord,
      keyVersion,
      wrappedKeys: z.array(wrappedForDevice).max(10_000),
      records: z.array(recordWriteSchema).max(20_000),
    }),
    response: z.strictObject({ seq: sequence }),
  },
  'team:write-records': {
    method: 'PUT',
    path: '/v1/teams/:team/records',
    authenticated: true,
    params: teamParams,
    body: z.strictObject({ records: z.array(recordWriteSchema).min(1).max(1_000) }),
    response: z.strictObject({
      seq: sequence,
      results: z.array(
        z.discriminatedUnion('ok', [
          z.strictObject({
            accountId: uuid,
            ok: z.literal(true),
            revision,
            exposedSince: isoTime.nullable(),
            exposure: exposureProgressSchema.nullable(),
          }),
          /** Someone else's edit landed first: merge with `current` and write again on its revision. */
          z.strictObject({ accountId: uuid, ok: z.literal(false), current: recordViewSchema }),
        ]),
      ),
    }),
  },
  'team:grant': {
    method: 'POST',
    path: '/v1/teams/:team/grants',
    authenticated: true,
    adminOnly: true,
    params: teamParams,
    body: z.strictObject({
      memberId: uuid,
      clientId: uuid,
      /** The client key for each active device of that member. */
      wrappedKeys: z
        .array(z.strictObject({ deviceId: uuid, keyVersion, wrapped: wrappedKey, signature }))
        .max(100),
    }),
    response: z.strictObject({ seq: sequence }),
  },
  'team:revoke': {
    method: 'POST',
    path: '/v1/teams/:team/revocations',
    authenticated: true,
    adminOnly: true,
    params: teamParams,
    body: z.strictObject({ memberId: uuid, clientId: uuid, rotation: rotationSchema }),
    response: z.strictObject({ seq: sequence }),
  },
  'team:remove-member': {
    method: 'POST',
    path: '/v1/teams/:team/members/:member/remove',
    authenticated: true,
    adminOnly: true,
    params: z.strictObject({ team: uuid, member: uuid }),
    body: z.strictObject({ rotations: z.array(rotationSchema).max(1_000) }),
    response: z.strictObject({ seq: sequence }),
  },
  /**
   * A device is taken out (lost, sold, replaced): refused from then on, its keys deleted and every
   * client it held rotated, as for a member. Admins may remove any device but the owner's; a member
   * their own other devices.
   */
  'team:remove-device': {
    method: 'POST',
    path: '/v1/teams/:team/devices/:device/remove',
    authenticated: true,
    params: z.strictObject({ team: uuid, device: uuid }),
    body: z.strictObject({ rotations: z.array(rotationSchema).max(1_000) }),
    response: z.strictObject({ seq: sequence }),
  },
  'team:add-backup-codes': {
    method: 'POST',
    path: '/v1/teams/:team/backup-code-sets',
    authenticated: true,
    params: teamParams,
    body: z.strictObject({
      setId: uuid,
      clientId: uuid,
      accountId: uuid,
      keyVersion,
      /** Each code sealed on its own, so a claim hands out exactly one. */
      codes: z.array(sealedRecord).min(1).max(100),
      /** The set it replaces, if any: its unclaimed codes stop being handed out. */
      replacesSetId: uuid.optional(),
    }),
    /** The account's exposure after the new set: it may have been the last step. */
    response: z.strictObject({
      seq: sequence,
      exposedSince: isoTime.nullable(),
      exposure: exposureProgressSchema.nullable(),
    }),
  },
  'team:claim-backup-code': {
    method: 'POST',
    path: '/v1/teams/:team/backup-code-sets/:set/claim',
    authenticated: true,
    params: z.strictObject({ team: uuid, set: uuid }),
    body: empty,
    response: z.strictObject({
      setId: uuid,
      index: z.number().int().min(0).max(99),
      keyVersion,
      sealed: sealedRecord,
      remaining: z.number().int().min(0).max(100),
      /** Earlier claims of this set: who, and when (never the codes). */
      earlierClaims: z.array(z.strictObject({ memberId: uuid, at: isoTime })),
    }),
  },
  'team:audit': {
    method: 'GET',
    path: '/v1/teams/:team/audit',
    authenticated: true,
    params: teamParams,
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
      /** Entries with a smaller seq: the next page back. */
      before: z.coerce.number().int().min(1).optional(),
    }),
    response: z.strictObject({
      entries: z.array(auditEntryViewSchema),
      /** The newest entry's hash: a verifier checks the chain ends there. */
      head: z.strictObject({ seq: sequence, hash: b64u(32) }),
    }),
  },
  'team:report': {
    method: 'POST',
    path: '/v1/teams/:team/audit',
    authenticated: true,
    params: teamParams,
    body: z.strictObject({
      kind: reportedAuditKindSchema,
      clientId: uuid,
      accountId: uuid,
    }),
    response: z.strictObject({ seq: sequence }),
  },
  'team:inbox-enable': {
    method: 'PUT',
    path: '/v1/teams/:team/inbox/clients/:client',
    authenticated: true,
    adminOnly: true,
    params: z.strictObject({ team: uuid, client: uuid }),
    body: z.strictObject({
      /** The client's inbox key; the same one again when it exists already (enable is repeatable). */
      inboxKey: inboxKeyWriteSchema,
      /**
       * Every SMS and WhatsApp number of the client's accounts: replaces the client's list. The server
       * keeps only keyed hashes; a number another client of the team has is refused (conflict).
       */
      numbers: z.array(e164Number).min(1).max(500),
      /** How long the team's messages are kept (hours); absent keeps the team's setting (default 24). */
      retentionHours: z.number().int().min(1).max(720).optional(),
    }),
    response: z.strictObject({
      numbers: z.number().int().min(0),
      retentionHours: z.number().int().min(1).max(720),
      /** One per provider the server has a secret for (the json one always); android has one per number. */
      webhooks: z.array(inboxWebhookSchema),
    }),
  },
  'team:inbox': {
    method: 'GET',
    path: '/v1/teams/:team/inbox',
    authenticated: true,
    params: teamParams,
    query: z.strictObject({
      /** Messages with a seq after this one; keys always come in full. */
      since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    }),
    response: z.strictObject({
      seq: sequence,
      /** The inbox keys of the clients this member holds. */
      keys: z.array(inboxKeyViewSchema),
      /** Unexpired messages of held clients after `since`, oldest first. */
      messages: z.array(inboxMessageViewSchema).max(10_000),
      /**
       * The page is full: later messages wait, and `seq` is the last message's (not the team's) so
       * asking again from it brings them.
       */
      more: z.literal(true).optional(),
    }),
  },
  /**
   * Whether the team's inbox works, for an admin: each client with an inbox, how many numbers it has
   * and messages the server keeps for it, and per provider the messages dropped because no client
   * registered their number — the sign that a number is missing. Counts and times only, never a number.
   */
  'team:inbox-status': {
    method: 'GET',
    path: '/v1/teams/:team/inbox/status',
    authenticated: true,
    adminOnly: true,
    params: teamParams,
    response: z.strictObject({
      retentionHours: z.number().int().min(1).max(720),
      clients: z.array(
        z.strictObject({
          clientId: uuid,
          numbers: z.number().int().min(0),
          /** The client key version its inbox private key is sealed under. */
          keyVersion,
          /** Unexpired messages the server keeps for it. */
          messages: z.number().int().min(0),
          /** The newest of those; null when none is kept. */
          lastReceivedAt: isoTime.nullable(),
        }),
      ),
      dropped: z.array(
        z.strictObject({ provider: inboxProviderSchema, count: z.number().int().min(0), lastAt: isoTime }),
      ),
    }),
  },
  /**
   * Turns a client's inbox off: its numbers, its inbox key and its stored messages are deleted in one
   * transaction (a message to one of its numbers is then dropped and counted like any unknown number).
   */
  'team:inbox-disable': {
    method: 'POST',
    path: '/v1/teams/:team/inbox/clients/:client/disable',
    authenticated: true,
    adminOnly: true,
    params: z.strictObject({ team: uuid, client: uuid }),
    body: empty,
    /** How many numbers and stored messages were deleted. */
    response: z.strictObject({
      seq: sequence,
      numbers: z.number().int().min(0),
      messages: z.number().int().min(0),
    }),
  },
  /**
   * A new json forwarder token for the team: the URL with the old one is refused from now on (after
   * removing anyone who saw it, or losing a forwarder). Other providers' URLs do not change.
   */
  'team:inbox-rotate-token': {
    method: 'POST',
    path: '/v1/teams/:team/inbox/token/rotate',
    authenticated: true,
    adminOnly: true,
    params: teamParams,
    body: empty,
    response: z.strictObject({
      webhooks: z.array(inboxWebhookSchema.extend({ provider: z.literal('json') })).length(1),
    }),
  },
} as const satisfies Record<string, RouteSpec>

/**
 * Live updates: `GET /v1/teams/:team/events` (authenticated) is a server-sent event stream of
 * `event: changed` with `data: {"seq": N}` whenever the team's sequence moves; the device then asks
 * `team:changes` from its last seq. Not a `teamApi` route because its answer is a stream.
 */
export const TEAM_EVENTS_PATH = '/v1/teams/:team/events'
export const teamChangedEventSchema = z.strictObject({ seq: sequence })

export type TeamRoute = keyof typeof teamApi
export type TeamRequest<R extends TeamRoute> = (typeof teamApi)[R] extends { body: z.ZodType }
  ? z.infer<(typeof teamApi)[R]['body']>
  : undefined
export type TeamQuery<R extends TeamRoute> = (typeof teamApi)[R] extends { query: z.ZodType }
  ? z.input<(typeof teamApi)[R]['query']>
  : undefined
export type TeamParams<R extends TeamRoute> = (typeof teamApi)[R] extends { params: z.ZodType }
  ? z.infer<(typeof teamApi)[R]['params']>
  : undefined
export type TeamResponse<R extends TeamRoute> = z.infer<(typeof teamApi)[R]['response']>

/** The error codes the server answers with, and the status each travels on. */
export const teamErrorStatus = {
  'invalid-request': 400,
  unauthenticated: 401,
  'token-expired': 401,
  'token-replayed': 401,
  forbidden: 403,
  'device-removed': 403,
  'member-removed': 403,
  'not-found': 404,
  conflict: 409,
  'setup-code-invalid': 403,
  'invite-invalid': 403,
  'backup-codes-exhausted': 409,
  'too-large': 413,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
} as const
export type TeamErrorCode = keyof typeof teamErrorStatus

/** Fills `:name` parts of a route's path. */
export function teamRoutePath(path: string, params: Record<string, string>): string {
  return path.replace(/:([a-z]+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`Missing path parameter ${name}.`)
    return encodeURIComponent(value)
  })
}
