// ESLint with typescript-eslint's type-aware rules: promises that nobody awaits or catches, promises
// passed where a callback's result is ignored, and awaits of non-promises are errors. Formatting is
// prettier's job (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'out/',
      '.vscode-test/',
      'node_modules/',
      'test/fixtures/',
      'media/notes/',
      'snippets/',
      'test-artifacts/',
      '.eval-corpus/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Lazy require() is deliberate: the note renderer, tfjs, esbuild-wasm and mocha load on first use.
      '@typescript-eslint/no-require-imports': 'off',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Programs for the sandbox (demos, examples): the globals it gives them, and nothing else.
    files: ['media/demos/**/*.js', 'examples/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        tf: 'readonly',
        report: 'readonly',
        lossCallback: 'readonly',
        data: 'readonly',
        STEPS: 'readonly',
        BACKEND: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  prettier,
);
