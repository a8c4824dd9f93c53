import { deserialize, serialize } from 'node:v8'
import { AccountStore } from '../electron/core/accounts/account-store.ts'
import { AuditLog } from '../electron/core/audit/audit-log.ts'
import { openAuditChainKey } from '../electron/core/audit/audit-chain.ts'
import { computeFlags } from '../electron/core/rules/compute-flags.ts'
import { filterAccounts, searchTexts } from '../renderer/manager/accounts/account-filters.ts'
import type { AccountSummary } from '../shared/domain/accounts.ts'
import { contract } from '../shared/ipc/contract.ts'
import { answerOf, type BenchVault } from './bench-vault.ts'
import { hotFunctions, profileInProcess } from './cpu-profile.ts'
import {
  amount,
  round,
  timed,
  type Figure,
  type Profile,
  type Proposal,
  MANAGER_FIRST_PAGE,
} from './figures.ts'
import { measure, measureAsync, summarise, type Timing } from './measure.ts'

const SEARCH_TARGET_MS = 10
const FLAGS_TARGET_MS = 50
/** What the quick popup asks for per keystroke (renderer/popup/QuickCode.tsx, RESULTS). */
const POPUP_RESULTS = 50

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

interface Keystrokes {
  slowest: Timing
  typical: number
  slowestText: string
}

/** Each keystroke timed on its own; the figure is the slowest keystroke, since every one must be quick. */
function perKeystroke(search: (typed: string) => unknown): Keystrokes {
  return slowestOf(
    keystrokes().map((typed) => ({ typed, timing: measure(() => search(typed), { warmup: 2, runs: 9 }) })),
  )
}

/** As `perKeystroke`, for a search answered through the dispatcher. */
async function perKeystrokeAsync(search: (typed: string) => Promise<unknown>): Promise<Keystrokes> {
  const results: { typed: string; timing: Timing }[] = []
  for (const typed of keystrokes()) {
    results.push({ typed, timing: await measureAsync(() => search(typed), { warmup: 2, runs: 9 }) })
  }
  return slowestOf(results)
}

