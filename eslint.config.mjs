// @ts-check
import js from '@eslint/js'
import boundaries from 'eslint-plugin-boundaries'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import ts from 'typescript'

/**
 * The layering rules are lint errors, not conventions (VS Code style): each process folder may import
 * only what it is allowed to run with. `electron` is allowed in main, the preloads and the Electron
 * suite only — importing it anywhere else would also start a binary download.
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]
const noElectron = {
  name: 'electron',
  message: 'Only electron/main, electron/preload and test/electron may import electron.',
}
const layer = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
})

/**
 * The core's folders in ranks, lowest first: a folder imports its own rank and the ranks below, never
 * one above, so the pure pieces (keys, codes, SQL) never learn about the flows that use them, and a new
 * writer (team sync) can sit beside `transfer` without the vault or the accounts reaching it. The ranks
 * follow what each folder really imports: `lock` and `preferences` lean only on `clipboard`, `files` and
 * `store`, so they stay at the base; `backup-codes` reads the vault's key, so it sits with the vault.
 */
const coreRanks = [
  {
    type: 'core-base',
    folders: [
      'crypto',
      'engine',
      'store',
      'files',
      'phone',
      'clipboard',
      'desktop',
      'lock',
      'preferences',
      'settings',
      // Team keys and seals are pure crypto like `crypto`; listed before `team` so they take this rank.
      'team/crypto',
    ],
    files: ['errors.ts'],
  },
  {
    type: 'core-domain',
    // `inbox` is the pure part of the code inbox (reading a code out of a text, matching it to an
    // account); its opening and fetching live with the team sync that brings the messages.
    folders: ['vault', 'accounts', 'importers', 'rules', 'audit', 'backup-codes', 'reports', 'inbox'],
  },
  // Team sync writes to the vault and accounts as `transfer` does.
  { type: 'core-transfer', folders: ['transfer', 'team'] },
  { type: 'core-ipc', folders: ['ipc'] },
  { type: 'core-backend', files: ['app-backend.ts'] },
]

const coreRoot = path.join(import.meta.dirname, 'electron', 'core')
/** A core file's unit for the folder-level cycle check: its top folder, or itself at the root. */
const coreUnit = (file) => path.relative(coreRoot, file).split(path.sep)[0]
const isCoreFile = (file) => !path.relative(coreRoot, file).startsWith('..')

/** Every relative import, re-export and dynamic import between the core's files, read from disk. */
function readCoreImports() {
  const graph = new Map()
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name)
      if (entry.isDirectory()) visit(file)
      else if (file.endsWith('.ts') && !file.endsWith('.d.ts')) graph.set(file, [])
    }
  }
  visit(coreRoot)
  for (const [file, targets] of graph) {
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const target = path.resolve(path.dirname(file), fileName)
      if (fileName.startsWith('.') && graph.has(target)) targets.push(target)
    }
  }
  return graph
}

/** The shortest import path from `start` back to `goal`, or null when there is none. */
function pathBack(edges, start, goal) {
  const cameFrom = new Map([[start, null]])
  const queue = [start]
  for (const node of queue) {
    if (node === goal) {
      const steps = []
      for (let step = node; step !== null; step = cameFrom.get(step)) steps.unshift(step)
      return steps
    }
    for (const next of edges.get(node) ?? []) {
      if (!cameFrom.has(next)) cameFrom.set(next, node)
      if (!queue.includes(next)) queue.push(next)
    }
  }
  return null
}

let coreGraph = { readAt: 0, files: new Map(), units: new Map() }
/** Read once per lint run; an editor that lints again a few seconds later sees the files as saved. */
function currentCoreGraph() {
  if (Date.now() - coreGraph.readAt < 5_000) return coreGraph
  const files = readCoreImports()
  const units = new Map()
  for (const [file, targets] of files) {
    const from = coreUnit(file)
    const set = units.get(from) ?? new Set()
    for (const target of targets) if (coreUnit(target) !== from) set.add(coreUnit(target))
    units.set(from, set)
  }
  coreGraph = { readAt: Date.now(), files, units }
  return coreGraph
}

/**
 * No import cycle inside electron/core, between files or between folders: a cycle means neither side
 * can be understood, tested or moved (to a server, to a worker) without the other. No installed
 * plugin has a cycle rule, so this one reads the core's imports with TypeScript's own scanner.
 */
