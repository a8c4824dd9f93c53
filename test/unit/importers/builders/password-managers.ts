import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js'
import * as kdbxweb from 'kdbxweb'
import * as openpgp from 'openpgp'
// Importing the reader installs its Argon2 into kdbxweb, which saving a KDBX 4 database needs too.
import '../../../../electron/core/importers/formats/keepass-kdbx.ts'

// Password managers' exports, built in the tests: 1Password .1pux, KeePass .kdbx, Proton Pass (zip,
// JSON, PGP), LastPass and Dashlane CSV. Each builder writes the format's real layout with only the
// fields the tests need.

/** A zip of these files (text or bytes), in order. */
export async function zipOf(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter())
  for (const [name, content] of Object.entries(files)) {
    await writer.add(
      name,
      typeof content === 'string' ? new TextReader(content) : new Uint8ArrayReader(content),
    )
  }
  return writer.close()
}

// ---------------------------------------------------------------------------------------------------
// 1Password

export interface OnePuxItem {
  title?: string
  url?: string
  /** Older exports: the address list only. */
  urls?: string[]
  username?: string
  password?: string
  notes?: string
  totps?: string[]
  trashed?: boolean
  /** Extra raw fields merged into the item. */
  raw?: Record<string, unknown>
}

export function onePuxItem(item: OnePuxItem): Record<string, unknown> {
  return {
    uuid: `item-${item.title ?? 'untitled'}`,
    favIndex: 0,
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    state: 'active',
    categoryUuid: '001',
    ...(item.trashed === undefined ? {} : { trashed: item.trashed }),
    details: {
      loginFields: [
        ...(item.username === undefined
          ? []
          : [{ value: item.username, id: '', name: 'username', fieldType: 'T', designation: 'username' }]),
        ...(item.password === undefined
          ? []
          : [{ value: item.password, id: '', name: 'password', fieldType: 'P', designation: 'password' }]),
      ],
      ...(item.notes === undefined ? {} : { notesPlain: item.notes }),
      sections: [
        {
          title: '',
          name: 'Section_1',
          fields: [{ title: 'website', id: 'w', value: { url: 'https://elsewhere.test' } }],
        },
        {
          title: '',
          name: 'Section_2',
          fields: (item.totps ?? []).map((totp, index) => ({
            title: 'one-time password',
            id: `TOTP_${index}`,
            value: { totp },
            indexAtSource: index,
            guarded: false,
            multiline: false,
            dontGenerate: false,
          })),
        },
      ],
      passwordHistory: [],
    },
    overview: {
      subtitle: item.username ?? '',
      title: item.title,
      ...(item.url === undefined ? {} : { url: item.url }),
      urls: (item.urls ?? (item.url === undefined ? [] : [item.url])).map((url) => ({ label: '', url })),
      ps: 0,
    },
    ...item.raw,
  }
}

export function onePuxData(vaults: Record<string, OnePuxItem[]>): Record<string, unknown> {
  return {
    accounts: [
      {
        attrs: {
          accountName: 'Agency',
          name: 'Agency',
          email: 'ops@agency.test',
          uuid: 'ACC',
          domain: 'https://agency.1password.com/',
        },
        vaults: Object.entries(vaults).map(([name, items]) => ({
          attrs: { uuid: `vault-${name}`, desc: '', avatar: '', name, type: 'U' },
          items: items.map(onePuxItem),
        })),
      },
    ],
  }
}

export async function onePux(vaults: Record<string, OnePuxItem[]> | Record<string, unknown>, raw = false) {
  const data = raw ? vaults : onePuxData(vaults as Record<string, OnePuxItem[]>)
  return zipOf({
    'export.attributes': JSON.stringify({
      version: 3,
      description: '1Password Unencrypted Export',
      createdAt: 1_700_000_000,
    }),
    'export.data': JSON.stringify(data),
    'files/': new Uint8Array(0),
  })
}

// ---------------------------------------------------------------------------------------------------
// KeePass

export type KdbxKdf = 'aes' | 'argon2d' | 'argon2id'

export interface KdbxEntrySpec {
  title?: string
  username?: string
  password?: string
  url?: string
  notes?: string
  /** Custom string fields (otp, TimeOtp-*, TOTP Seed, …). */
  fields?: Record<string, string>
  /** Store the custom fields protected (as KeePassXC does for otp). */
  protect?: boolean
}

export interface KdbxGroupSpec {
  name: string
  entries?: KdbxEntrySpec[]
  groups?: KdbxGroupSpec[]
}

