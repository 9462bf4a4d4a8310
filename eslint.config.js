// ESLint flat config: typescript-eslint's type-checked rules over every package (the house lint rules).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** The packages that may not import any other @voip package (only @voip/cli composes them). */
export const LIBRARIES = ['stun', 'rtp', 'srtp', 'sdp-crypto', 'audio'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', 'packages/*/api/**', 'docs/api/**', '**/node_modules/**', '**/coverage/**', '.peers/**', 'demo-output/**'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'scripts/*.mjs', 'packages/*/tsup.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      curly: ['error', 'all'],
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': 'error',
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The four libraries (and @voip/audio) never import another @voip package, nor @voip/cli: they meet
  // only through the interfaces @voip/rtp defines, satisfied by shape. Tests may (contract type tests).
  ...LIBRARIES.map((name) => ({
    files: [`packages/${name}/src/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@voip/*', '@voip/*/**'],
              message: `@voip/${name} must not import other @voip packages: the libraries meet only through the interfaces @voip/rtp defines, by shape (use a relative import within the package).`,
            },
          ],
        },
      ],
    },
  })),
  {
    // Tests and benchmarks: assertions on loosely typed peers (werift-rtp, rtp.js, stun) are fine.
    files: ['packages/*/test/**', 'packages/*/bench/**', 'scripts/**', 'packages/*/scripts/**', 'test/**', 'test-runtimes/**'],
    rules: {
      '@typescript-eslint/explicit-function-return-type': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