function slowestOf(results: readonly { typed: string; timing: Timing }[]): Keystrokes {
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
    // The core answers the list already in the manager's order (compareForList).
    const listed = backend.queries.list()
    const accounts: AccountSummary[] = listed.accounts
    const flags = listed.flags

    // The manager's search: the search texts built once per list fetch, then filterAccounts per
    // keystroke over the list as the core sorted it.
    const textsTiming = measure(() => searchTexts(accounts), { runs: 7 })
    const texts = searchTexts(accounts)
    const scope = { kind: 'all' } as const
    const manager = perKeystroke((search) =>
      filterAccounts(accounts, texts, flags, { scope, flag: null, search }),
    )

    // The quick popup's search, answered in main: accounts:quick-search through the dispatcher and its
    // answer's structured clone into the popup. Each run of the two "after a change" parts copies a
    // code first, untimed: what the popup does most, and a write, so the index is stale after it.
    const quickSearch = async (query: string) =>
      deserialize(
        serialize(await answerOf(backend, 'accounts:quick-search', { query, limit: POPUP_RESULTS })),
      ) as unknown
    const copied = accounts.find((account) => account.methods.authenticator?.type === 'totp')
    if (!copied) throw new Error('the seeded vault has no TOTP account to copy a code from')
    const change = async () => {
      await backend.codes.copyCode(copied.id)
    }
    const popupOpening = await measureAsync(() => quickSearch(''), { setup: change, warmup: 1, runs: 7 })
    const popupBuild = await measureAsync(() => quickSearch('a'), { setup: change, warmup: 1, runs: 7 })
    // One query so the index exists for this revision, as after the first keystroke.
    await quickSearch('a')
    const popup = await perKeystrokeAsync(quickSearch)
    const popupAnswer = await quickSearch('a')
    const popupProfile = await profileInProcess(async () => {
      for (let run = 0; run < 3; run++) {
        await change()
        for (const typed of ['a', 'ac', 'acm', 'acme']) await quickSearch(typed)
      }
    })

    // Posture flags: the rules over every account, as AccountQueries.list and flags() run them.
    const db = backend.vault.requireUnlockedDatabase()
    const store = new AccountStore(
      db,
      backend.vault.keyAccess(),
      new AuditLog(db, 'bench', Date.now, () => openAuditChainKey(db, backend.vault.requireKey())),
      Date.now,
    )
    const ruleAccounts = store.list()
    const settings = { lowBackupCodeThreshold: backend.settings.read().lowBackupCodeThreshold }
    const flagsTiming = measure(() => computeFlags(ruleAccounts, settings), { warmup: 3, runs: 15 })
    const readTiming = measure(() => store.list(), { warmup: 2, runs: 9 })
    const flagsProfile = await profileInProcess(() => {
      for (let run = 0; run < 10; run++) computeFlags(ruleAccounts, settings)
    })

    // accounts:list as the manager asks it: the first page, then the whole list (and again after every
    // change): its cost in the core, at the IPC boundary and its size.
    const pageCore = measure(() => backend.queries.list({ first: MANAGER_FIRST_PAGE }), {
      warmup: 2,
      runs: 9,
    })
    const pageDispatch = await measureAsync(
      () => backend.dispatch('accounts:list', { first: MANAGER_FIRST_PAGE }),
      {
        warmup: 2,
        runs: 9,
      },
    )
    const page = backend.queries.list({ first: MANAGER_FIRST_PAGE })
    const pageClone = measure(() => deserialize(serialize(page)), { runs: 7 })
    const pageProfile = await profileInProcess(() => {
      for (let run = 0; run < 10; run++) backend.queries.list({ first: MANAGER_FIRST_PAGE })
    })
    const listTiming = measure(() => backend.queries.list(), { warmup: 2, runs: 9 })
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
    // What the manager would receive with the answer proposed in docs/benchmarks.md.
    const withoutMessages = {
      accounts,
      flags: flags.map(({ message: _message, ...flag }) => flag),
      total: listed.total,
    }
    const transfer = (answer: unknown) => measure(() => deserialize(serialize(answer)), { runs: 7 }).median
    const megabytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer)) / 1024 / 1024

    const keystrokesNote = (result: { typical: number; slowestText: string }) =>
      `slowest keystroke "${result.slowestText}"; median keystroke ${round(result.typical)} ms; typed: ${TYPED_SEARCHES.map((text) => `"${text}"`).join(', ')}`
    return {
      figures: [
        timed('search per keystroke: manager (filterAccounts)', manager.slowest, SEARCH_TARGET_MS, {
          measures: `renderer/manager/accounts/account-filters.ts filterAccounts over ${accounts.length.toLocaleString('en')} accounts in the core's order, search texts built once per list (searchTexts)`,
          parts: { 'searchTexts per list fetch': round(textsTiming.median) },
          note: keystrokesNote(manager),
        }),
        timed('search per keystroke: quick popup (accounts:quick-search)', popup.slowest, SEARCH_TARGET_MS, {
          measures: `accounts:quick-search {query, limit: ${POPUP_RESULTS}} through the dispatcher (AccountQueries.quickSearch, QuickPickIndex over ${accounts.length.toLocaleString('en')} accounts) and its structured clone, as QuickCode asks on each keystroke, the index already built for this vault revision`,
          note: `${keystrokesNote(popup)}; an answer of ${POPUP_RESULTS} accounts is ${(Buffer.byteLength(JSON.stringify(popupAnswer)) / 1024).toFixed(1)} KB as JSON`,
          parts: {
            'first non-empty query after a change (index build)': round(popupBuild.median),
            'empty query with no index (popup opening: order keys)': round(popupOpening.median),
          },
        }),
        timed('posture flags over all accounts (computeFlags)', flagsTiming, FLAGS_TARGET_MS, {
          measures: `electron/core/rules computeFlags over ${ruleAccounts.length.toLocaleString('en')} accounts → ${flags.length.toLocaleString('en')} flags`,
          parts: { 'reading the accounts first (AccountStore.list)': round(readTiming.median) },
        }),
        timed(
          `accounts:list first page (first: ${MANAGER_FIRST_PAGE}) through the dispatcher`,
          pageDispatch,
          null,
          {
            measures: `what the manager asks first: order keys of every account (readListOrderKeys), the first ${MANAGER_FIRST_PAGE} kept without a full sort (firstInOrder) and read whole, the flags naming them (#flagsNaming), zod checks both ways`,
            parts: {
              [`in the core (AccountQueries.list {first: ${MANAGER_FIRST_PAGE}})`]: round(pageCore.median),
              'structured clone, serialise + deserialise (Electron IPC)': round(pageClone.median),
              'answer as JSON (KB)': round(Buffer.byteLength(JSON.stringify(page)) / 1024),
            },
            note: `${page.accounts.length} of ${page.total.toLocaleString('en')} accounts and the ${page.flags.length} flags naming them`,
          },
        ),
        timed('accounts:list in the core (AccountQueries.list)', listTiming, null, {
          measures:
            'the whole list: read every account (5 queries) + sort (compareForList) + computeFlags + toSummary',
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
          note: 'after its first page the manager asks for this whole list, and again in full after every change',
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
      ],
      profiles: [
        {
          of: 'quick popup search (codes:copy, then accounts:quick-search "a" … "acme", ×3: an index build and three walks each)',
          top: hotFunctions(popupProfile, 10),
        },
        { of: 'posture flags (computeFlags ×10)', top: hotFunctions(flagsProfile, 10) },
        {
          of: `accounts:list first page (AccountQueries.list {first: ${MANAGER_FIRST_PAGE}} ×10)`,
          top: hotFunctions(pageProfile, 10),
        },
      ],
    }
  } finally {
    backend.close()
  }
}