export interface KdbxOptions {
  password?: string | null
  keyFile?: Uint8Array | null
  version?: 3 | 4
  kdf?: KdbxKdf
  /** AES-KDF rounds, or Argon2 memory (bytes), passes and lanes. */
  rounds?: number
  memory?: number
  passes?: number
  lanes?: number
  /** Entries sent to the recycle bin. */
  recycled?: KdbxEntrySpec[]
}

function fillEntry(database: kdbxweb.Kdbx, group: kdbxweb.KdbxGroup, spec: KdbxEntrySpec): void {
  const entry = database.createEntry(group)
  const set = (name: string, value: string | undefined, protect = false) => {
    if (value !== undefined) {
      entry.fields.set(name, protect ? kdbxweb.ProtectedValue.fromString(value) : value)
    }
  }
  set('Title', spec.title)
  set('UserName', spec.username)
  set('Password', spec.password, true)
  set('URL', spec.url)
  set('Notes', spec.notes)
  for (const [name, value] of Object.entries(spec.fields ?? {})) set(name, value, spec.protect === true)
}

function fillGroup(database: kdbxweb.Kdbx, parent: kdbxweb.KdbxGroup, spec: KdbxGroupSpec): void {
  const group = database.createGroup(parent, spec.name)
  for (const entry of spec.entries ?? []) fillEntry(database, group, entry)
  for (const child of spec.groups ?? []) fillGroup(database, group, child)
}

/** A KeePass database with the cheapest KDF settings unless told otherwise. */
export async function kdbx(
  root: { entries?: KdbxEntrySpec[]; groups?: KdbxGroupSpec[] },
  options: KdbxOptions = {},
): Promise<Uint8Array> {
  const password = options.password === undefined ? 'kee pass' : options.password
  const credentials = new kdbxweb.Credentials(
    password === null ? null : kdbxweb.ProtectedValue.fromString(password),
    // kdbxweb may wipe what it is given: the caller's key file stays as it was.
    options.keyFile ? options.keyFile.slice() : null,
  )
  await credentials.ready
  const database = kdbxweb.Kdbx.create(credentials, 'Agency database')
  const version = options.version ?? 4
  database.header.setVersion(version)
  const kdf = options.kdf ?? (version === 3 ? 'aes' : 'argon2id')
  if (version === 4) {
    database.header.setKdf(
      kdf === 'aes'
        ? kdbxweb.Consts.KdfId.Aes
        : kdf === 'argon2d'
          ? kdbxweb.Consts.KdfId.Argon2d
          : kdbxweb.Consts.KdfId.Argon2id,
    )
    const params = database.header.kdfParameters
    if (params === undefined) throw new Error('no KDF parameters')
    if (kdf === 'aes') {
      params.set('R', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(options.rounds ?? 10))
    } else {
      params.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(options.memory ?? 64 * 1024))
      params.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(options.passes ?? 1))
      params.set('P', kdbxweb.VarDictionary.ValueType.UInt32, options.lanes ?? 1)
    }
  } else {
    database.header.keyEncryptionRounds = options.rounds ?? 10
  }
  const top = database.getDefaultGroup()
  for (const entry of root.entries ?? []) fillEntry(database, top, entry)
  for (const group of root.groups ?? []) fillGroup(database, top, group)
  if (options.recycled !== undefined) {
    const bin = database.createGroup(top, 'Trash')
    for (const entry of options.recycled) fillEntry(database, bin, entry)
    database.meta.recycleBinEnabled = true
    database.meta.recycleBinUuid = bin.uuid
  }
  return new Uint8Array(await database.save())
}

/** A KeePass XML key file (version 2.0), as KeePassXC writes it. */
export async function xmlKeyFile(): Promise<Uint8Array> {
  return kdbxweb.Credentials.createRandomKeyFile(2)
}

/** A raw 32-byte key file (KeePass accepts any 32 bytes as the key itself). */
export function rawKeyFile(): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, index) => (index * 37 + 11) & 0xff)
}

/** Rewrites the KDF fields of a KDBX 4 header, for hostile-parameter tests. Returns a new file. */
export function withKdbx4Kdf(bytes: Uint8Array, change: (params: kdbxweb.VarDictionary) => void): Uint8Array {
  const buffer = bytes.slice().buffer
  const stream = new kdbxweb.BinaryStream(buffer)
  const header = kdbxweb.KdbxHeader.read(stream, undefined as unknown as kdbxweb.KdbxContext)
  const params = header.kdfParameters
  if (params === undefined) throw new Error('not KDBX 4')
  change(params)
  const out = new kdbxweb.BinaryStream()
  header.write(out)
  const rest = bytes.subarray(header.endPos ?? 0)
  const head = new Uint8Array(out.getWrittenBytes())
  const file = new Uint8Array(head.length + rest.length)
  file.set(head)
  file.set(rest, head.length)
  return file
}

