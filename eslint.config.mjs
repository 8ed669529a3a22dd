// Lint rules: type-aware TypeScript checks everywhere, and determinism guards for workflow code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

/** The API reads rows only through its capabilities' queries and views (DESIGN.md §3). */
const noPrismaInApi = {
  group: [
    '../generated/prisma',
    '../generated/prisma/*',
    '../../generated/prisma',
    '../../generated/prisma/*',
  ],
  message: 'api/ does not import Prisma types: use a query or a view of the capability.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', '.data/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The API calls the domain, never the other way round (DESIGN.md §3).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['api/**', 'test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../api', '../api/*', '../../api', '../../api/*'],
              message:
                'Nothing outside api/ imports from api/: move the shared code to its domain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noPrismaInApi] }] },
  },
  {
    // Routes parse, call a capability's command or query, and answer (DESIGN.md §3). This
    // replaces the api/ rule above for routes, so it repeats its pattern.
    files: ['api/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../db/*'],
              message: 'Routes do not reach the database: call a command or query module.',
            },
            noPrismaInApi,
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code is deterministic: no Node built-ins.',
          })),
          patterns: [
            {
              group: [
                '../activities',
                '../activities/*',
                '../api/*',
                '../worker/*',
                '../db/*',
                '../payments/*',
              ],
              allowTypeImports: true,
              message:
                'Workflow code imports only workflow-safe modules (types of activities are fine).',
            },
            {
              group: ['@temporalio/*', '!@temporalio/workflow', '!@temporalio/common'],
              message: 'Workflow code may import only @temporalio/workflow and @temporalio/common.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read JSON answers as people do: by field, without a schema per answer.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    ignores: ['pages/assets/**'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pages' own browser script (Stripe mode's card form).
    files: ['pages/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', Stripe: 'readonly' },
    },
  },
);
