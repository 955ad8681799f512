'use strict';
/**
 * `npm test`: set-up (dependencies, Temporal CLI, Node 24), then type check, lint, the format check
 * (Prettier, `npm run format` fixes it) and jest. The tests run on Node 24, the version n8n 2.x and the
 * worker run on in production (the worker's embedded store uses node:sqlite); on an older system Node,
 * Node 24 comes from the npm registry.
 * Extra arguments go to jest (`npm test -- test/clients`).
 */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const { ensureN8n, ensureNode24 } = require('./n8n');
const { main: setup } = require('./setup');

const root = join(__dirname, '..');
const run = (bin, args) => {
	try {
		execFileSync(bin, args, { cwd: root, stdio: 'inherit' });
	} catch {
		process.exit(1);
	}
};

setup();
const node = ensureNode24();
const args = process.argv.slice(2);
if (args.length === 0) {
	// The node and template tests run in a real n8n; installing it is part of set-up (once, cached in .tools/).
	ensureN8n();
	run(node, [
		join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
		'-p',
		'tsconfig.json',
		'--noEmit',
	]);
	run(node, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test/tsconfig.json']);
	run(node, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']);
	run(node, [
		join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
		'--check',
		'--log-level',
		'warn',
		'.',
	]);
}
run(node, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args]);