/** Rewrites KDBX 3.1's transform rounds in place (its header has no hash to break). */
export function withKdbx3Rounds(bytes: Uint8Array, rounds: number): Uint8Array {
  const file = bytes.slice()
  let offset = 12
  while (offset < file.length) {
    const id = file[offset] ?? 0
    const size = (file[offset + 1] ?? 0) | ((file[offset + 2] ?? 0) << 8)
    if (id === 6) {
      const view = new DataView(file.buffer, file.byteOffset + offset + 3, 8)
      view.setUint32(0, rounds % 2 ** 32, true)
      view.setUint32(4, Math.floor(rounds / 2 ** 32), true)
      return file
    }
    if (id === 0) break
    offset += 3 + size
  }
  throw new Error('no transform rounds field')
}

// ---------------------------------------------------------------------------------------------------
// Proton Pass

export interface ProtonItem {
  name?: string
  note?: string
  type?: string
  username?: string
  email?: string
  /** Old exports' single username field. */
  legacyUsername?: string
  urls?: string[]
  totpUri?: string
  password?: string
  extraTotps?: string[]
  state?: number
}

export function protonItem(item: ProtonItem): Record<string, unknown> {
  return {
    itemId: `id-${item.name ?? ''}`,
    shareId: 'share',
    data: {
      metadata: { name: item.name, note: item.note ?? '', itemUuid: 'uuid' },
      extraFields: [
        { fieldName: 'PIN', type: 'hidden', data: { content: '1234' } },
        ...(item.extraTotps ?? []).map((totpUri, index) => ({
          fieldName: `2FA ${index + 1}`,
          type: 'totp',
          data: { totpUri },
        })),
      ],
      type: item.type ?? 'login',
      content: {
        ...(item.legacyUsername === undefined
          ? { itemEmail: item.email ?? '', itemUsername: item.username ?? '' }
          : { username: item.legacyUsername }),
        password: item.password ?? '',
        urls: item.urls ?? [],
        totpUri: item.totpUri ?? '',
        passkeys: [],
      },
    },
    state: item.state ?? 1,
    aliasEmail: null,
    contentFormatVersion: 6,
    createTime: 1_700_000_000,
    modifyTime: 1_700_000_000,
    pinned: false,
  }
}

export function protonData(vaults: Record<string, ProtonItem[]>, extra: Record<string, unknown> = {}) {
  return {
    version: '1.21.0',
    userId: 'user',
    encrypted: false,
    vaults: Object.fromEntries(
      Object.entries(vaults).map(([name, items], index) => [
        `share-${index}`,
        { name, description: '', display: { color: 0, icon: 0 }, items: items.map(protonItem) },
      ]),
    ),
    ...extra,
  }
}

export function protonZip(data: unknown): Promise<Uint8Array> {
  return zipOf({
    'Proton Pass/data.json': JSON.stringify(data),
    'Proton Pass/files/attachment.bin': new Uint8Array([1, 2, 3]),
  })
}

/** Proton Pass's PGP export: the zip in an armoured, passphrase-encrypted message. */
export async function protonPgp(
  data: unknown,
  passphrase: string,
  config: Partial<openpgp.Config> = {},
  payload?: Uint8Array,
): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ binary: payload ?? (await protonZip(data)) })
  const armored = (await openpgp.encrypt({
    message,
    passwords: [passphrase],
    format: 'armored',
    config: { s2kIterationCountByte: 96, ...config },
  })) as unknown as string
  return Buffer.from(armored, 'utf8')
}

// ---------------------------------------------------------------------------------------------------
// CSV

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function csv(rows: string[][]): Uint8Array {
  return Buffer.from(`${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8')
}

export const LASTPASS_HEADER = ['url', 'username', 'password', 'totp', 'extra', 'name', 'grouping', 'fav']
export const DASHLANE_HEADER = [
  'username',
  'username2',
  'username3',
  'title',
  'password',
  'note',
  'url',
  'category',
  'otpSecret',
]
export const DASHLANE_NEW_HEADER = [...DASHLANE_HEADER.slice(0, -1), 'otpUrl']
