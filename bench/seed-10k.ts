import type { Backend } from '../electron/core/app-backend.ts'
import { encodeBase32Secret, generateCode, PreparedSecret } from '../electron/core/engine/index.ts'
import type { OtpParameters } from '../electron/core/engine/index.ts'
import { platformPresets, type PlatformId } from '../shared/domain/platforms.ts'
import { seedAccounts, type SeedAccount } from '../test/harness/seed-vault.ts'

/**
 * A 10,000-account agency vault, the same every run (a fixed pseudo-random sequence), so figures from
 * different days compare like with like. The mix is what the issue asks for and what agencies hold:
 * mostly Instagram and TikTok, every kind of authenticator, 30 % of accounts on a number another
 * account also uses, backup codes on half of them (some running low or used up), and the weak spots
 * the posture rules look for (SMS only, no 2FA, WhatsApp without SMS, a few duplicated secrets).
 */
export const ACCOUNT_COUNT = 10_000

/** Each shared number protects about three accounts: 3,000 accounts on 1,000 numbers. */
const SHARED_FRACTION = 0.3
const ACCOUNTS_PER_SHARED_NUMBER = 3
const UNIQUE_PHONE_FRACTION = 0.3
const CLIENTS = 250
/** About ten duplicated secrets in 10,000 accounts. */
const DUPLICATE_EVERY = 1000

const PLATFORM_MIX: readonly [PlatformId, number][] = [
  ['instagram', 0.4],
  ['tiktok', 0.2],
  ['facebook', 0.15],
  ['x', 0.1],
  ['google', 0.1],
  ['generic', 0.05],
]
const GENERIC_ISSUERS = ['Steam', 'GitHub', 'Shopify', 'Mailchimp', 'Canva', 'Later', 'Hootsuite']
const WORDS = [
  'acme',
  'nordic',
  'harbour',
  'lumen',
  'studio',
  'bakery',
  'coffee',
  'outdoors',
  'trails',
  'events',
  'fashion',
  'fitness',
  'garden',
  'travel',
  'foodie',
  'vintage',
  'urban',
  'coastal',
  'alpine',
  'daily',
  'pixel',
  'maker',
  'craft',
  'social',
  'media',
  'brand',
  'local',
  'global',
  'green',
  'golden',
]
const AREA_CODES = ['212', '213', '310', '312', '415', '512', '617', '646', '702', '718', '805', '917']
const TAGS = ['paid', 'organic', 'launch', 'vip', 'archive', 'main', 'backup', 'ads']

/** mulberry32: tiny, fast and good enough to spread a benchmark's data; not for anything secret. */
export function pseudoRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function pickWeighted<T>(random: () => number, weighted: readonly [T, number][]): T {
  let roll = random()
  for (const [item, weight] of weighted) {
    roll -= weight
    if (roll < 0) return item
  }
  return (weighted.at(-1) as [T, number])[0]
}

function randomSecret(random: () => number, bytes = 20): string {
  return encodeBase32Secret(Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256)))
}

/** Valid US numbers (libphonenumber accepts 555 exchanges outside 01xx), one per index. */
function phoneNumber(index: number): string {
  const area = AREA_CODES[index % AREA_CODES.length] as string
  return `+1${area}555${String(Math.floor(index / AREA_CODES.length) % 10_000).padStart(4, '0')}`
}

