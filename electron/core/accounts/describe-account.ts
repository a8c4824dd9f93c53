/** How main's confirmation names an account: "acme.bakery (Instagram)". */
export function accountAndService(account: { handle: string; label: string; issuer: string }): string {
  const name = account.label || account.handle
  return account.issuer ? `${name} (${account.issuer})` : name
}
