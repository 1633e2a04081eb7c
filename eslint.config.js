import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const root = import.meta.dirname;

// Every folder under services/ with a package.json is a service, read at load time so a new
// service is covered without touching this file. services/platform composes the others.
const COMPOSER = 'platform';
const services = readdirSync(join(root, 'services'), { withFileTypes: true })
  .filter(
    (entry) =>
      entry.isDirectory() && existsSync(join(root, 'services', entry.name, 'package.json')),
  )
  .map((entry) => entry.name);

const SERVICE_BOUNDARY =
  'A service depends on libs/ and contracts/ only, never on another service (by package name or by a relative path into its folder). ' +
  'What two services share goes to libs/ or contracts/; services/platform composes them.';

// One zone per service: files in services/<name>/ may import nothing that resolves into
// services/ outside their own folder. Imports are resolved first, so `@digital-post/mailbox`,
// `@digital-post/mailbox/testing` and `../../mailbox/src/x.ts` are all caught the same way.
const serviceZones = services
  .filter((name) => name !== COMPOSER)
  .map((name) => ({
    target: `./services/${name}`,
    from: './services',
    except: [`./${name}`],
    message: SERVICE_BOUNDARY,
  }));

// Everything that exists only for tests lives in its package's src/testing/ (libs/testing is
// the test library itself). Code that ships never imports it: not by a relative path into a
// testing folder, not through a package's `./testing` entry (`@digital-post/<pkg>/testing`),
// and not `@digital-post/testing`. Tests, test support, the test packages under test/ and the
// benchmarks may.
const TEST_SUPPORT =
  'Production code never imports test support (a testing/ folder, @digital-post/<pkg>/testing or @digital-post/testing). ' +
  'Only *.test.ts files, other test support in src/testing/, test/ and bench/ may.';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.data/**', '**/dist/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/testing/**', 'bench/**'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    ignores: ['**/*.test.ts', '**/testing/**', 'test/**', 'bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)testing(/|$)', message: TEST_SUPPORT }] },
      ],
    },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      // Without these import-x parses only .js files and follows no .ts import.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      // Type-only imports are erased at run time and are not followed.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: serviceZones }],
    },
  },
);
