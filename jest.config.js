/**
 * Two test projects. `unit`: pure functions (mappings), no servers, seconds (`npm test -- --selectProjects unit`).
 * `integration`: the sandbox and a Temporal dev server start once (globalSetup) and serve every test file.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] };

module.exports = {
	maxWorkers: 2,
	testTimeout: 120000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			testMatch: ['**/*.test.ts'],
			transform,
		},
		{
			displayName: 'integration',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['<rootDir>/test/unit/'],
			transform,
			globalSetup: '<rootDir>/test/globalSetup.ts',
			globalTeardown: '<rootDir>/test/globalTeardown.ts',
		},
	],
};
