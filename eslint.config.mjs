import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'media/**', 'node_modules/**', '.cache/**', 'test-output/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // The design: nothing outside src/extension imports vscode.
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'vscode may only be imported in src/extension (see DESIGN.md).' }] }],
    },
  },
  { files: ['src/extension/**', 'test/e2e/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['scripts/**/*.mjs', 'scripts/**/*.js'], languageOptions: { sourceType: 'module' } },
);
