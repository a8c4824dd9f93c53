import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { channels } from '../../../shared/ipc/contract.ts'
import { joinHandlers, type ChannelsUnder, type Handlers } from '../../../electron/core/ipc/dispatcher.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const contractFile = join(root, 'shared/ipc/contract.ts')
const handlerFiles = [
  'account-handlers',
  'desktop-handlers',
  'inbox-handlers',
  'inbox-setup-handlers',
  'team-handlers',
  'transfer-handlers',
  'vault-handlers',
].map((name) => join(root, 'electron/core/ipc', `${name}.ts`))
const backendFile = join(root, 'electron/core/app-backend.ts')

/** Type errors per file, with the contract's source changed by `edit` and nothing else. */
function typeErrorsWithContract(edit: (source: string) => string): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.node.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  if (!config) throw new Error('tsconfig.node.json could not be read')
  const host = ts.createCompilerHost(config.options)
  const readFile = host.readFile.bind(host)
  host.readFile = (file) => {
    const text = readFile(file)
    return resolve(file) === contractFile && text !== undefined ? edit(text) : text
  }
  const program = ts.createProgram({
    rootNames: [...handlerFiles, backendFile],
    options: config.options,
    host,
  })
  const errors = new Map<string, string[]>()
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? resolve(diagnostic.file.fileName) : '(no file)'
    errors.set(file, [
      ...(errors.get(file) ?? []),
      ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    ])
  }
  return errors
}

function withWidgetPing(source: string): string {
  const opening = 'export const contract = {\n'
  expect(source).toContain(opening)
  return source.replace(
    opening,
    `${opening}  'widget:ping': { mutates: false, request: z.strictObject({}), response: z.strictObject({}) },\n`,
  )
}

describe('which handler file answers which channel', () => {
  it('a channel with a new prefix breaks no handler file, only the table that must answer it', () => {
    const errors = typeErrorsWithContract(withWidgetPing)
    for (const file of handlerFiles) expect(errors.get(file), file).toBeUndefined()
    // Exhaustiveness still holds: the backend's one table names the channel nobody answers.
    expect(errors.get(backendFile)?.join('\n')).toMatch(/widget:ping/)
  }, 120_000)

  it('takes the handler groups as one table only when each channel is answered exactly once', () => {
    const vaultGroup = {} as Pick<Handlers, ChannelsUnder<'vault'>>
    const everyOther = {} as Omit<Handlers, ChannelsUnder<'vault'>>
    expectTypeOf(joinHandlers([vaultGroup, everyOther])).toEqualTypeOf<Handlers>()
    // @ts-expect-error every channel but the vault's is unanswered
    const unanswered: Handlers = joinHandlers([vaultGroup])
    // @ts-expect-error the vault's channels are answered twice
    const answeredTwice: Handlers = joinHandlers([vaultGroup, everyOther, vaultGroup])
    expect([unanswered, answeredTwice]).toHaveLength(2)
  })

  it('joins the groups into one table holding each of their handlers', () => {
    const answers = Object.fromEntries(channels.map((channel) => [channel, () => channel]))
    const vaultGroup = Object.fromEntries(
      Object.entries(answers).filter(([channel]) => channel.startsWith('vault:')),
    ) as unknown as Pick<Handlers, ChannelsUnder<'vault'>>
    const everyOther = Object.fromEntries(
      Object.entries(answers).filter(([channel]) => !channel.startsWith('vault:')),
    ) as unknown as Omit<Handlers, ChannelsUnder<'vault'>>
    const joined = joinHandlers([vaultGroup, everyOther])
    expect(Object.keys(joined).sort()).toEqual([...channels].sort())
  })
})
