// Lint rules that catch real mistakes; formatting is Prettier's job. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench/results/**', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  { files: ['*.js'], languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'projections/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/event-store/esdb/esdb-event-store.ts', 'src/read-store/mongo/mongo-read-store.ts'],
    // Vendor clients stay inside their one adapter file each (issue: no vendor types leak through a port).
    rules: { 'no-restricted-imports': ['error', { paths: ['@eventstore/db-client', 'mongodb'] }] },
  },
  {
    files: [
      'src/**/*.decider.ts',
      'src/**/*.rules.ts',
      'src/**/*-policy.ts',
      'src/**/*.events.ts',
      'src/**/*.commands.ts',
      'src/catalogue/*.ts',
      'src/legal-basis/*.ts',
      'projections/**/*.ts',
    ],
    // The domain and the projections stay free of frameworks and drivers (style guide: pure core, NestJS at the edge).
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['@eventstore/db-client', 'mongodb', 'better-sqlite3', 'fastify'], patterns: ['@nestjs/*'] },
      ],
    },
  },
);
