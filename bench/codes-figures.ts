import { createSecretKey } from 'node:crypto'
import type { Backend } from '../electron/core/app-backend.ts'
import { AccountStore } from '../electron/core/accounts/account-store.ts'
import { AuditLog } from '../electron/core/audit/audit-log.ts'
import { openAuditChainKey } from '../electron/core/audit/audit-chain.ts'
import { generateCode, PreparedSecret } from '../electron/core/engine/index.ts'
import type { BenchVault } from './bench-vault.ts'
import { hmacLoopCodes, otpauthCodes, otpauthGenerators, type PlainAuthenticator } from './code-references.ts'
import { hotFunctions, profileInProcess } from './cpu-profile.ts'
import { round, timed, type Figure, type Profile } from './figures.ts'
import { measure, measureAsync, measureTogether } from './measure.ts'
import { ACCOUNT_COUNT } from './seed-10k.ts'

const TARGET_MS = 100
/** `codes:get` takes at most this many ids (shared/ipc/contract.ts), so the app asks in batches. */
const CODES_PER_REQUEST = 1000

/** Every authenticator in the vault, decrypted once, outside any timing. */
function decryptAll(backend: Backend): PlainAuthenticator[] {
  const db = backend.vault.requireUnlockedDatabase()
  const store = new AccountStore(
    db,
    backend.vault.keyAccess(),
    new AuditLog(db, 'bench', Date.now, () => openAuditChainKey(db, backend.vault.requireKey())),
    Date.now,
  )
  return [...store.sealedAuthenticators().values()].map((row) => {
    const { params, counter, secret } = store.openAuthenticator(row)
    return { accountId: row.account_id, params, counter, key: secret }
  })
}

/** Exactly `count` authenticators, starting over when the vault holds fewer (not every account has one). */
function workload(authenticators: readonly PlainAuthenticator[], count: number): PlainAuthenticator[] {
  return Array.from(
    { length: count },
    (_, index) => authenticators[index % authenticators.length] as PlainAuthenticator,
  )
}

export async function codesFigures(
  vault: BenchVault,
  accountIds: readonly string[],
): Promise<{ figures: Figure[]; profiles: Profile[] }> {
  const backend = await vault.openUnlocked()
  try {
    const nowMs = Date.now()
    const all = decryptAll(backend)
    const codes = workload(all, ACCOUNT_COUNT)
    // The engine's own objects, made once as PreparedSecrets makes them after unlock.
    const prepared = codes.map(({ params, key }) => PreparedSecret.fromBytes(params, key))
    const generators = otpauthGenerators(codes)
    // The limit gets imported keys too: raw bytes would charge it Node's key-type checks (see below).
    const imported = codes.map((entry) => ({ ...entry, key: createSecretKey(entry.key) }))
    const engine = () =>
      prepared.map((secret, index) => generateCode(secret, { nowMs, counter: codes[index]?.counter ?? 0 }))

    const expected = hmacLoopCodes(codes, nowMs)
    const mismatches = engine().filter((code, index) => code !== expected[index]).length
    if (mismatches > 0) throw new Error(`the engine and the HMAC loop disagree on ${mismatches} codes`)

    const timings = measureTogether(
      {
        limit: () => hmacLoopCodes(imported, nowMs),
        rawKeys: () => hmacLoopCodes(codes, nowMs),
        otpauth: () => otpauthCodes(generators, nowMs),
        engine,
      },
      { warmup: 3, runs: 15 },
    )
    const ratios = (ms: number, perCodes: number) => ({
      'vs node:crypto HMAC loop': round(ms / perCodes / (timings.limit.median / ACCOUNT_COUNT)),
      'vs otpauth': round(ms / perCodes / (timings.otpauth.median / ACCOUNT_COUNT)),
    })

    // The app's own path: codes:get → CodeService.codes → PreparedSecrets (decrypt once) → engine.
    const service = backend.codes
    const produced = service.codes(accountIds, nowMs).length
    const warm = measure(() => service.codes(accountIds, nowMs), { warmup: 3, runs: 15 })
    const cold = await measureAsync(() => Promise.resolve(service.codes(accountIds, nowMs)), {
      warmup: 1,
      runs: 5,
      // Locking wipes every prepared secret, as in the app; the next call decrypts them all again.
      setup: async () => {
        await backend.vault.lock()
        await vault.unlock(backend)
      },
    })
    const batches = Array.from({ length: Math.ceil(accountIds.length / CODES_PER_REQUEST) }, (_, index) =>
      accountIds.slice(index * CODES_PER_REQUEST, (index + 1) * CODES_PER_REQUEST),
    )
    service.codes(accountIds, nowMs)
    const dispatched = await measureAsync(
      async () => {
        for (const ids of batches) await backend.dispatch('codes:get', { accountIds: ids })
      },
      { warmup: 2, runs: 9 },
    )

    const profile = await profileInProcess(() => {
      for (let run = 0; run < 5; run++) engine()
    })
    for (const secret of prepared) secret.wipe()
    for (const entry of all) entry.key.fill(0)

    const onAuthenticators = `${produced.toLocaleString('en')} of the ${accountIds.length.toLocaleString('en')} accounts have an authenticator`
    return {
      figures: [
        timed('codes ×10,000: engine', timings.engine, TARGET_MS, {
          measures:
            'electron/core/engine generateCode() over 10,000 PreparedSecrets (TOTP/HOTP/Steam, SHA-1/256/512, as seeded); secrets already decrypted',
          ratios: ratios(timings.engine.median, ACCOUNT_COUNT),
        }),
        timed('codes ×10,000: node:crypto HMAC loop (the limit)', timings.limit, null, {
          measures: 'createHmac + RFC 4226 truncation per code, keys imported once as KeyObjects; no checks',
        }),
        timed('codes ×10,000: node:crypto HMAC loop, raw key bytes', timings.rawKeys, null, {
          measures: 'the same loop handing createHmac the key bytes, as otplib and otpauth do',
          note: 'Node 24 checks a raw key by throwing and catching two TypeErrors per call (isKeyObject, isCryptoKey)',
        }),
        timed('codes ×10,000: otpauth 9 (reference)', timings.otpauth, null, {
          measures: 'otpauth TOTP/HOTP objects built once, generate() per code (Steam as 5-digit TOTP)',
        }),
        timed('codes for all accounts: CodeService.codes, secrets prepared', warm, TARGET_MS, {
          measures: `the codes:get handler's work for all ${accountIds.length.toLocaleString('en')} ids, after the first call; ${onAuthenticators}`,
          ratios: ratios(warm.median, produced),
        }),
        timed('codes for all accounts: CodeService.codes, first call after unlock', cold, TARGET_MS, {
          measures: `as above, right after unlocking: every secret read and decrypted (AES-256-GCM) first`,
          ratios: ratios(cold.median, produced),
        }),
        timed('codes for all accounts: codes:get through the dispatcher', dispatched, TARGET_MS, {
          measures: `${batches.length} requests of ≤${CODES_PER_REQUEST} ids (the contract's limit), zod validation both ways; secrets prepared`,
          ratios: ratios(dispatched.median, produced),
        }),
      ],
      profiles: [
        { of: 'codes ×10,000: engine (in-process CPU profile, 5 runs)', top: hotFunctions(profile, 12) },
      ],
    }
  } finally {
    backend.close()
  }
}