const noCoreCycle = {
  meta: { type: 'problem', schema: [], docs: { description: 'No import cycle inside electron/core.' } },
  create(context) {
    const file = context.filename
    if (!isCoreFile(file)) return {}
    const relative = (steps) => steps.map((step) => path.relative(coreRoot, step) || step).join(' → ')
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.'))
        return
      const target = path.resolve(path.dirname(file), source.value)
      if (!isCoreFile(target)) return
      const { files, units } = currentCoreGraph()
      const back = pathBack(files, target, file)
      if (back) {
        context.report({ node: source, message: `Import cycle: ${relative([file, ...back])}.` })
        return
      }
      if (coreUnit(target) === coreUnit(file)) return
      const unitsBack = pathBack(units, coreUnit(target), coreUnit(file))
      if (unitsBack) {
        context.report({
          node: source,
          message: `Folder cycle: ${[coreUnit(file), ...unitsBack].join(' → ')}. Move the shared piece down a rank.`,
        })
      }
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    }
  },
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results*.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Two programs: the renderer (DOM) and everything that runs in Node or Electron.
        project: ['./tsconfig.json', './tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      // One private-member style: `#`, which JSON, structuredClone and util.inspect cannot reach, where
      // TypeScript's `private` hides a key from the compiler only. A constructor has no `#` form, so a
      // `private constructor` (a class built through its static factories) stays allowed.
      'no-restricted-syntax': [
        'error',
        ...[
          "PropertyDefinition[accessibility='private']",
          "AccessorProperty[accessibility='private']",
          "MethodDefinition[accessibility='private'][kind!='constructor']",
          "TSParameterProperty[accessibility='private']",
        ].map((selector) => ({ selector, message: 'Private members use `#name`, not `private`.' })),
      ],
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: [
      'electron/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'build/**/*.mjs',
      '*.config.ts',
      '*.config.mjs',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // ── layers ──────────────────────────────────────────────────────────────────────────────────────
  {
    files: ['shared/**/*.ts'],
    rules: layer(
      [
        {
          group: ['**/electron/**', '**/renderer/**', '**/test/**'],
          message: 'shared/ depends on nothing but zod.',
        },
        { group: ['react', 'react-dom', 'react/*'], message: 'shared/ has no UI.' },
      ],
      [
        noElectron,
        ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in the renderer too: no Node.' })),
      ],
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: layer(
      [
        {
          group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/test/**', '**/server/**'],
          message: 'electron/core is pure Node: it may import shared/ only.',
        },
        { group: ['react', 'react-dom'], message: 'electron/core has no UI.' },
      ],
      [noElectron],
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    plugins: { boundaries, 'twofold-core': { rules: { 'no-cycle': noCoreCycle } } },
    settings: {
      'boundaries/include': ['electron/core/**'],
      // `mode: 'file'` is deprecated in v7 yet still the one way to rank a single file at the core's root.
      'boundaries/legacy-warnings': false,
      'boundaries/elements': coreRanks.flatMap(({ type, folders = [], files = [] }) => [
        ...folders.map((folder) => ({ type, pattern: `electron/core/${folder}` })),
        ...files.map((file) => ({ type, pattern: `electron/core/${file}`, mode: 'file' })),
      ]),
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: coreRanks.slice(0, -1).map(({ type }, rank) => {
            const higher = coreRanks.slice(rank + 1).map((above) => above.type)
            return {
              from: { element: { type } },
              disallow: { to: { element: { types: { anyOf: higher } } } },
              message: `${type} ranks below ${higher.join(', ')} and may not import them (coreRanks).`,
            }
          }),
        },
      ],
      'twofold-core/no-cycle': 'error',
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: layer(
      [
        {
          group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/test/**'],
          message: 'The CLI uses electron/core and shared/ only.',
        },
      ],
      [noElectron],
    ),
  },
  {
    // The team server runs on a machine with no vault: it may use shared/ and the team's pure crypto
    // (to check device tokens and certificates), nothing that opens a vault or draws a window.
    files: ['electron/server/**/*.ts'],
    rules: layer(
      [
        {
          group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/test/**', '**/cli/**'],
          message: 'twofold-server uses shared/ and electron/core/team/crypto only.',
        },
        {
          regex: String.raw`(^|/)core/(?!team/crypto/|errors\.ts$)`,
          message: 'twofold-server uses shared/ and electron/core/team/crypto only.',
        },
        { group: ['react', 'react-dom'], message: 'twofold-server has no UI.' },
      ],
      [noElectron],
    ),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: layer([
      {
        group: ['**/preload/**', '**/renderer/**', '**/test/**', '**/cli/**'],
        message: 'main may import electron/core and shared/ only.',
      },
    ]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: layer([
      {
        group: ['**/core/**', '**/main/**', '**/renderer/**', '**/test/**', 'zod'],
        message: 'A preload exposes named functions over IPC and imports shared/ types only.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: layer(
      [
        {
          group: ['**/electron/**', '**/test/**'],
          message: 'The renderer reaches the core through its preload API only.',
        },
      ],
      [
        noElectron,
        ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a web page: no Node.' })),
      ],
    ),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['test/electron/**', 'test/unit/main/**'],
    rules: layer(
      [
        {
          group: ['**/electron/main/**', '**/electron/preload/**'],
          message: 'Only the Electron suite loads main or a preload.',
        },
      ],
      [noElectron],
    ),
  },
  {
    // Main's decisions (launch switches, navigation, clipboard formats) live in Electron-free modules
    // so Vitest can prove them here; importing one that loads `electron` fails loudly at run time.
    files: ['test/unit/main/**/*.ts'],
    rules: layer(
      [{ group: ['**/electron/preload/**'], message: 'Only the Electron suite loads a preload.' }],
      [noElectron],
    ),
  },
)
