/**
 * The IPC contract: the one place that names every channel and the exact shape of what crosses it.
 * Main validates requests with these schemas before a handler runs, and validates responses before
 * they leave: the schemas are strict, so an answer with an unnamed field (a secret, say) is refused
 * rather than sent. Both sides derive their types from here.
 */
import { z } from 'zod'
import { MAX_PASSWORD_LENGTH, vaultStatusSchema } from '../domain/vault.ts'
import { accountSummarySchema, clientSchema, otpAlgorithmSchema, otpTypeSchema } from '../domain/accounts.ts'
import { flagKindSchema, postureFlagSchema } from '../domain/flags.ts'
import { conflictChoiceSchema, teamConflictViewSchema } from '../domain/team-conflict-view.ts'
import { platformIdSchema } from '../domain/platforms.ts'
import { appPreferencesSchema } from '../domain/preferences.ts'
import {
  auditEntrySchema,
  codeViewSchema,
  quickAccountSchema,
  trashedAccountSchema,
  vaultSettingsSchema,
} from '../domain/views.ts'
import {
  backupFileSchema,
  backupStatusSchema,
  EXPORT_PASSWORD_RULE,
  importFormatSchema,
  importPreviewSchema,
  importResultSchema,
  isStrongExportPassword,
} from '../domain/transfer.ts'
import { inboxEnabledViewSchema, inboxSetupPreviewSchema } from '../domain/inbox-setup-views.ts'
import { inboxEntryViewSchema } from '../domain/inbox-views.ts'
import {
  teamAuditViewSchema,
  teamMemberViewSchema,
  teamStatusViewSchema,
  teamSyncViewSchema,
} from '../domain/team-views.ts'

const password = z
  .string()
  .min(1, 'Enter the password.')
  .max(MAX_PASSWORD_LENGTH, 'That password is too long.')
/** Generous: a recovery key is 32 Base32 characters, possibly with separators and spaces pasted in. */
const recoveryKey = z.string().min(1, 'Enter the recovery key.').max(200, 'That is not a recovery key.')
const id = z.string().min(1).max(64)

export const preferencesViewSchema = z.strictObject({
  preferences: appPreferencesSchema,
  /** Set when the hotkey could not be registered, e.g. another app holds it. */
  hotkeyProblem: z.string().nullable(),
  /** Why lock-on-screen-lock cannot work here, when it cannot. */
  screenLockProblems: z.array(z.string()),
})
const shortText = z.string().max(200)
const teamMemberName = z.string().trim().min(1, 'Name the member.').max(100)
const phoneText = z.string().max(40)

/** Pasted exports: a 10,000-line otpauth list is about 1 MB; files over 20 MiB are refused anyway. */
export const MAX_PASTED_IMPORT_CHARS = 8 * 1024 * 1024

/**
 * A rectangle on the picture of the screen, in that picture's pixels (not the displays'). Main checks
 * it lies inside the picture it sent and maps it to the full-resolution capture it kept.
 */
export const screenRegionSchema = z.strictObject({
  x: z.number().int().min(0).max(100_000),
  y: z.number().int().min(0).max(100_000),
  width: z.number().int().min(1, 'The region is empty.').max(100_000),
  height: z.number().int().min(1, 'The region is empty.').max(100_000),
})

/** The downscaled picture of the screen a region is picked on; the capture itself stays in main. */
export const screenPictureSchema = z.strictObject({
  captureId: z.string(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  /** `data:image/png;base64,…` of at most 1600 × 1000 pixels. */
  pngDataUrl: z
    .string()
    .startsWith('data:image/png;base64,')
    .max(16 * 1024 * 1024),
  displays: z.number().int().min(1),
})

/** Where an import comes from. Files are chosen in main's own dialog and held there, never sent here. */
const importSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), fileId: id }),
  z.strictObject({ kind: z.literal('text'), text: z.string().min(1).max(MAX_PASTED_IMPORT_CHARS) }),
  z.strictObject({ kind: z.literal('clipboard-image') }),
  z.strictObject({ kind: z.literal('screen') }),
  /** A rectangle the person drew on the picture `import:capture-screen` returned: main scans only that. */
  z.strictObject({ kind: z.literal('screen-region'), captureId: id, region: screenRegionSchema }),
])

/** A file main opened for this window; its content stays in main. */
const chosenFileSchema = z.strictObject({ fileId: z.string(), name: z.string(), bytes: z.number().int() })

