// Lint with zero warnings allowed (`npm run lint`). Type-aware rules catch floating promises and `any` leaks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One no-restricted-imports block per layer (ESLint keeps only the last value of a rule per file, so the
 * layers that overlap merge their patterns here). */
function layerRules(layers) {
  const applicable = (layer) =>
    layers.filter((other) => other === layer || other.files.some((f) => layer.files.some((g) => g.startsWith(f.replace('**/*.ts', '')))));
  return layers.map((layer) => ({
    files: layer.files,
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: applicable(layer).flatMap((other) => (other.names ?? []).map((name) => ({ name, message: other.message }))),
          patterns: applicable(layer).map((other) => ({ group: other.patterns, message: other.message })),
        },
      ],
    },
  }));
}

const SUBJECT_FROM_CONTRACTS = 'Subjects come from the libs/contracts maps (AUTH_SUBJECTS, CHAT_BROADCASTS, ...), never string literals.';

/** Handler decorators (everywhere, tests included) take a subject constant. */
const subjectLiteralRules = [
  {
    selector: 'CallExpression[callee.name=/^(RpcHandler|MessagePattern|EventPattern)$/] > :matches(Literal, TemplateLiteral)',
    message: SUBJECT_FROM_CONTRACTS,
  },
];

/**
 * Service calls and broadcasts in the apps and libs: typed by their subject's entry in the contracts' maps. (The
 * e2e harness has its own HTTP `request<T>(method, path)`, so these stay out of test/.)
 */
const serviceCallRules = [
  {
    selector: 'CallExpression[callee.property.name=/^(request|publish|subscribe)$/][typeArguments]',
    message: 'request/publish/subscribe take their types from the subject (libs/contracts RpcMap/BroadcastMap): no explicit type argument.',
  },
  {
    selector: 'CallExpression[callee.property.name=/^(request|publish|subscribe)$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]',
    message: SUBJECT_FROM_CONTRACTS,
  },
];

const ONE_HOME = 'This helper has one home in libs/common (paging, KeyedSerialQueue, accessTokenJwtOptions): import it from #common.';

/** Shared helpers exist once (libs/common); an app that writes its own copy again is refused. */
const secondCopyRules = [
  {
    selector:
      ':matches(FunctionDeclaration, VariableDeclarator)[id.name=/^(paged|toPage|pageLimit|encodeCursor|decodeCursor|encodeTimeCursor|decodeTimeCursor|encodeActivityCursor|decodeActivityCursor|hmacKey|accessTokenJwtOptions)$/]',
    message: ONE_HOME,
  },
  { selector: "CallExpression[callee.name='createSecretKey']", message: ONE_HOME },
  // The removed copies themselves, and passport (the gateway verifies tokens with AccessTokenVerifier).
  { selector: String.raw`ImportDeclaration[source.value=/(\/paging\/cursor|\/chat-views)\.js$|^(@nestjs\/passport|passport-jwt)$/]`, message: ONE_HOME },
  // A hand-written per-key promise chain (a map of tails): use KeyedSerialQueue.
  { selector: "NewExpression[callee.name='Map'][typeArguments.params.1.typeName.name='Promise']", message: ONE_HOME },
  { selector: 'ClassDeclaration[id.name=/^(Turns|KeyedSerialQueue)$/]', message: ONE_HOME },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest providers are classes whose async methods may not await (repository ports on a sync driver).
      '@typescript-eslint/require-await': 'off',
      // Contracts are class declarations merged with decorators.
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-syntax': ['error', ...subjectLiteralRules],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...subjectLiteralRules, ...serviceCallRules, ...secondCopyRules] },
  },
  {
    // The one home of each shared helper.
    files: ['libs/common/src/async/keyed-serial-queue.ts', 'libs/common/src/paging/paging.ts', 'libs/common/src/jwt-key.ts'],
    rules: { 'no-restricted-syntax': ['error', ...subjectLiteralRules, ...serviceCallRules] },
  },
  // ---- Layer rules: the folder structure is the architecture, and the linter holds it. ----
  ...layerRules([
    {
      files: ['libs/contracts/**/*.ts'],
      message: 'libs/contracts is the shared vocabulary: it depends on no app, no infrastructure and not on libs/common.',
      names: ['#common', '#common/testing', '#common/mail'],
      patterns: ['**/apps/**', '../../../**', 'mongoose', 'better-sqlite3', '@nestjs/microservices', '@nats-io/*'],
    },
    {
      files: ['libs/common/**/*.ts'],
      message: 'libs/common is infrastructure for every app; it must not depend on an app.',
      patterns: ['**/apps/**'],
    },
    {
      files: ['apps/**/*.ts'],
      message: 'No app imports another app (or compiled output): share through libs/contracts and NATS.',
      patterns: ['**/apps/**', '../../../**', '**/dist/**'],
    },
    {
      files: ['apps/gateway/**/*.ts'],
      message: 'The gateway holds no database: it calls the services over NATS.',
      patterns: ['mongoose', 'better-sqlite3', '@nestjs/mongoose', '**/*repository.js'],
    },
    {
      files: ['apps/**/*.handler.ts', 'apps/**/*.controller.ts'],
      message: 'Handlers and controllers call one service method; they never touch repositories.',
      patterns: ['**/*repository.js', 'mongoose', 'better-sqlite3'],
    },
    {
      files: ['apps/**/*.service.ts'],
      message: 'Services depend on repository ports, never on a storage adapter or driver.',
      patterns: ['**/*.sqlite-repository.js', '**/*.mongo-repository.js', 'mongoose', 'better-sqlite3'],
    },
    {
      files: ['apps/**/*repository.ts'],
      message: 'Repositories only query: they never call services or handlers.',
      patterns: ['**/*.service.js', '**/*.handler.js', '**/*.controller.js'],
    },
  ]),
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
