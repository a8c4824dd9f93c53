import { isTwofoldError } from '../../electron/core/errors.ts'
import { OsKeychain } from '../../electron/core/vault/os-keychain.ts'
import { Vault } from '../../electron/core/vault/vault.ts'

// Creates a password vault in its own process, for the create race: prints "created" or the error code.
// node create-vault-child.ts <home> <keychain service> <password>
// A password vault never touches the keychain, so the parent's in-memory keychain needs no sharing.
const [home = '', service = '', password = ''] = process.argv.slice(2)
const vault = new Vault({ home, keychain: new OsKeychain(service) })
try {
  const { creationId, recoveryKey } = await vault.prepareCreate()
  await vault.create({ creationId, recoveryKeyConfirmation: recoveryKey, password })
  process.stdout.write('created\n')
} catch (error) {
  process.stdout.write(`${isTwofoldError(error) ? error.code : String(error)}\n`)
} finally {
  vault.close()
}
