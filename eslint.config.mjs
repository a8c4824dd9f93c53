// @ts-check
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'

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
          group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/test/**'],
          message: 'electron/core is pure Node: it may import shared/ only.',
        },
        { group: ['react', 'react-dom'], message: 'electron/core has no UI.' },
      ],
      [noElectron],
    ),
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
