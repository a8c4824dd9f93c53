/**
 * How a store reaches the vault key. Opening a value needs only the live key; sealing one must also
 * be sure the key is still the vault's — another process may have changed the password and replaced
 * it (see Vault.requireSealingKey) — so the two are asked for apart.
 */
export interface KeyAccess {
  forOpening(): Buffer
  /** Call inside the write's transaction, before its first write. */
  forSealing(): Buffer
}
