import type { Command } from 'commander'
import {
  conflictFieldSchema,
  conflictSideSchema,
  type ConflictChoice,
  type ConflictSide,
  type ConflictValue,
  type TeamConflictView,
} from '../../shared/domain/team-conflict-view.ts'
import { TwofoldError } from '../core/errors.ts'
import type { CliContext, GlobalOptions } from './cli-context.ts'
import { findAccount } from './find-account.ts'
import { printJson, printLines } from './output.ts'

type WithVault = <T>(command: Command, work: (context: CliContext) => Promise<T> | T) => Promise<T>

/**
 * `twofold team conflicts` and `twofold team resolve`: a team account changed on two devices at once,
 * and the person's choice. The choice is a local edit: it reaches the team at the next `team sync`
 * (or at once while the app runs), like `twofold edit`.
 */
export function addTeamConflictCommands(team: Command, withVault: WithVault): void {
  const json = (command: Command) => command.optsWithGlobals<GlobalOptions>().json === true

  team
    .command('conflicts')
    .description('team accounts changed on two devices at once, with the fields to choose between')
    .action(async (_options, command: Command) => {
      await withVault(command, (context) => {
        const conflicts = context.backend.team.conflicts()
        if (json(command)) printJson({ conflicts })
        else if (conflicts.length === 0) printLines(['No sync conflicts.'])
        else printLines(conflicts.flatMap(describeConflict))
      })
    })

  team
    .command('resolve')
    .description('choose between the two versions of a conflicting team account')
    .argument('<account>', 'part of the account’s handle, issuer or label')
    .option('--keep <side>', 'mine (this device’s version) or theirs, for every differing field')
    .option(
      '--field <field=side>',
      'one field’s choice, e.g. notes=theirs (repeatable; overrides --keep)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (query: string, options: { keep?: string; field: string[] }, command: Command) => {
      await withVault(command, (context) => {
        const choice = parseChoice(options)
        const conflicts = context.backend.team.conflicts()
        const accountId =
          conflictNamed(conflicts, query) ?? findAccount(context.services.queries.list().accounts, query).id
        const { changed } = context.backend.team.resolveConflict(accountId, choice)
        const resolved = conflicts.find((conflict) => conflict.accountId === accountId)
        const name = resolved?.handle ?? query
        if (json(command)) printJson({ accountId, changed })
        else
          printLines([
            changed
              ? `Kept your choice for ${name}; it reaches the team at the next sync.`
              : `Kept the team’s version of ${name}; nothing to send.`,
          ])
      })
    })
}

function parseChoice(options: { keep?: string; field: string[] }): ConflictChoice {
  const side = (text: string, what: string): ConflictSide => {
    const parsed = conflictSideSchema.safeParse(text.trim())
    if (!parsed.success)
      throw new TwofoldError('invalid-request', `${what}: say mine or theirs, not "${text}".`)
    return parsed.data
  }
  const fields: NonNullable<ConflictChoice['fields']> = {}
  for (const entry of options.field) {
    const [name = '', value = ''] = entry.split('=', 2)
    const field = conflictFieldSchema.safeParse(name.trim())
    if (!field.success)
      throw new TwofoldError(
        'invalid-request',
        `--field ${entry}: the field is one of ${conflictFieldSchema.options.join(', ')}.`,
      )
    fields[field.data] = side(value, `--field ${entry}`)
  }
  if (options.keep === undefined && options.field.length === 0)
    throw new TwofoldError(
      'invalid-request',
      'Say what to keep: --keep mine|theirs or --field FIELD=mine|theirs.',
    )
  return {
    ...(options.keep !== undefined ? { keep: side(options.keep, '--keep') } : {}),
    ...(options.field.length > 0 ? { fields } : {}),
  }
}

/** An account in conflict by handle, issuer or id (it may be in the trash, where `find` does not look). */
function conflictNamed(conflicts: readonly TeamConflictView[], query: string): string | undefined {
  const needle = query.trim().toLowerCase().replace(/^@/, '')
  const exact = conflicts.filter((conflict) =>
    [conflict.handle, conflict.issuer, conflict.accountId].some((field) => field.toLowerCase() === needle),
  )
  return exact.length === 1 ? exact[0]?.accountId : undefined
}

function describeConflict(conflict: TeamConflictView): string[] {
  const where = [conflict.clientName, conflict.inTrash ? 'in the trash' : null].filter(Boolean).join(', ')
  return [
    `${conflict.handle}${where ? ` (${where})` : ''}, since ${conflict.since}:`,
    ...conflict.fields.map(
      (entry) => `  ${entry.field}: mine ${shown(entry.mine)} | theirs ${shown(entry.theirs)}`,
    ),
  ]
}

function shown(value: ConflictValue): string {
  switch (value.kind) {
    case 'text':
      return JSON.stringify(value.text)
    case 'tags':
      return value.tags.length ? value.tags.join(', ') : '(no tags)'
    case 'phone':
      return value.phone ? value.phone.number : '(none)'
    case 'authenticator': {
      const otp = value.authenticator
      if (!otp) return '(no authenticator)'
      const timing = otp.type === 'hotp' ? `counter ${otp.counter}` : `${otp.period} s`
      return `code ${otp.code} (${otp.type.toUpperCase()}, ${otp.algorithm}, ${otp.digits} digits, ${timing})`
    }
  }
}
