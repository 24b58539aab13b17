// ESLint (flat config), run by `npm test` through `npm run lint`.
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

/** Storage discipline (DESIGN.md): what a test against Azurite would not show. */
const storageRules = [
  {
    selector: 'CallExpression[callee.property.name=/^(updateEntity|deleteEntity)$/][arguments.length<3]',
    message: 'Pass the ETag read before ({ etag }): without it @azure/data-tables sends If-Match: * and overwrites whatever is there.',
  },
  {
    selector: "NewExpression[callee.name='TableTransaction']",
    message: 'Build transactions as action arrays through transactions.ts: TableTransaction updates and deletes default to If-Match: *.',
  },
  {
    selector: "ArrayExpression > Literal.elements[value='delete']:first-child",
    message: 'No "delete" transaction action: it always sends If-Match: *. Delete each entity with its ETag.',
  },
  {
    selector: "TemplateLiteral:not(TaggedTemplateExpression > TemplateLiteral) > TemplateElement[value.raw=/\\b(eq|ne|ge|gt|le|lt)\\s+'?$/]",
    message: 'Build filters with the odata template tag, never by putting values into a plain template literal.',
  },
  {
    selector: "BinaryExpression[operator='+'] > Literal[value=/\\b(eq|ne|ge|gt|le|lt)\\s+'?$/]",
    message: 'Build filters with the odata template tag, never by concatenating values.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', '.bench/**', 'release/**', 'addin/dist/**', 'coverage/**', '.azurite/**', '.certs/**', 'node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // The engine runs in Excel too: no Node modules, and nothing of its callers.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:|fs$|path$|os$|child_process$|http$|https$|net$|crypto$)', message: 'The engine runs in Excel: no Node modules.' },
            { regex: '^(\\.\\./)+(functions|addin|dev|scripts|bench|test)/', message: 'The engine depends on none of its callers.' },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+(dev|scripts|bench|test|addin)/', message: 'The deployable app imports no development code.' }] }],
    },
  },
  {
    files: ['functions/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'dev/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...storageRules] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read arbitrary JSON answers.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // The Office add-ins plugin's own recommended rules (office-addins/*), for the add-in's
  // sources; its preset also carries a TypeScript plugin and style rules that this config sets.
  {
    files: ['addin/src/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: Object.fromEntries(officeAddins.configs.recommended.flatMap((c) => Object.entries(c.rules ?? {})).filter(([name]) => name.startsWith('office-addins/'))),
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