/** How a person gives an authenticator secret: an otpauth:// link, or the fields typed by hand. */
export const authenticatorInputSchema = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('uri'), uri: z.string().min(1).max(8192) }),
  z.strictObject({
    source: z.literal('manual'),
    secret: z.string().min(1).max(2048),
    type: otpTypeSchema.default('totp'),
    algorithm: otpAlgorithmSchema.default('SHA1'),
    digits: z.number().int().min(4).max(10).default(6),
    period: z.number().int().min(1).max(3600).default(30),
    counter: z.number().int().min(0).optional(),
  }),
])

export const newAccountSchema = z.strictObject({
  platform: platformIdSchema,
  handle: shortText,
  displayName: shortText.optional(),
  issuer: shortText.optional(),
  clientName: shortText.nullable().optional(),
  notes: z.string().max(10_000).optional(),
  tags: z.array(z.string().max(60)).max(50).optional(),
  authenticator: authenticatorInputSchema.optional(),
  /** The code the service shows now: proves the secret was typed right before anyone relies on it. */
  verificationCode: z.string().max(20).optional(),
  sms: phoneText.optional(),
  whatsapp: phoneText.optional(),
})

export const accountPatchSchema = z.strictObject({
  handle: shortText.optional(),
  displayName: shortText.optional(),
  issuer: shortText.optional(),
  label: shortText.optional(),
  clientName: shortText.nullable().optional(),
  notes: z.string().max(10_000).optional(),
  tags: z.array(z.string().max(60)).max(50).optional(),
  sms: phoneText.nullable().optional(),
  whatsapp: phoneText.nullable().optional(),
})

/**
 * One channel: what it takes, what it answers, and whether it `mutates` the vault's data — accounts,
 * their methods, backup codes, clients, settings, and the code copies that order "last used". The
 * backend checks the change journal right after a successful mutating call, so its windows hear of
 * the change at once (the journal itself, not this flag, decides what changed: it also sees the CLI's
 * writes). An audit entry alone, the vault's own keys and this computer's preferences are not data.
 */
export interface ChannelSpec {
  readonly mutates: boolean
  /**
   * False for a mutation a backup does not carry (the vault's settings: theme, phone region,
   * thresholds). The automatic backup, driven by the journal, skips the settings table for the same
   * reason; this flag states it per channel, and test/integration/ipc/mutating-channels.test.ts holds
   * the two to each other.
   */
  readonly backedUp?: false
  readonly request: z.ZodType
  readonly response: z.ZodType
}

