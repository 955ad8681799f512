import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * n8n's community-node rules without the n8n Cloud restrictions: this package ships a Temporal worker
 * and gRPC client as runtime dependencies, so it is self-hosted only (README, "Self-hosted only").
 */
export default tseslint.config(
	configWithoutCloudSupport,
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.data/**',
			'.tools/**',
			'.tmp/**',
			'coverage/**',
			'*.mjs',
			'scripts/n8n-install/**',
		],
	},
	{
		files: ['**/*.ts'],
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
		},
		rules: {
			// A forgotten await on an activity, client or server call is a real bug.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
	{
		// The runtime-dependency rule is the Cloud rule this package deliberately breaks (see above).
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		// One-way layering: clients/ knows neither n8n nor Temporal; the sandbox is the other side of the contract.
		files: ['clients/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						'n8n-workflow',
						'n8n-core',
						'@temporalio/*',
						'**/nodes/**',
						'**/temporal/**',
						'**/sandbox/**',
					],
				},
			],
		},
	},
	{
		files: ['sandbox/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{ patterns: ['**/clients/**', '**/nodes/**', '**/temporal/**'] },
			],
		},
	},
	{
		// Nodes run inside n8n: never load the worker (native module) or activities there.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						'@temporalio/worker',
						'**/temporal/worker',
						'**/temporal/activities/**',
						'**/sandbox/**',
					],
				},
			],
		},
	},
	{
		// Workflow code must stay deterministic: only the workflow SDK, shared types and type imports.
		files: ['temporal/workflows/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'node:*',
								'fs',
								'path',
								'os',
								'crypto',
								'http',
								'https',
								'child_process',
								'axios',
								'zod',
							],
							message: 'Workflow code runs in a deterministic sandbox.',
						},
						{
							group: ['../activities', '../activities/*'],
							allowTypeImports: true,
							message: 'Import activities and clients as types only.',
						},
						// clients/lexoffice/days imports nothing and is deterministic (lexoffice's calendar days).
						{
							regex: '^\\.\\./\\.\\./clients/(?!lexoffice/days$)',
							allowTypeImports: true,
							message: 'Import activities and clients as types only.',
						},
						{
							group: ['@temporalio/*', '!@temporalio/workflow', '!@temporalio/common'],
							message: 'Only @temporalio/workflow in workflows.',
						},
					],
				},
			],
		},
	},
	{
		// Below the node boundary errors are ApiError / sandbox responses / Temporal failures; the nodes turn
		// them into NodeApiError (nodes/shared), so this n8n rule applies to nodes/ and credentials/ only.
		files: [
			'clients/**/*.ts',
			'sandbox/**/*.ts',
			'temporal/**/*.ts',
			'test/**/*.ts',
			'bench/**/*.ts',
			'nodes/shared/n8nSend.ts',
		],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// Tests and benchmarks start real servers (sandbox, Temporal, n8n) as child processes.
		files: ['test/**/*.ts', 'bench/**/*.ts'],
		rules: { 'no-console': 'off', '@n8n/community-nodes/no-dangerous-functions': 'off' },
	},
	{
		// Node classes take their description from actions/versionDescription.ts (Airtable v2 layout); these
		// rules read the description literal in the class file and cannot follow the import. The icons are
		// declared in versionDescription.ts.
		files: [
			'nodes/Bexio/Bexio.node.ts',
			'nodes/Lexoffice/Lexoffice.node.ts',
			'nodes/BexioLexofficeJobs/BexioLexofficeJobs.node.ts',
			'nodes/*/actions/versionDescription.ts',
		],
		rules: {
			'n8n-nodes-base/node-filename-against-convention': 'off',
			'@n8n/community-nodes/icon-validation': 'off',
		},
	},
	{
		// Generated from the catalogs: defaults are computed per field, and resource-locator modes take none.
		files: ['nodes/shared/catalogProperties.ts', 'nodes/shared/pickers.ts'],
		rules: { 'n8n-nodes-base/node-param-default-missing': 'off' },
	},
	{
		// Plain CommonJS tooling (set-up, test runner, bench/chaos front ends, gulp): the recommended JS rules.
		files: ['scripts/**/*.js', '*.js'],
		...js.configs.recommended,
		languageOptions: {
			sourceType: 'commonjs',
			globals: { ...globals.node, WebSocket: 'readonly' },
		},
		rules: {
			...js.configs.recommended.rules,
			'no-unused-vars': [
				'error',
				{
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					caughtErrors: 'none',
					ignoreRestSiblings: true,
				},
			],
		},
	},
);
