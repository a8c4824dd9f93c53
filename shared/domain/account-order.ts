/**
 * The two orders accounts are shown in. Both windows and the core use these, so a first page the core
 * picks is the first page the window would have picked from the whole list. zod-free: the renderer
 * imports values from here.
 */

// One collator for every comparison: making one per call (what `localeCompare` with options does) was
// a third of the popup's load at 10,000 accounts.
const textOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

/** The manager's order: client first (no client last), then handle — the sidebar's order, so groups stay together. */
export function compareForList(
  a: { readonly clientName: string | null; readonly handle: string },
  b: { readonly clientName: string | null; readonly handle: string },
): number {
  return (
    Number(a.clientName === null) - Number(b.clientName === null) ||
    textOrder.compare(a.clientName ?? '', b.clientName ?? '') ||
    textOrder.compare(a.handle, b.handle)
  )
}

/**
 * The quick popup's order: the account used most recently first — the one you copied a code for an
 * hour ago is the one you want again — then by handle.
 */
export function compareForQuickPick(
  a: { readonly lastUsedAt: string | null; readonly handle: string },
  b: { readonly lastUsedAt: string | null; readonly handle: string },
): number {
  return compareCodeUnits(b.lastUsedAt ?? '', a.lastUsedAt ?? '') || textOrder.compare(a.handle, b.handle)
}

/** ISO 8601 timestamps sort by code unit as they do by date, without a locale-aware compare. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
