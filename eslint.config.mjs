import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The edge rewrite is JavaScript on purpose (lib/cookie/edge/rewrite.js): it is linted too.
  { ignores: ['node_modules/', 'dist/', 'dist-all/', 'cdk.out/', 'cdktf.out/', 'coverage/', '.lab/', '.scratch/', '**/*.js', '!lib/**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['lib/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
);
