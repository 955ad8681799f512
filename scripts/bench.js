'use strict';
/**
 * `npm run bench`: set-up as for the tests (dependencies, Temporal CLI, Node 24 and n8n, which the
 * worker and the node comparison need), then bench/run.ts on Node 24. Figures only, never pass/fail.
 *
 *   npm run bench -- --readme     also write the figures' table into README.md (section "Benchmarks")
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const { ensureN8n, ensureNode24 } = require('./n8n');
const { main: setup } = require('./setup');

const root = join(__dirname, '..');
setup();
const node = ensureNode24();
ensureN8n();
const run = spawnSync(
	node,
	[
		'-r',
		'ts-node/register/transpile-only',
		join(root, 'bench', 'run.ts'),
		...process.argv.slice(2),
	],
	{ cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
