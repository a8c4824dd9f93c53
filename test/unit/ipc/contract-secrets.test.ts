import { describe, expect, it } from 'vitest'
import { type z } from 'zod'
import { channels, contract, events } from '../../../shared/ipc/contract.ts'

/**
 * The renderer never receives a secret: no response may carry a seed, a key, a password or a list of
 * backup codes. The few fields that carry one code a person asked to see are named here, each with
 * its reason, so adding another is a deliberate change to this test.
 */
const allowed: Record<string, string> = {
  'vault:prepare-create.recoveryKey': 'shown once at creation so the person can write it down',
  'codes:get.codes.code': 'the current code of an account the window shows',
  'backup-codes:use-next.code': 'the one backup code the person asked for',
  'codes:copy.code': 'the code just put on the clipboard, so the window can confirm which one',
  'backup-codes:reveal.codes.code':
    'the one exempt channel: the whole set, after the password is typed again; never cached, audited',
  'export:qr.secretQrPng':
    'one account moved to a phone: a QR picture of its key, after the password is typed again; audited',
  'team:conflict.fields.mine.authenticator.code':
    'a sync conflict over the secret: this version’s current code, to check against the service (never the secret)',
  'team:conflict.fields.theirs.authenticator.code':
    'a sync conflict over the secret: the other version’s current code, to check against the service',
  'inbox:list.entries.code':
    'an SMS or WhatsApp code sent to a number of a client this person holds: the row shows it like an app code (the message text only on request)',
}
// `hotkey` is a keyboard shortcut, not a key.
const secretLooking = /secret|seed|(?<!hot)key$|password|passphrase|token|^codes?$|otpauth|uri$/i

/** Paths of every text field a schema can carry (booleans and enums cannot hold a secret). */
function fieldPaths(schema: z.ZodType, prefix: string): string[] {
  const def = (schema as { def?: { type?: string } }).def
  switch (def?.type) {
    case 'string':
      return [prefix]
    case 'object': {
      const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>
      return Object.entries(shape).flatMap(([name, field]) => fieldPaths(field, `${prefix}.${name}`))
    }
    case 'array':
      return fieldPaths((schema as z.ZodArray<z.ZodType>).element, prefix)
    case 'optional':
    case 'nullable':
    case 'default':
      return fieldPaths((schema as z.ZodOptional<z.ZodType>).unwrap(), prefix)
    case 'union':
      return (schema as z.ZodUnion<z.ZodType[]>).options.flatMap((option) => fieldPaths(option, prefix))
    default:
      return []
  }
}

describe('the IPC contract', () => {
  it('has no response field that could carry a secret, beyond the named exceptions', () => {
    const offending: string[] = []
    for (const channel of channels) {
      for (const path of fieldPaths(contract[channel].response, channel)) {
        const leaf = path.split('.').at(-1) ?? ''
        if (secretLooking.test(leaf) && !(path in allowed)) offending.push(path)
      }
    }
    expect(offending).toEqual([])
  })

  it('pushes no event that could carry a secret', () => {
    for (const [name, schema] of Object.entries(events)) {
      const leaves = fieldPaths(schema, name).map((path) => path.split('.').at(-1) ?? '')
      expect(leaves.filter((leaf) => secretLooking.test(leaf))).toEqual([])
    }
  })

  it('finds the fields it is meant to find', () => {
    const paths = fieldPaths(contract['vault:prepare-create'].response, 'vault:prepare-create')
    expect(paths).toContain('vault:prepare-create.recoveryKey')
  })

  it('rejects unknown fields in every request', () => {
    for (const channel of channels) {
      expect(contract[channel].request.safeParse({ __extra: 1 }).success, channel).toBe(false)
    }
  })
})
