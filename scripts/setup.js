'use strict';
/**
 * Set-up a fresh machine needs before the tests or the local stack: npm dependencies and the Temporal
 * CLI. Idempotent and quick when everything is present.
 *
 * `--ignore-scripts`: n8n-workflow pulls in isolated-vm, whose native build needs Node >= 24 and is not
 * used by this package; nothing we run needs an install script (Temporal's bridge ships prebuilt).
 */
const { execFileSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const { ensureTemporalCli } = require('./tools');

const root = join(__dirname, '..');

function depsStale() {
	const marker = join(root, 'node_modules', '.package-lock.json');
	if (!existsSync(marker)) return true;
	return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs;
}

function main() {
	if (depsStale()) {
		process.stderr.write('Installing npm dependencies…\n');
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		execFileSync(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
	}
	const temporal = ensureTemporalCli();
	if (temporal) process.stderr.write(`Temporal CLI: ${temporal}\n`);
}

if (require.main === module) main();
module.exports = { main };
