import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The rules that report values typed `any`. They measure declared types, not behaviour.
const NO_UNSAFE_ANY = {
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-all/', 'cdk.out/', 'cdktf.out/', 'cdktn.out/', 'coverage/', '.lab/', '.cache/', 'docs/', 'test/consumer/fixtures/'] },
  eslint.configs.recommended,
  // Type-aware rules over TypeScript and JavaScript alike: tsconfig.json lists the JavaScript
  // files too (allowJs without checkJs), so the project service has a program for every file.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // The library's shape (issue #8): files and functions a reader takes in at once, as in
  // aws-cdk-lib's own modules; a constructor reads as a few named steps. TSDoc does not count.
  {
    files: ['lib/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  // Tests read synthesized templates and Terraform JSON, which aws-cdk-lib's assertions
  // (`findResources`, `toJSON`) and JSON.parse type as `any`; the assertions then check the values.
  // Typing every template access would add casts, not safety. The other type-aware rules stay on.
  {
    files: ['test/**/*.ts'],
    rules: NO_UNSAFE_ANY,
  },
  // JavaScript has no declared types: an unannotated parameter is `any`, and the lab page imports
  // the CometD client from a URL the lab serves (./vendor/...), which no type checker resolves.
  // The type-aware rules that work from inferred types (promises, awaits, stringification) stay on.
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
    // CommonJS files (jest.config.js, bin/cdktn-flavour.js, the edge rewrite) load modules with require().
    rules: { ...NO_UNSAFE_ANY, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/lab/pages/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
