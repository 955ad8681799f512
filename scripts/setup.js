'use strict';
/**
 * Set-up a fresh machine needs before the tests or the local stack: npm dependencies and the Temporal
 * CLI. Idempotent and quick when everything is present.
 *
 * `--ignore-scripts`: n8n-workflow pulls in isolated-vm, whose native build needs Node >= 24 and is not
 * used by this package; nothing we run needs an install script (Temporal's bridge ships prebuilt).
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const { ensureTemporalCli } = require('./tools');

const root = join(__dirname, '..');

/** Where the hash of the lock file the dependencies were last installed from is kept. */
const marker = join(root, 'node_modules', '.installed-lock-hash');
const lockHash = () =>
	createHash('sha256')
		.update(readFileSync(join(root, 'package-lock.json')))
		.digest('hex');

// By content, not by file dates: a checkout gives the lock file a new date without changing it.
function depsStale() {
	return !existsSync(marker) || readFileSync(marker, 'utf8').trim() !== lockHash();
}

function main() {
	if (depsStale()) {
		process.stderr.write('Installing npm dependencies…\n');
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		execFileSync(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: root,
			stdio: 'inherit',
		});
		writeFileSync(marker, `${lockHash()}\n`);
	}
	const temporal = ensureTemporalCli();
	if (temporal) process.stderr.write(`Temporal CLI: ${temporal}\n`);
}

if (require.main === module) main();
module.exports = { main };
