import { deserialize, serialize } from 'node:v8'
import { AccountStore } from '../electron/core/accounts/account-store.ts'
import { AuditLog } from '../electron/core/audit/audit-log.ts'
import { computeFlags } from '../electron/core/rules/compute-flags.ts'
import { filterAccounts, searchIndex, sortAccounts } from '../renderer/manager/accounts/account-filters.ts'
import { rankAccounts } from '../renderer/popup/rank-accounts.ts'
import type { AccountSummary } from '../shared/domain/accounts.ts'
import { contract } from '../shared/ipc/contract.ts'
import type { BenchVault } from './bench-vault.ts'
import { hotFunctions, profileInProcess } from './cpu-profile.ts'
import { amount, round, timed, type Figure, type Profile, type Proposal } from './figures.ts'
import { measure, measureAsync, summarise, type Timing } from './measure.ts'

const SEARCH_TARGET_MS = 10
const FLAGS_TARGET_MS = 50

/**
 * What people type, one keystroke at a time: words in any order, a client, a handle fragment, a phone
 * number with its spaces, and something that matches nothing (the whole list is scanned for it).
 */
export const TYPED_SEARCHES = ['acme tiktok', 'client 042', 'nordic.04', '+1 415 555', 'zzz']

function keystrokes(): string[] {
  return TYPED_SEARCHES.flatMap((text) =>
    Array.from({ length: text.length }, (_, index) => text.slice(0, index + 1)),
  )
}

/** Each keystroke timed on its own; the figure is the slowest keystroke, since every one must be quick. */
function perKeystroke(search: (typed: string) => unknown): {
  slowest: Timing
  typical: number
  slowestText: string
} {
  const results = keystrokes().map((typed) => ({
    typed,
    timing: measure(() => search(typed), { warmup: 2, runs: 9 }),
  }))
  const slowest = results.reduce((worst, entry) =>
    entry.timing.median > worst.timing.median ? entry : worst,
  )
  return {
    slowest: slowest.timing,
    typical: summarise(results.map((entry) => entry.timing.median)).median,
    slowestText: slowest.typed,
  }
}

