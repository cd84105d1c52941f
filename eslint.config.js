// ESLint owns correctness; Prettier owns formatting (R19).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'artifacts/**',
      'data/**',
      '**/*.d.ts',
      'kiosk/dist-main/**',
      '**/dist-*/**',
      '**/release/**',
      'build/**',
      'artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.tsx', 'ui/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // R2: the domain core is pure — no I/O, no clock, no randomness, no infrastructure imports.
  {
    files: ['queue-server/src/core/**/*.ts'],
    ignores: ['queue-server/src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'path',
            'better-sqlite3',
            'socket.io*',
            'fastify*',
            '**/db/**',
            '**/realtime/**',
            '**/http/**',
            '**/services/**',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Date', 'setTimeout', 'setInterval', 'setImmediate', 'fetch', 'process'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'randomness comes in through inputs' }],
    },
  },
  // Server code logs through the namespaced logger (R18).
  {
    files: ['queue-server/src/**/*.ts', 'printer/src/**/*.ts', 'devices/src/**/*.ts'],
    ignores: ['**/cli/**', '**/*.test.ts', '**/bench/**', '**/sim/cli.ts', '**/sim/results.ts', 'queue-server/src/main.ts'],
    rules: { 'no-console': 'error' },
  },
);
