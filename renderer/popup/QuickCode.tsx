import { KeyRound, Lock, MessageSquareText, Search, TriangleAlert } from 'lucide-react'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { VaultStatus } from '../../shared/domain/vault.ts'
import type { CodeView, QuickAccount } from '../../shared/domain/views.ts'
import { inboxChannelLabel, type InboxEntryView } from '../../shared/domain/inbox-views.ts'
import { messageOf, unwrap } from '../shared/api.ts'
import { groupCode } from '../shared/format.ts'
import { useNow } from '../shared/use-now.ts'
import { inboxCodeOwner, popupInboxKey, useFreshInboxCodes } from './fresh-inbox.ts'
import { popupApi } from './popup-api.ts'

/** Codes are fetched for the first rows only: nobody scrolls a quick popup. */
const VISIBLE_CODES = 8
const URGENT_MS = 5_000
/** Rows listed for what was typed; codes are shown for the first VISIBLE_CODES of them. */
const RESULTS = 50
const MAX_QUERY = 200

function searchQuery(query: string) {
  return {
    queryKey: ['accounts', query],
    queryFn: () => unwrap(popupApi().quickSearch({ query, limit: RESULTS })),
  }
}

/**
 * The quick-code popup: type to find an account, arrows to move, Enter copies its code (the next one
 * when the current one is about to expire) and hides the popup, Esc hides it.
 */
export function QuickCode() {
  const queries = useQueryClient()
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)
  const now = useNow()
  const search = useRef<HTMLInputElement>(null)

  const status = useQuery({ queryKey: ['status'], queryFn: () => unwrap(popupApi().getVaultStatus({})) })
  const unlocked = status.data?.state === 'unlocked'
  // The rows and their codes are asked for alongside the status, not after it: the vault is unlocked
  // nearly every time the popup opens, and when it is not main refuses and the status shows the lock.
  const mayBeUnlocked = status.data === undefined || unlocked
  // Main searches: the popup holds the few accounts that match, never the whole vault's list.
  const found = useQuery({
    ...searchQuery(query),
    enabled: mayBeUnlocked,
    // While the next answer is on its way the last one stays on screen instead of a blank list.
    placeholderData: keepPreviousData,
  })

  useEffect(() => {
    const offState = popupApi().onVaultStateChanged(() => {
      queries.removeQueries({ queryKey: ['accounts'] })
      void queries.invalidateQueries()
    })
    // The CLI or the manager changed accounts: the names and codes shown may be stale.
    // The inbox is not the vault's data: `inbox:changed` (and the popup being shown) re-read it.
    const offChanged = popupApi().onVaultChanged(
      () =>
        void queries.invalidateQueries({
          predicate: (query) => query.queryKey[0] !== popupInboxKey[0],
        }),
    )
    const offInbox = popupApi().onInboxChanged(
      () => void queries.invalidateQueries({ queryKey: popupInboxKey }),
    )
    const offShown = popupApi().onPopupShown(() => {
      setQuery('')
      setSelected(0)
      setProblem(null)
      void queries.invalidateQueries()
      search.current?.focus()
    })
    return () => {
      offState()
      offChanged()
      offInbox()
      offShown()
    }
  }, [queries])

  const ranked = useMemo(
    () => (mayBeUnlocked ? (found.data?.accounts ?? []) : []),
    [mayBeUnlocked, found.data],
  )
  // Fresh SMS and WhatsApp codes come first: one arriving is usually why the popup was opened.
  const inboxRows = useFreshInboxCodes(query, unlocked, now)
  const rowCount = inboxRows.length + ranked.length
  const visibleIds = useMemo(() => ranked.slice(0, VISIBLE_CODES).map((account) => account.id), [ranked])
  const fetchedCodes = useQuery({
    queryKey: ['codes', visibleIds],
    queryFn: () => unwrap(popupApi().getCodes({ accountIds: visibleIds })),
    enabled: mayBeUnlocked && visibleIds.length > 0,
  })
  const codes = useMemo(
    () =>
      new Map<string, CodeView>(
        (unlocked ? (fetchedCodes.data?.codes ?? []) : []).map((code) => [code.accountId, code]),
      ),
    [unlocked, fetchedCodes.data],
  )
  // A code that ran out is fetched again; the tick of useNow drives the check.
  const expired = [...codes.values()].some((code) => code.validUntil !== null && code.validUntil <= now)
  useEffect(() => {
    if (expired) void queries.invalidateQueries({ queryKey: ['codes'] })
  }, [expired, queries])

  const hide = () => void popupApi().hidePopup({})

  const copyInbox = async (entry: InboxEntryView) => {
    try {
      await unwrap(popupApi().copyInboxCode({ messageId: entry.messageId }))
      hide()
    } catch (error) {
      setProblem(messageOf(error))
    }
  }

  const copy = async (account: QuickAccount | undefined) => {
    if (!account) return
    try {
      if (account.hasAuthenticator) await unwrap(popupApi().copyCode({ accountId: account.id }))
      else if (account.unusedBackupCodes !== null && account.unusedBackupCodes > 0) {
        await unwrap(popupApi().copyNextBackupCode({ accountId: account.id }))
      } else {
        setProblem(`${account.handle} has no code Twofold can copy.`)
        return
      }
      hide()
    } catch (error) {
      setProblem(messageOf(error))
    }
  }

  /**
   * Enter copies the selected row of what was typed, never of the answer before it: typing fast and
   * pressing Enter while the last keystroke's answer is on its way must not copy another account's code.
   */
  const copySelected = async () => {
    const entry = inboxRows[selected]
    if (entry) return copyInbox(entry)
    try {
      const current = found.isPlaceholderData ? await queries.fetchQuery(searchQuery(query)) : found.data
      await copy(current?.accounts[selected - inboxRows.length])
    } catch (error) {
      setProblem(messageOf(error))
    }
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      hide()
    } else if (event.key === 'ArrowDown') {
      event.preventDefault()
      setSelected((index) => Math.min(index + 1, Math.max(rowCount - 1, 0)))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setSelected((index) => Math.max(index - 1, 0))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      void copySelected()
    }
  }

  if (!status.data) return <main className="popup" aria-busy="true" />
  if (!unlocked) {
    return <LockedPopup status={status.data} onUnlocked={() => queries.invalidateQueries()} onEscape={hide} />
  }

  return (
    <main className="popup" onKeyDown={onKeyDown}>
      <label className="search">
        <Search aria-hidden="true" />
        <span className="visually-hidden">Find an account</span>
        <input
          ref={search}
          autoFocus
          type="search"
          placeholder="Find an account…"
          maxLength={MAX_QUERY}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
            setSelected(0)
          }}
          aria-controls="quick-results"
          aria-activedescendant={activeRowId(inboxRows, ranked, selected)}
        />
      </label>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <ul
        id="quick-results"
        role="listbox"
        aria-label="Accounts"
        className="results"
        // The rows of the previous search, shown until the answer for what was typed arrives.
        aria-busy={found.isPlaceholderData}
      >
        {inboxRows.map((entry, index) => (
          <li
            key={entry.messageId}
            id={`inbox-${entry.messageId}`}
            role="option"
            aria-selected={index === selected}
            className={index === selected ? 'result inbox-result selected' : 'result inbox-result'}
            onMouseEnter={() => setSelected(index)}
            onClick={() => void copyInbox(entry)}
          >
            <span className="who">
              <span className="handle">{inboxCodeOwner(entry)}</span>
              <span className="issuer">
                <MessageSquareText aria-hidden="true" /> {inboxChannelLabel(entry.channel)} code ·{' '}
                {agoSeconds(entry.receivedAt, now)}
                {entry.clientName ? ` · ${entry.clientName}` : ''}
              </span>
            </span>
            <span className="code" data-testid="quick-inbox-code">
              {groupCode(entry.code ?? '')}
            </span>
          </li>
        ))}
        {rowCount === 0 && (
          <li className="empty">
            {found.isPending
              ? 'Loading…'
              : found.data?.total === 0
                ? 'No accounts yet.'
                : 'No account matches.'}
          </li>
        )}
        {ranked.map((account, rankedIndex) => {
          const index = rankedIndex + inboxRows.length
          const code = codes.get(account.id)
          const left = code?.validUntil ? code.validUntil - now : null
          const backupOnly = !account.hasAuthenticator && account.unusedBackupCodes !== null
          return (
            <li
              key={account.id}
              id={`quick-${account.id}`}
              role="option"
              aria-selected={index === selected}
              className={index === selected ? 'result selected' : 'result'}
              onMouseEnter={() => setSelected(index)}
              onClick={() => void copy(account)}
            >
              <span className="who">
                <span className="handle">{account.handle}</span>
                <span className="issuer">
                  {account.issuer || account.platform}
                  {account.clientName ? ` · ${account.clientName}` : ''}
                </span>
              </span>
              {account.hasWarnings && (
                <span className="flag" title="This account has posture warnings">
                  <TriangleAlert aria-label="Has warnings" />
                </span>
              )}
              {code ? (
                <span
                  className={left !== null && left < URGENT_MS ? 'code urgent' : 'code'}
                  data-testid="quick-code"
                >
                  {code.code}
                </span>
              ) : backupOnly ? (
                <span className="backup">
                  <KeyRound aria-hidden="true" /> Use next backup code ({account.unusedBackupCodes} left)
                </span>
              ) : null}
            </li>
          )
        })}
      </ul>
      <footer className="hint">↑↓ choose · Enter copy · Esc close</footer>
    </main>
  )
}

