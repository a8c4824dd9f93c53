import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The ranks and the no-cycle rule of electron/core live in eslint.config.mjs; this proves they still
// bite, so a config edit that silently disables them fails here and not months later in review.
const root = path.resolve(import.meta.dirname, '../../..')
const errorsFile = path.join(root, 'electron/core/errors.ts')

async function lintWithExtraImport(file: string, extraImport: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    // Under CI=true typescript-eslint would build one program from the files on disk and lint those,
    // not the text given here.
    overrideConfig: { languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } },
  })
  const text = `${readFileSync(file, 'utf8')}\n${extraImport}\n`
  const [result] = await eslint.lintText(text, { filePath: file })
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`)
}

describe('the core import rules', () => {
  it('refuse an import cycle and an import from a higher rank', async () => {
    // ipc/dispatcher.ts imports errors.ts, so errors.ts importing it back closes a cycle, and the
    // base rank reaches up to ipc.
    const messages = await lintWithExtraImport(errorsFile, "import type {} from './ipc/dispatcher.ts'")
    expect(messages).toContainEqual(
      expect.stringMatching(/^twofold-core\/no-cycle: Import cycle: errors\.ts → ipc\/dispatcher\.ts/),
    )
    expect(messages).toContainEqual(expect.stringMatching(/^boundaries\/dependencies: core-base ranks below/))
  }, 120_000)
})
