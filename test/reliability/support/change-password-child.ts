import { OsKeychain } from '../../../electron/core/vault/os-keychain.ts'
import { Vault } from '../../../electron/core/vault/vault.ts'

// Changes a vault's password in a process of its own, so a test can kill it mid-way:
// node change-password-child.ts <home> <keychain service> < "old password\nnew password\n"
const [home, service] = process.argv.slice(2)
if (!home || !service) throw new Error('usage: change-password-child.ts <home> <keychain service>')
const input = await new Promise<string>((done) => {
  let text = ''
  process.stdin.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  process.stdin.on('end', () => done(text))
})
const [oldPassword = '', newPassword = ''] = input.split('\n')
const vault = new Vault({ home, keychain: new OsKeychain(service) })
await vault.unlock({ method: 'password', password: oldPassword })
process.stderr.write('unlocked\n')
await vault.setPassword({ currentPassword: oldPassword, newPassword })
process.stdout.write('changed\n')
vault.close()
