import type { Vault } from '../vault/vault.ts'
import type { ChannelsUnder, Handlers } from './dispatcher.ts'

type VaultChannels = ChannelsUnder<'vault'>

export function vaultHandlers(vault: Vault): Pick<Handlers, VaultChannels> {
  return {
    'vault:status': () => vault.status(),
    'vault:prepare-create': () => vault.prepareCreate(),
    'vault:create': (request) => vault.create(request),
    'vault:unlock': (request) => vault.unlock(request),
    'vault:lock': () => vault.lock(),
    'vault:set-password': (request) => vault.setPassword(request),
    'vault:remove-password': (request) => vault.removePassword(request),
  }
}