/** What kind of authenticator an account gets: mostly the classic 6-digit SHA-1 TOTP. */
function authenticatorParams(random: () => number, platform: PlatformId, issuer: string): OtpParameters {
  if (platform === 'generic') {
    if (issuer === 'Steam') return { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
    if (random() < 0.4) return { type: 'hotp', algorithm: 'SHA1', digits: 6 }
  }
  const roll = random()
  if (roll < 0.05) return { type: 'totp', algorithm: 'SHA256', digits: 8, period: 30 }
  if (roll < 0.08) return { type: 'totp', algorithm: 'SHA512', digits: 8, period: 60 }
  return { type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 }
}

export interface AgencyAccount {
  request: SeedAccount
  /** Backup codes to set after the account exists, and how many of them to use. */
  backupCodes: { text: string; use: number } | null
}

export function agencyAccounts(count = ACCOUNT_COUNT, seed = 7): AgencyAccount[] {
  const random = pseudoRandom(seed)
  const sharedAccounts = Math.round(count * SHARED_FRACTION)
  const sharedNumbers = Math.ceil(sharedAccounts / ACCOUNTS_PER_SHARED_NUMBER)
  // Accounts on a shared number are spread over the list rather than bunched at its start.
  const order = Array.from({ length: count }, (_, index) => index).sort(() => random() - 0.5)
  const phoneOf = new Map<number, string>()
  order.slice(0, sharedAccounts).forEach((index, position) => {
    phoneOf.set(index, phoneNumber(position % sharedNumbers))
  })
  order
    .slice(sharedAccounts, sharedAccounts + Math.round(count * UNIQUE_PHONE_FRACTION))
    .forEach((index, n) => {
      phoneOf.set(index, phoneNumber(sharedNumbers + n))
    })
  let previousSecret: string | null = null

  return Array.from({ length: count }, (_, index): AgencyAccount => {
    const platform = pickWeighted(random, PLATFORM_MIX)
    const preset = platformPresets[platform]
    const issuer = platform === 'generic' ? pick(random, GENERIC_ISSUERS) : preset.issuer
    const brand = `${pick(random, WORDS)}${pick(random, WORDS)}`
    const handle = `${preset.handlePrefix}${brand}.${String(index).padStart(5, '0')}`
    const phone = phoneOf.get(index)
    // 12 % have no authenticator: with a phone they are SMS-only, without one they have no 2FA.
    const withAuthenticator = random() >= 0.12
    const request: SeedAccount = {
      platform,
      handle,
      ...(platform === 'generic' ? { issuer } : {}),
      ...(random() < 0.3
        ? { displayName: `${brand[0]?.toUpperCase() ?? ''}${brand.slice(1)} ${platform}` }
        : {}),
      ...(random() < 0.9
        ? { clientName: `Client ${String(Math.floor(random() * CLIENTS)).padStart(3, '0')}` }
        : {}),
      ...(random() < 0.25 ? { tags: [pick(random, TAGS)] } : {}),
    }
    if (withAuthenticator) {
      const params = authenticatorParams(random, platform, issuer)
      // Now and then the QR code of the account before was scanned again: a duplicated secret.
      const duplicate = index % DUPLICATE_EVERY === DUPLICATE_EVERY / 2 && previousSecret !== null
      const secret = duplicate ? (previousSecret as string) : randomSecret(random)
      previousSecret = secret
      request.authenticator = {
        source: 'manual',
        secret,
        type: params.type,
        algorithm: params.algorithm,
        digits: params.digits,
        ...(params.type === 'hotp' ? {} : { period: params.period }),
      }
      // Most secrets were confirmed with the service's code when added; a few were not.
      if (params.type === 'totp' && random() < 0.85) request.verificationCode = codeNow(params, secret)
    }
    if (phone) {
      const whatsappAllowed = preset.methods.includes('whatsapp')
      const roll = random()
      if (whatsappAllowed && roll < 0.02) request.whatsapp = phone
      else {
        request.sms = phone
        if (whatsappAllowed && roll < 0.15) request.whatsapp = phone
      }
    }
    return { request, backupCodes: index % 2 === 0 ? backupCodesFor(random, platform) : null }
  })
}

function codeNow(params: OtpParameters, secret: string): string {
  const prepared = PreparedSecret.fromBase32(params, secret)
  try {
    return generateCode(prepared, { nowMs: Date.now() })
  } finally {
    prepared.wipe()
  }
}

/** A set in the platform's own layout; a fifth are down to their last code, a tenth used up. */
function backupCodesFor(random: () => number, platform: PlatformId): { text: string; use: number } {
  const preset = platformPresets[platform]
  const length = preset.backupCodeLength ?? 8
  const total = preset.backupCodesPerSet ?? 10
  const codes = new Set<string>()
  while (codes.size < total) {
    codes.add(Array.from({ length }, () => Math.floor(random() * 10)).join(''))
  }
  const roll = random()
  const use = roll < 0.1 ? total : roll < 0.3 ? total - 1 : Math.floor(random() * total)
  return { text: [...codes].join('\n'), use }
}

export interface SeedReport {
  accounts: number
  withAuthenticator: number
  onSharedNumber: number
  withBackupCodes: number
}

/**
 * Seeds through the account services, the path the app and the CLI take: accounts with `add`, then backup
 * codes with `setBackupCodes` and `useNextBackupCode`, each batch in one transaction (one fsync).
 */
export function seedAgency(backend: Backend, accounts: readonly AgencyAccount[]): SeedReport {
  const added = seedAccounts(
    backend,
    accounts.map((account) => account.request),
  )
  const db = backend.vault.requireUnlockedDatabase()
  db.transaction(() => {
    added.forEach((summary, index) => {
      const codes = accounts[index]?.backupCodes
      if (!codes) return
      backend.backupCodes.setBackupCodes(summary.id, codes.text)
      for (let used = 0; used < codes.use; used++) backend.backupCodes.useNextBackupCode(summary.id)
    })
  })()
  const phones = new Map<string, number>()
  for (const { request } of accounts) {
    const phone = request.sms ?? request.whatsapp
    if (phone) phones.set(phone, (phones.get(phone) ?? 0) + 1)
  }
  return {
    accounts: added.length,
    withAuthenticator: accounts.filter((account) => account.request.authenticator).length,
    onSharedNumber: accounts.filter(
      ({ request }) => (phones.get(request.sms ?? request.whatsapp ?? '') ?? 0) > 1,
    ).length,
    withBackupCodes: accounts.filter((account) => account.backupCodes).length,
  }
}

/** 10,000 otpauth:// links none of which the seeded vault holds, as an export file would list them. */
export function otpauthImportText(count = ACCOUNT_COUNT, seed = 11): string {
  const random = pseudoRandom(seed)
  const lines: string[] = []
  for (let index = 0; index < count; index++) {
    const platform = pickWeighted(random, PLATFORM_MIX)
    const issuer =
      platform === 'generic' ? pick(random, GENERIC_ISSUERS.slice(1)) : platformPresets[platform].issuer
    const account = `import.${pick(random, WORDS)}.${String(index).padStart(5, '0')}`
    lines.push(
      `otpauth://totp/${encodeURIComponent(issuer)}:${account}?secret=${randomSecret(random)}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`,
    )
  }
  return `${lines.join('\n')}\n`
}