export const contract = {
  'vault:status': {
    mutates: false,
    request: z.strictObject({}),
    response: vaultStatusSchema,
  },
  /**
   * Starts creating a vault: returns a fresh recovery key to show the person once. Nothing is written
   * until `vault:create` proves they kept it by typing it back.
   */
  'vault:prepare-create': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({
      creationId: z.string(),
      recoveryKey: z.string(),
      /** Without a keychain the vault needs a password; the window says why. */
      passwordRequired: z.boolean(),
    }),
  },
  'vault:create': {
    mutates: false,
    request: z.strictObject({
      creationId: z.string().max(100),
      recoveryKeyConfirmation: recoveryKey,
      password: password.optional(),
    }),
    response: vaultStatusSchema,
  },
  'vault:unlock': {
    mutates: false,
    request: z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('keychain') }),
      z.strictObject({ method: z.literal('password'), password }),
      z.strictObject({ method: z.literal('recovery'), recoveryKey }),
    ]),
    response: vaultStatusSchema,
  },
  'vault:lock': {
    mutates: false,
    request: z.strictObject({}),
    response: vaultStatusSchema,
  },
  'vault:set-password': {
    mutates: false,
    request: z.strictObject({
      /** Required when the vault already has a password: changing it proves you know the old one. */
      currentPassword: password.optional(),
      newPassword: password,
      /** Only after a `recovery-key-required` answer: a vault made before key rotation needs it once. */
      recoveryKey: recoveryKey.optional(),
    }),
    response: vaultStatusSchema,
  },
  'vault:remove-password': {
    mutates: false,
    request: z.strictObject({ currentPassword: password }),
    response: vaultStatusSchema,
  },
  /**
   * Accounts in the manager's order with their flags. `first` asks for a first page only — those
   * accounts and the flags naming them — so a window can show rows before the whole list arrives.
   * `total` is how many accounts match, whatever `first` is.
   */
  'accounts:list': {
    mutates: false,
    request: z.strictObject({
      clientId: id.nullable().optional(),
      flag: flagKindSchema.optional(),
      first: z.number().int().min(1).max(1000).optional(),
    }),
    response: z.strictObject({
      accounts: z.array(accountSummarySchema),
      flags: z.array(postureFlagSchema),
      total: z.number().int(),
    }),
  },
  /**
   * The quick popup's search, answered in main: the first `limit` matches in the popup's order
   * (last code copied, then handle). `total` is the number of accounts in the vault.
   */
  'accounts:quick-search': {
    mutates: false,
    request: z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(50) }),
    response: z.strictObject({ accounts: z.array(quickAccountSchema), total: z.number().int() }),
  },
  /** Flags the new account would raise, shown before saving; nothing is written. */
  'accounts:preview-add': {
    mutates: false,
    request: newAccountSchema,
    response: z.strictObject({ warnings: z.array(postureFlagSchema) }),
  },
  'accounts:add': {
    mutates: true,
    request: newAccountSchema,
    response: z.strictObject({ account: accountSummarySchema, flags: z.array(postureFlagSchema) }),
  },
  'accounts:update': {
    mutates: true,
    request: z.strictObject({ id, patch: accountPatchSchema }),
    response: z.strictObject({ account: accountSummarySchema, flags: z.array(postureFlagSchema) }),
  },
  /** A new secret from the service (2FA re-enrolled), checked like a new one before it replaces the old. */
  'accounts:replace-authenticator': {
    mutates: true,
    request: z.strictObject({
      id,
      authenticator: authenticatorInputSchema,
      verificationCode: z.string().max(20).optional(),
    }),
    response: z.strictObject({ account: accountSummarySchema, flags: z.array(postureFlagSchema) }),
  },
  /** The person confirmed (or withdrew) that a number really receives the codes. */
  'accounts:set-phone-verified': {
    mutates: true,
    request: z.strictObject({ id, kind: z.enum(['sms', 'whatsapp']), verified: z.boolean() }),
    response: z.strictObject({ account: accountSummarySchema }),
  },
  'accounts:delete': {
    mutates: true,
    request: z.strictObject({ ids: z.array(id).min(1).max(10_000) }),
    response: z.strictObject({ deleted: z.number().int() }),
  },
  'accounts:restore': {
    mutates: true,
    request: z.strictObject({ ids: z.array(id).min(1).max(10_000) }),
    response: z.strictObject({ restored: z.number().int() }),
  },
  /** Current codes for the accounts a window shows: codes only, never a secret. */
  'codes:get': {
    mutates: false,
    request: z.strictObject({ accountIds: z.array(id).max(1000) }),
    response: z.strictObject({ codes: z.array(codeViewSchema) }),
  },
  'clients:list': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({ clients: z.array(clientSchema) }),
  },
  'backup-codes:set': {
    mutates: true,
    request: z.strictObject({ accountId: id, text: z.string().min(1).max(10_000) }),
    response: z.strictObject({ account: accountSummarySchema }),
  },
  /**
   * The next unused backup code, marked used: the one code the person asked for. A team account's is
   * claimed on the team server, which hands each code to one person; `earlierClaims` then says who
   * (by name) claimed the set's other codes, and when.
   */
  'backup-codes:use-next': {
    mutates: true,
    request: z.strictObject({ accountId: id }),
    response: z.strictObject({
      code: z.string(),
      position: z.number().int(),
      remaining: z.number().int(),
      earlierClaims: z
        .array(z.strictObject({ member: z.string(), at: z.string() }))
        .max(100)
        .optional(),
    }),
  },
  /**
   * Uses the next backup code and puts it straight on the clipboard from main, for the quick popup:
   * the code need never be shown. Cleared from the clipboard like any copied code.
   */
  'backup-codes:copy-next': {
    mutates: true,
    request: z.strictObject({ accountId: id }),
    response: z.strictObject({ position: z.number().int(), remaining: z.number().int() }),
  },
  /**
   * Puts back the code "use next" just gave this account: only that one, once, within two minutes and
   * while the vault stayed unlocked. Returns no code.
   */
  'backup-codes:undo-use': {
    mutates: true,
    request: z.strictObject({ accountId: id }),
    response: z.strictObject({ account: accountSummarySchema }),
  },
  /**
   * Copies, from main, the code "use next" just showed for this account — cleared from the clipboard
   * like any copied code. The window never writes a backup code to the clipboard itself.
   */
  'backup-codes:copy-shown': {
    mutates: false,
    request: z.strictObject({ accountId: id }),
    response: z.strictObject({ position: z.number().int() }),
  },
  /**
   * Copies, from main, one code of the set "Reveal all" just showed (after the vault password and main's
   * own yes), for five minutes after and until a lock; cleared from the clipboard like any copied code.
   */
  'backup-codes:copy-revealed': {
    mutates: false,
    request: z.strictObject({ accountId: id, position: z.number().int().min(0).max(99) }),
    response: z.strictObject({ position: z.number().int() }),
  },
  'accounts:list-trash': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({ accounts: z.array(trashedAccountSchema) }),
  },
  /** One step for many accounts: assign a client, add or remove tags. */
  'accounts:bulk-update': {
    mutates: true,
    request: z.strictObject({
      ids: z.array(id).min(1).max(10_000),
      clientName: shortText.nullable().optional(),
      addTags: z.array(z.string().max(60)).max(50).optional(),
      removeTags: z.array(z.string().max(60)).max(50).optional(),
    }),
    response: z.strictObject({ updated: z.number().int() }),
  },
  /**
   * Copies an account's current code (the next one when less than 5 s remain) to the system clipboard
   * from main, records the use, and says which code went there so the window can confirm it.
   */
  'codes:copy': {
    mutates: true,
    request: z.strictObject({ accountId: id }),
    response: z.strictObject({ code: z.string(), next: z.boolean(), validUntil: z.number().nullable() }),
  },
  /** Checks and normalises a phone number as it is typed; nothing is stored. */
  'phone:normalize': {
    mutates: false,
    request: z.strictObject({ text: phoneText }),
    response: z.strictObject({
      e164: z.string(),
      national: z.string(),
      masked: z.string(),
      country: z.string().nullable(),
    }),
  },
  /**
   * The one exempt channel: the whole current backup-code set, only after the vault password is
   * entered again (when the vault has one) and the person says yes in main's own dialog — the window
   * can ask, never answer. Never cached; audited.
   */
  'backup-codes:reveal': {
    mutates: false,
    request: z.strictObject({
      accountId: id,
      password: password.optional(),
    }),
    response: z.strictObject({
      codes: z.array(
        z.strictObject({
          position: z.number().int(),
          code: z.string(),
          usedAt: z.string().nullable(),
          usedBy: z.string().nullable(),
        }),
      ),
    }),
  },
  /** A client's posture report as CSV: handles, methods, flags — no secrets. */
  'clients:report-csv': {
    mutates: false,
    request: z.strictObject({ clientId: id.nullable() }),
    response: z.strictObject({ fileName: z.string(), csv: z.string() }),
  },
  'audit:list': {
    mutates: false,
    request: z.strictObject({
      limit: z.number().int().min(1).max(10_000).optional(),
      accountId: id.optional(),
      action: z.string().max(60).optional(),
    }),
    response: z.strictObject({ entries: z.array(auditEntrySchema) }),
  },
  'settings:get': {
    mutates: false,
    request: z.strictObject({}),
    response: vaultSettingsSchema,
  },
  'settings:update': {
    mutates: true,
    backedUp: false,
    request: vaultSettingsSchema.partial().strict(),
    response: vaultSettingsSchema,
  },
  /** App behaviour on this computer, and whether the desktop let us do it (hotkey taken, no D-Bus). */
  'preferences:get': {
    mutates: false,
    request: z.strictObject({}),
    response: preferencesViewSchema,
  },
  /** Everything but the backup folder, which only main's folder dialog sets (`backups:choose-folder`). */
  'preferences:update': {
    mutates: false,
    request: appPreferencesSchema.omit({ backupFolder: true }).partial().strict(),
    response: preferencesViewSchema,
  },
  /** Opens the OS file dialog in main; the file's content stays in main for `import:preview`. */
  'import:choose-file': {
    mutates: false,
    request: z.strictObject({ purpose: z.enum(['import', 'restore']) }),
    response: z.strictObject({ file: chosenFileSchema.nullable() }),
  },
  /**
   * Reads an export (format detected from content unless named) and says what committing it would do:
   * each entry as it would be stored, duplicates against the vault, failures with their reason. An
   * encrypted export without its password fails with `import-password-required`; ask and send again.
   */
  'import:preview': {
    mutates: false,
    request: z.strictObject({
      source: importSourceSchema,
      format: importFormatSchema.optional(),
      password: password.optional(),
      /** A key file chosen in main's dialog (`import:choose-key-file`), for KeePass databases. */
      keyFileId: id.optional(),
    }),
    response: importPreviewSchema,
  },
  /**
   * Captures every display once and keeps the capture in main for one region pick; the window gets a
   * downscaled picture to draw on. `import:preview` with a `screen-region` source scans the region
   * and drops the capture; `import:drop-capture` drops it when the person cancels.
   */
  'import:capture-screen': {
    mutates: false,
    request: z.strictObject({}),
    response: screenPictureSchema,
  },
  'import:drop-capture': {
    mutates: false,
    request: z.strictObject({ captureId: id }),
    response: z.strictObject({}),
  },
  /**
   * Opens main's own file dialog for a KeePass key file. Its bytes stay in main for `import:preview`
   * (`keyFileId`); the window learns only its name.
   */
  'import:choose-key-file': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({
      keyFile: z.strictObject({ keyFileId: z.string(), name: z.string() }).nullable(),
    }),
  },
  /** Writes the chosen entries of a preview in one transaction: all of them or none. */
  'import:commit': {
    mutates: true,
    request: z.strictObject({
      importId: id,
      positions: z.array(z.number().int().min(1).max(1_000_000)).max(100_000),
    }),
    response: importResultSchema,
  },
  /**
   * Forgets a preview (and the secrets main held for it) without importing, and the file it was read
   * from unless the person is only going back to read that file another way.
   */
  'import:discard': {
    mutates: false,
    request: z.strictObject({ importId: id, keepFile: z.boolean().optional() }),
    response: z.strictObject({}),
  },
  /**
   * Writes an export where the person chooses in main's save dialog. Aegis files are encrypted with a
   * password of their own; an otpauth list is plain text. Either carries every seed, so both need the
   * vault password (when the vault has one) and the person's yes in main's own dialog.
   */
  'export:file': {
    mutates: false,
    request: z.discriminatedUnion('format', [
      z.strictObject({
        format: z.literal('aegis'),
        clientId: id.nullable().optional(),
        password: password.refine(isStrongExportPassword, EXPORT_PASSWORD_RULE),
        vaultPassword: password.optional(),
      }),
      z.strictObject({
        format: z.literal('otpauth'),
        clientId: id.nullable().optional(),
        vaultPassword: password.optional(),
      }),
    ]),
    response: z.strictObject({
      saved: z.strictObject({ file: z.string(), exported: z.number().int() }).nullable(),
    }),
  },
  /**
   * One account's otpauth link as a QR image to scan with a phone — the secret, in a picture — only
   * after the vault password again (when there is one) and the person's yes in main's dialog. Audited.
   */
  'export:qr': {
    mutates: false,
    request: z.strictObject({ accountId: id, password: password.optional() }),
    response: z.strictObject({
      /** A `data:image/png;base64,…` URL of the QR code. */
      secretQrPng: z.string(),
      issuer: z.string(),
      accountName: z.string(),
    }),
  },
  'backups:status': {
    mutates: false,
    request: z.strictObject({}),
    response: backupStatusSchema,
  },
  'backups:now': {
    mutates: false,
    request: z.strictObject({}),
    response: backupFileSchema,
  },
  /** Opens the OS folder dialog in main and makes the chosen folder the backup folder. */
  'backups:choose-folder': {
    mutates: false,
    request: z.strictObject({}),
    response: backupStatusSchema,
  },
  /** Restores a backup (one listed in the backup folder, or a file chosen) with its password or recovery key. */
  'backups:restore': {
    mutates: true,
    request: z.strictObject({
      source: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('listed'), name: z.string().min(1).max(255) }),
        z.strictObject({ kind: z.literal('file'), fileId: id }),
      ]),
      /** The vault password or recovery key of the vault that wrote the backup. */
      secret: password,
    }),
    response: z.strictObject({ imported: z.number().int(), duplicates: z.number().int() }),
  },
  /** This device's place in its team (or `joined: false`); asks the server when live sync is off. */
  'team:status': {
    mutates: false,
    request: z.strictObject({}),
    response: teamStatusViewSchema,
  },
  /**
   * Creates a team on a server with its one-time setup code; this vault's device becomes the owner's.
   * Creating and joining write this device's membership and keys, not accounts: not `mutates`.
   */
  'team:create': {
    mutates: false,
    request: z.strictObject({
      server: z.string().trim().min(1, 'Enter the server’s address.').max(2_000),
      setupCode: z.string().trim().min(1, 'Enter the setup code the server printed.').max(200),
      teamName: z.string().trim().min(1, 'Name the team.').max(100),
      memberName: z.string().trim().max(100).optional(),
    }),
    response: z.strictObject({ team: z.string(), fingerprint: z.string() }),
  },
  /** Joins with an invite code; the device then waits for an admin's Twofold to confirm it. */
  'team:join': {
    mutates: false,
    request: z.strictObject({
      code: z.string().trim().min(1, 'Paste the invite code.').max(4_096, 'That is not an invite code.'),
      memberName: z.string().trim().max(100).optional(),
    }),
    response: z.strictObject({
      team: z.string(),
      member: z.string(),
      anotherDevice: z.boolean(),
      fingerprint: z.string(),
      status: z.string(),
    }),
  },
  /** Pulls (colleagues' edits land in accounts), confirms verified joins (admins), pushes local edits. */
  'team:sync': {
    mutates: true,
    request: z.strictObject({}),
    response: teamSyncViewSchema,
  },
  /**
   * A team account changed on two devices at once (`sync-conflict`): the fields the two versions differ
   * in, each side's value — an authenticator only as its current code and parameters, never the secret.
   */
  'team:conflict': {
    mutates: false,
    request: z.strictObject({ accountId: id }),
    response: teamConflictViewSchema,
  },
  /** Keeps this device's or the other version, per field; pushed like any edit, the flag cleared. */
  'team:resolve-conflict': {
    mutates: true,
    request: z.strictObject({ accountId: id, choice: conflictChoiceSchema }),
    response: z.strictObject({ changed: z.boolean() }),
  },
  /**
   * Everyone in the team with their role, status, clients held and device fingerprints. Inviting,
   * granting, revoking and removing change the team, not this vault's accounts: none `mutates`.
   */
  'team:members': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({ members: z.array(teamMemberViewSchema) }),
  },
  /**
   * Invites a member (admins): main copies the invite code to the clipboard (cleared like a copied
   * code) and never sends it to the window — it carries a one-time secret.
   */
  'team:invite': {
    mutates: false,
    request: z.strictObject({
      name: teamMemberName,
      clientNames: z.array(shortText).max(1_000),
      admin: z.boolean(),
    }),
    response: z.strictObject({ expiresAt: z.string() }),
  },
  /**
   * Moves a personal client into the team (admins): its accounts are sealed under a new client key,
   * wrapped to the owner's and admins' devices; members get it when granted.
   */
  'team:share': {
    mutates: false,
    request: z.strictObject({ client: shortText.min(1) }),
    response: z.strictObject({ accounts: z.number().int().nonnegative() }),
  },
  /** Gives a member a shared client: its key is wrapped to their devices. */
  'team:grant': {
    mutates: false,
    request: z.strictObject({ member: teamMemberName, client: shortText }),
    response: z.strictObject({}),
  },
  /** Takes a client back from a member; the client is re-keyed for those who keep it. */
  'team:revoke': {
    mutates: false,
    request: z.strictObject({ member: teamMemberName, client: shortText }),
    response: z.strictObject({}),
  },
  /** Removes a member: refused at once, every client they held re-keyed, its accounts flagged. */
  'team:remove': {
    mutates: false,
    request: z.strictObject({ member: teamMemberName }),
    response: z.strictObject({ rotated: z.number().int().nonnegative() }),
  },
  /** Makes a member an admin: certified as one, given every shared client's key (admins). */
  'team:make-admin': {
    mutates: false,
    request: z.strictObject({ member: teamMemberName }),
    response: z.strictObject({ clients: z.number().int().nonnegative() }),
  },
  /**
   * Makes an admin a member again (the owner only), keeping the clients named; every other client is
   * re-keyed and its accounts flagged exposed, as for a revocation.
   */
  'team:make-member': {
    mutates: false,
    request: z.strictObject({ member: teamMemberName, keepClients: z.array(shortText.min(1)).max(1_000) }),
    response: z.strictObject({
      kept: z.number().int().nonnegative(),
      rotated: z.number().int().nonnegative(),
    }),
  },
  /**
   * The team server's audit log, newest first, in names this device knows; with `verify`, the whole
   * hash chain is read and checked.
   */
  'team:audit': {
    mutates: false,
    request: z.strictObject({
      limit: z.number().int().min(1).max(10_000).default(500),
      verify: z.boolean().default(false),
    }),
    response: teamAuditViewSchema,
  },
  /** Who last changed each team account and when (member names), for the manager's rows. */
  'team:last-changes': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({
      changes: z.array(z.strictObject({ accountId: id, by: z.string(), at: z.string() })),
    }),
  },
  /**
   * The code inbox (docs/inbox.md): messages to the numbers of the clients this person holds, as this
   * device opened them, newest first. Codes yes — the row shows one like an app code — full texts no.
   */
  'inbox:list': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({ entries: z.array(inboxEntryViewSchema).max(10_000) }),
  },
  /**
   * Copies a message's code from main (cleared from the clipboard like an app code) and audits it,
   * here and on the team server. A code matched to an account is that account's code copy, which
   * orders "last used" like an app code's: `mutates`.
   */
  'inbox:copy': {
    mutates: true,
    request: z.strictObject({ messageId: id }),
    response: z.strictObject({}),
  },
  /** One message's whole text, only when the person asks to read it. */
  'inbox:text': {
    mutates: false,
    request: z.strictObject({ messageId: id }),
    response: z.strictObject({ text: z.string().max(10_000) }),
  },
  /** What enabling a shared client's inbox would register (its numbers, masked), before it is done. */
  'inbox:setup-preview': {
    mutates: false,
    request: z.strictObject({ clientId: id }),
    response: inboxSetupPreviewSchema,
  },
  /**
   * An admin turns on (or refreshes) a shared client's code inbox: its numbers are registered with the
   * team server, which answers each provider's webhook URL. The json URL's token stays in main: the
   * window gets that URL masked and copies it with `inbox:copy-webhook`.
   */
  'inbox:enable': {
    mutates: false,
    request: z.strictObject({
      clientId: id,
      retentionHours: z.number().int().min(1, 'Keep messages at least an hour.').max(720).optional(),
    }),
    response: inboxEnabledViewSchema,
  },
  /** Copies one webhook URL the last `inbox:enable` of that client gave (named as the window shows it). */
  'inbox:copy-webhook': {
    mutates: false,
    request: z.strictObject({ clientId: id, url: z.string().min(1).max(2_000) }),
    response: z.strictObject({}),
  },
  /** The quick popup asks to be hidden (after a copy, on Esc). */
  'popup:hide': {
    mutates: false,
    request: z.strictObject({}),
    response: z.strictObject({}),
  },
} as const satisfies Record<string, ChannelSpec>

