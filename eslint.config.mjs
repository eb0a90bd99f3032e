import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * docs/ARCHITECTURE.md's layout table, "may import" column: for each folder of src/, the other
 * folders of src/ its files may import. `null` is "anything". Imports from outside src/ (packages,
 * package.json for the tool version) are not the table's business; `vscode` has its own rule.
 */
const MAY_IMPORT = {
  text: [],
  orca: [],
  faults: [],
  engine: ['text', 'orca'],
  pools: ['orca', 'engine', 'text'],
  result: ['orca', 'text'],
  protocol: ['orca', 'text', 'result'],
  run: ['orca', 'text', 'engine', 'pools', 'result'],
  policy: ['orca', 'text', 'engine', 'pools', 'result', 'run'],
  'config-export': ['orca', 'text', 'engine', 'pools'],
  loadtest: ['orca', 'text', 'engine', 'pools', 'result', 'run', 'policy'],
  simulate: ['orca', 'text', 'engine', 'pools', 'result', 'run', 'policy', 'faults'],
  compare: ['orca', 'text', 'engine', 'pools', 'loadtest', 'simulate', 'result', 'run', 'policy'],
  capacity: ['orca', 'text', 'engine', 'pools', 'loadtest', 'simulate', 'compare', 'result', 'run', 'policy'],
  report: ['orca', 'text', 'result', 'protocol'],
  integrations: ['orca', 'text', 'engine', 'pools'],
  demo: ['orca', 'faults'],
  cli: ['orca', 'text', 'engine', 'pools', 'result', 'protocol', 'run', 'policy', 'loadtest', 'simulate', 'compare', 'capacity', 'config-export', 'report', 'integrations', 'demo'],
  extension: ['orca', 'text', 'engine', 'pools', 'result', 'protocol', 'run', 'policy', 'loadtest', 'simulate', 'compare', 'capacity', 'config-export', 'report', 'integrations', 'demo'],
  webview: ['orca', 'text', 'result', 'protocol', 'engine'],
};

const SRC = path.resolve(import.meta.dirname, 'src');

/** The folder of src/ a file or an import target is in ('index.ts' for src/index.ts), or undefined outside src/. */
function srcFolder(file) {
  const rel = path.relative(SRC, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

/** A local rule, because import patterns match the import's text and the table is about where it resolves. */
const layoutRule = {
  meta: {
    type: 'problem',
    docs: { description: "Each folder of src/ imports only what docs/ARCHITECTURE.md's layout table allows" },
    schema: [],
  },
  create(context) {
    const from = srcFolder(context.filename);
    if (from === undefined || from === 'index.ts') return {};
    if (!(from in MAY_IMPORT)) {
      // A new folder needs its row (what it holds, what it may import) before its first file.
      return { Program: (n) => context.report({ node: n, message: `src/${from} is not in docs/ARCHITECTURE.md's layout table (nor in eslint.config.mjs' MAY_IMPORT).` }) };
    }
    const allowed = MAY_IMPORT[from];
    // protocol is type-only: both the host and the webview bundle import it without pulling code.
    const typeOnly = from === 'protocol';
    function check(node, source, isType) {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const to = srcFolder(path.resolve(path.dirname(context.filename), source.value));
      if (to === undefined || to === from) return;
      if (!allowed.includes(to)) {
        const may = allowed.length ? allowed.join(', ') : 'nothing else in src/';
        context.report({ node: source, message: `src/${from} may not import src/${to} (docs/ARCHITECTURE.md, layout: src/${from} may import ${may}).` });
      } else if (typeOnly && !isType) {
        context.report({ node: source, message: `src/${from} imports types only: use \`import type\` for src/${to}.` });
      }
    }
    return {
      ImportDeclaration: (n) => check(n, n.source, n.importKind === 'type' || (n.specifiers.length > 0 && n.specifiers.every((s) => s.importKind === 'type'))),
      ExportNamedDeclaration: (n) => check(n, n.source, n.exportKind === 'type'),
      ExportAllDeclaration: (n) => check(n, n.source, n.exportKind === 'type'),
      ImportExpression: (n) => check(n, n.source, false),
      TSImportType: (n) => check(n, n.argument?.literal ?? n.source, true),
      TSExternalModuleReference: (n) => check(n, n.expression, false),
    };
  },
};

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
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'vscode may only be imported in src/extension (see docs/ARCHITECTURE.md).' }] }],
    },
  },
  { files: ['src/extension/**', 'test/e2e/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['src/**/*.ts'],
    plugins: { layout: { rules: { 'allowed-imports': layoutRule } } },
    rules: {
      'layout/allowed-imports': 'error',
      // Small modules: counted as `wc -l` counts, blank lines and comments included.
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
  { files: ['scripts/**/*.mjs', 'scripts/**/*.js'], languageOptions: { sourceType: 'module' } },
);