export async function listFigures(
  vault: BenchVault,
): Promise<{ figures: Figure[]; profiles: Profile[]; proposals: Proposal[] }> {
  const backend = await vault.openUnlocked()
  try {
    const listed = backend.accounts.list()
    const accounts: AccountSummary[] = listed.accounts
    const flags = listed.flags

    // The manager's search: the list sorted and indexed once per fetch, then filterAccounts per keystroke.
    const sortTiming = measure(() => sortAccounts(accounts), { runs: 7 })
    const indexTiming = measure(() => searchIndex(accounts), { runs: 7 })
    const sorted = sortAccounts(accounts)
    const index = searchIndex(accounts)
    const scope = { kind: 'all' } as const
    const manager = perKeystroke((search) =>
      filterAccounts(sorted, index, flags, { scope, flag: null, search }),
    )
    // The quick popup: its order and index are built on the first keystroke after a list fetch.
    const popupFirst = measure(() => rankAccounts([...accounts], 'a'), { warmup: 1, runs: 5 })
    const popup = perKeystroke((search) => rankAccounts(accounts, search))
    const popupProfile = await profileInProcess(() => {
      for (const typed of ['a', 'ac', 'acm', 'acme']) rankAccounts(accounts, typed)
    })

    // Posture flags: the rules over every account, as AccountService.list and flags() run them.
    const db = backend.vault.requireUnlockedDatabase()
    const store = new AccountStore(
      db,
      () => backend.vault.requireKey(),
      new AuditLog(db, 'bench', Date.now),
      Date.now,
    )
    const ruleAccounts = store.list()
    const settings = { lowBackupCodeThreshold: backend.accounts.settings().lowBackupCodeThreshold }
    const flagsTiming = measure(() => computeFlags(ruleAccounts, settings), { warmup: 3, runs: 15 })
    const readTiming = measure(() => store.list(), { warmup: 2, runs: 9 })
    const flagsProfile = await profileInProcess(() => {
      for (let run = 0; run < 10; run++) computeFlags(ruleAccounts, settings)
    })

    // accounts:list, the manager's one read: its cost in the core, at the IPC boundary and its size.
    const listTiming = measure(() => backend.accounts.list(), { warmup: 2, runs: 9 })
    const dispatchTiming = await measureAsync(() => backend.dispatch('accounts:list', {}), {
      warmup: 2,
      runs: 9,
    })
    const json = JSON.stringify(listed)
    const cloned = serialize(listed)
    const stringify = measure(() => JSON.stringify(listed), { runs: 7 })
    const parse = measure(() => JSON.parse(json), { runs: 7 })
    const clone = measure(() => deserialize(serialize(listed)), { runs: 7 })
    const validate = measure(() => contract['accounts:list'].response.safeParse(listed), { runs: 7 })
    // What the two windows would receive with the answers proposed in docs/benchmarks.md.
    const withoutMessages = {
      accounts,
      flags: flags.map(({ message: _message, ...flag }) => flag),
    }
    const popupList = {
      accounts: accounts.map((account) => ({
        id: account.id,
        platform: account.platform,
        handle: account.handle,
        issuer: account.issuer,
        clientName: account.clientName,
        lastUsedAt: account.lastUsedAt,
        authenticator: account.methods.authenticator !== null,
        backupCodesUnused: account.methods.backupCodes?.unused ?? null,
        phones: [account.methods.sms?.phone, account.methods.whatsapp?.phone].filter(Boolean),
        tags: account.tags,
      })),
      warned: [
        ...new Set(flags.filter((flag) => flag.severity !== 'info').flatMap((flag) => flag.accountIds)),
      ],
    }
    const transfer = (answer: unknown) => measure(() => deserialize(serialize(answer)), { runs: 7 }).median
    const megabytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer)) / 1024 / 1024

    const keystrokesNote = (result: { typical: number; slowestText: string }) =>
      `slowest keystroke "${result.slowestText}"; median keystroke ${round(result.typical)} ms; typed: ${TYPED_SEARCHES.map((text) => `"${text}"`).join(', ')}`
    return {
      figures: [
        timed('search per keystroke: manager (filterAccounts)', manager.slowest, SEARCH_TARGET_MS, {
          measures: `renderer/manager/accounts/account-filters.ts filterAccounts over ${accounts.length.toLocaleString('en')} accounts, index and sort built once per list`,
          parts: {
            'searchIndex per list fetch': round(indexTiming.median),
            'sortAccounts per list fetch': round(sortTiming.median),
          },
          note: keystrokesNote(manager),
        }),
        timed('search per keystroke: quick popup (rankAccounts)', popup.slowest, SEARCH_TARGET_MS, {
          measures: `renderer/popup/rank-accounts.ts rankAccounts over ${accounts.length.toLocaleString('en')} accounts, as QuickCode calls it on each keystroke`,
          note: keystrokesNote(popup),
          parts: { 'order and index, once per list fetch': round(popupFirst.median) },
        }),
        timed('posture flags over all accounts (computeFlags)', flagsTiming, FLAGS_TARGET_MS, {
          measures: `electron/core/rules computeFlags over ${ruleAccounts.length.toLocaleString('en')} accounts → ${flags.length.toLocaleString('en')} flags`,
          parts: { 'reading the accounts first (AccountStore.list)': round(readTiming.median) },
        }),
        timed('accounts:list in the core (AccountService.list)', listTiming, null, {
          measures: 'read every account (5 queries) + computeFlags + toSummary',
        }),
        timed('accounts:list through the dispatcher', dispatchTiming, null, {
          measures: 'as above plus zod validation of the request and the 10,000-account answer',
          parts: {
            "zod check of the answer (the dispatcher's)": round(validate.median),
            'JSON.stringify (harness transport)': round(stringify.median),
            'JSON.parse (harness page)': round(parse.median),
            'structured clone, serialise + deserialise (Electron IPC)': round(clone.median),
          },
        }),
        amount('accounts:list answer size', Buffer.byteLength(json) / 1024 / 1024, 'MB', null, {
          measures: `${accounts.length.toLocaleString('en')} account summaries and ${flags.length.toLocaleString('en')} flags, as JSON`,
          parts: {
            'accounts (MB)': round(Buffer.byteLength(JSON.stringify(accounts)) / 1024 / 1024),
            'flags (MB)': round(Buffer.byteLength(JSON.stringify(flags)) / 1024 / 1024),
            'structured clone (MB)': round(cloned.length / 1024 / 1024),
          },
          note: 'sent again in full after every change (the manager refetches the whole list)',
        }),
      ],
      proposals: [
        {
          file: 'shared/ipc/contract.ts, electron/core/ipc/account-handlers.ts, renderer/manager',
          change:
            'accounts:list answers flags without their `message` (kind, severity, accountIds, phone); a new flags:list (or flags:messages for given ids) gives the sentences to the Flags view and the account detail, which show them',
          figure: 'accounts:list answer size',
          unit: 'MB',
          now: round(megabytes(listed)),
          proposed: round(megabytes(withoutMessages)),
          note: `structured clone there and back ${round(clone.median)} → ${round(transfer(withoutMessages))} ms`,
        },
        {
          file: 'shared/ipc/popup-api.ts, shared/ipc/contract.ts, electron/core/accounts/account-service.ts, renderer/popup/QuickCode.tsx',
          change:
            'the quick popup asks for its own list (popup:list: id, platform, handle, issuer, client, lastUsedAt, whether it has an authenticator, unused backup codes, phones, tags, and the ids with warnings) instead of accounts:list with every field and every flag sentence',
          figure: 'answer the popup waits for before its first code',
          unit: 'MB',
          now: round(megabytes(listed)),
          proposed: round(megabytes(popupList)),
          note: `structured clone there and back ${round(clone.median)} → ${round(transfer(popupList))} ms`,
        },
      ],
      profiles: [
        {
          of: 'search per keystroke: quick popup (rankAccounts, "a" … "acme")',
          top: hotFunctions(popupProfile, 10),
        },
        { of: 'posture flags (computeFlags ×10)', top: hotFunctions(flagsProfile, 10) },
      ],
    }
  } finally {
    backend.close()
  }
}
