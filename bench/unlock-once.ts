/**
 * One unlock in a process of its own, as when the app starts: `node bench/unlock-once.ts <vault home>
 * <keychain service>` opens the vault, asks vault:status, unlocks with the keychain, asks the manager's
 * first page and prints the steps' milliseconds as JSON. The modules are loaded before the clock
 * starts, as the app has loaded them before its window asks for anything; nothing else ran in this
 * process, so no JIT warmth and no garbage of the bench's own.
 */
import { deserialize, serialize } from 'node:v8'
import { createBackend } from '../electron/core/app-backend.ts'
import { OsKeychain } from '../electron/core/vault/os-keychain.ts'
import { answerOf } from './bench-vault.ts'
import { MANAGER_FIRST_PAGE } from './figures.ts'

const [home, service] = process.argv.slice(2)
if (!home || !service) throw new Error('usage: node bench/unlock-once.ts <vault home> <keychain service>')

const steps: Record<string, number> = {}
let mark = performance.now()
const step = (name: string) => {
  const now = performance.now()
  steps[name] = now - mark
  mark = now
}
const start = mark
const backend = createBackend({ home, keychain: new OsKeychain(service) })
step('open')
try {
  for (const [name, channel, request] of [
    ['status', 'vault:status', {}],
    ['unlock', 'vault:unlock', { method: 'keychain' }],
    ['first page', 'accounts:list', { first: MANAGER_FIRST_PAGE }],
  ] as const) {
    deserialize(serialize(await answerOf(backend, channel, request)))
    step(name)
  }
  steps.total = performance.now() - start
  process.stdout.write(JSON.stringify(steps))
} finally {
  backend.close()
}
