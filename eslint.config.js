// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layers of src/ and what each may import. Dependencies point one way:
 * ui -> store -> worker client -> core, and worker -> ml -> core.
 * A layer's forbidden list names both packages and sibling folders.
 */
/** @returns {import('eslint').Linter.RulesRecord} */
const layer = (/** @type {string[]} */ packages, /** @type {string[]} */ folders) => ({
  'no-restricted-imports': [
    /** @type {const} */ ('error'),
    {
      patterns: [
        ...packages.map((p) => ({
          group: [p, `${p}/*`],
          message: 'This layer must not depend on this package (see README, Architecture).',
        })),
        ...folders.map((f) => ({
          group: [`**/${f}`, `**/${f}/*`, `**/${f}/**`],
          message: `This layer must not import from src/${f} (see README, Architecture).`,
        })),
      ],
    },
  ],
});

const uiPackages = ['react', 'react-dom', 'zustand', 'recharts'];
const tfPackages = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-*',
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public',
      'test-results',
      'playwright-report',
      'bench/out',
      'coverage',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Layer boundaries (tests may reach across layers to set things up).
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: layer([...uiPackages, ...tfPackages, 'comlink'], ['ml', 'worker', 'store', 'ui']),
  },
  {
    files: ['src/ml/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: layer([...uiPackages, 'comlink'], ['worker', 'store', 'ui']),
  },
  {
    files: ['src/worker/**/*.ts'],
    ignores: ['src/worker/client.ts', 'src/worker/early.ts', 'src/**/*.test.ts'],
    rules: layer(uiPackages, ['store', 'ui']),
  },
  {
    files: ['src/worker/client.ts', 'src/worker/early.ts'],
    rules: layer([...uiPackages, ...tfPackages], ['ml', 'store', 'ui']),
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: layer([...tfPackages, 'react', 'react-dom', 'recharts'], ['ml', 'ui']),
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx', 'src/main.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: layer(tfPackages, ['ml', 'worker/api', 'worker/entry']),
  },
);