function activeRowId(
  inboxRows: readonly InboxEntryView[],
  ranked: readonly QuickAccount[],
  selected: number,
): string | undefined {
  const entry = inboxRows[selected]
  if (entry) return `inbox-${entry.messageId}`
  const account = ranked[selected - inboxRows.length]
  return account ? `quick-${account.id}` : undefined
}

/** "40 s ago", "3 min ago": a fresh code is at most ten minutes old. */
function agoSeconds(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000))
  return seconds < 60 ? `${seconds} s ago` : `${Math.floor(seconds / 60)} min ago`
}

function LockedPopup({
  status,
  onUnlocked,
  onEscape,
}: {
  status: VaultStatus
  onUnlocked: () => Promise<void>
  onEscape: () => void
}) {
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const usesPassword = status.slots.password

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      await unwrap(
        popupApi().unlockVault(usesPassword ? { method: 'password', password } : { method: 'keychain' }),
      )
      setPassword('')
      await onUnlocked()
    } catch (error) {
      setPassword('')
      setProblem(messageOf(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="popup locked" onKeyDown={(event) => event.key === 'Escape' && onEscape()}>
      <form onSubmit={(event) => void submit(event)} className="unlock">
        <p className="locked-title">
          <Lock aria-hidden="true" /> Twofold is locked
        </p>
        {usesPassword && (
          <label className="field">
            <span>Vault password</span>
            <input
              type="password"
              autoFocus
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
        )}
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <button
          type="submit"
          disabled={busy || (usesPassword && password === '') || status.retryAfterMs > 0}
          autoFocus={!usesPassword}
        >
          Unlock
        </button>
      </form>
    </main>
  )
}