export type Contract = typeof contract
export type PreferencesView = z.output<typeof preferencesViewSchema>
export type Channel = keyof Contract
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>

export const channels = Object.keys(contract) as Channel[]

/** The channels whose successful calls change the vault's data (see `ChannelSpec.mutates`). */
export type MutatingChannel = { [C in Channel]: Contract[C]['mutates'] extends true ? C : never }[Channel]

export const mutatingChannels: ReadonlySet<Channel> = new Set(
  channels.filter((channel) => contract[channel].mutates),
)

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value)
}

/** Events main pushes to windows. Payloads carry no secrets. */
export const events = {
  'vault:state-changed': vaultStatusSchema,
  /** The quick popup was shown: clear the search and focus it. */
  'popup:shown': z.strictObject({}),
  'preferences:changed': preferencesViewSchema,
  /**
   * The vault's data changed — here, in the CLI on the same vault, or (next) by team sync — read from
   * the change journal. Names tables, never rows' contents: windows refetch what they show.
   */
  'vault:changed': z.strictObject({
    sequence: z.number().int().nonnegative(),
    tables: z.array(z.string().max(64)).max(32),
  }),
  /** The inbox has new (or fewer) messages: windows ask `inbox:list` again. Carries nothing else. */
  'inbox:changed': z.strictObject({}),
  /** A notification of a new code was clicked: the manager shows its Inbox view. */
  'inbox:open': z.strictObject({}),
} as const
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>
