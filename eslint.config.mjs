import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'URL',
    'Buffer',
    'module',
    'require',
    '__dirname',
    'setTimeout',
    'clearTimeout',
    'fetch',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.cache/', 'infra/hosting/public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Command-line tools and the local stack talk to a terminal.
    files: ['infra/**', 'test/bench/**', '**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read JSON answers whose shapes the assertions themselves check.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Modules loaded on first use, so each deployed function loads only what it uses (cold
    // start): a `require` where the module is needed, typed by a type-only import.
    files: ['functions/**/*.ts', 'shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': [
        'error',
        {
          allow: [
            '^\\./wiring/[a-z-]+$',
            '^\\.\\./\\.\\./shared/platform/storage$',
            '^@google-cloud/pubsub$',
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
