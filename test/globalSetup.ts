import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { Config } from '@jest/types';
import { TestWorkflowEnvironment } from '@temporalio/testing';

import { startBexioSandbox } from '../sandbox/bexio';
import { startLexofficeSandbox } from '../sandbox/lexoffice';
import { freePort, startN8n } from './helpers/n8n';
import { devServer, temporalExecutable } from './helpers/temporalServer';

const root = join(__dirname, '..');

/** Whether the selected tests include the ones that run inside a real n8n (test/nodes, test/workflows). */
function needsN8n(config: Config.GlobalConfig): boolean {
	const pattern = config.testPathPattern;
	return !pattern || /nodes|workflows|e2e|chaos/.test(pattern);
}

/**
 * One sandbox of each API, one Temporal dev server and (for node and template tests) one real n8n
 * with this package installed, per jest run. Addresses reach the test workers through the
 * environment (workers start after this and inherit it).
 */
export default async function globalSetup(config: Config.GlobalConfig): Promise<void> {
	const lexoffice = await startLexofficeSandbox({ webhookTimeScale: 0.001 });
	const bexio = await startBexioSandbox();
	process.env.LEXOFFICE_URL = lexoffice.url;
	process.env.LEXOFFICE_WEBHOOK_PUBLIC_KEY_URL = lexoffice.publicKeyUrl;
	process.env.BEXIO_URL = bexio.url;

	// The dev server keeps its state in a file and logs at info level to another, both read by the chaos
	// suite's secret scan. Without an installed CLI, the SDK's download (its output is not captured).
	const temporalDir = mkdtempSync(join(tmpdir(), 'blx-temporal-'));
	const executable = temporalExecutable();
	let temporal: { address: string; stop(): Promise<void> };
	if (executable.type === 'existing-path') {
		const server = devServer(
			executable.path,
			join(temporalDir, 'temporal.sqlite'),
			{ grpc: await freePort(), http: await freePort(), metrics: await freePort() },
			join(root, '.tmp', 'temporal-test.log'),
		);
		await server.start();
		temporal = server;
		process.env.TEMPORAL_TEST_LOG = server.logFile;
	} else {
		const env = await TestWorkflowEnvironment.createLocal({
			server: {
				executable,
				ip: '127.0.0.1',
				dbFilename: join(temporalDir, 'temporal.sqlite'),
				log: { format: 'json', level: 'info' },
			},
		});
		temporal = { address: env.address, stop: () => env.teardown() };
	}
	process.env.TEMPORAL_TEST_ADDRESS = temporal.address;
	process.env.TEMPORAL_TEST_DB = join(temporalDir, 'temporal.sqlite');

	let n8n: Awaited<ReturnType<typeof startN8n>> | undefined;
	if (needsN8n(config)) {
		// n8n loads the compiled package from dist/.
		execFileSync(
			process.execPath,
			[join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
			{ cwd: root, stdio: 'inherit' },
		);
		execFileSync(
			process.execPath,
			[join(root, 'node_modules', 'gulp', 'bin', 'gulp.js'), 'build:assets', '--silent'],
			{ cwd: root, stdio: 'inherit' },
		);
		n8n = await startN8n();
		process.env.N8N_TEST_URL = n8n.url;
		process.env.N8N_TEST_API_KEY = n8n.apiKey;
		process.env.N8N_TEST_USER_FOLDER = n8n.userFolder;
		// n8n's output as a file, for the chaos suite's secret scan.
		const logFile = join(root, '.tmp', 'n8n-test.log');
		mkdirSync(dirname(logFile), { recursive: true });
		process.env.N8N_TEST_LOG = logFile;
		const instance = n8n;
		setInterval(() => writeFileSync(logFile, instance.logs()), 1000).unref();
	}

	const g = globalThis as unknown as { __blx?: { close(): Promise<void> } };
	g.__blx = {
		async close() {
			await n8n?.stop();
			await temporal.stop();
			rmSync(temporalDir, { recursive: true, force: true });
			await Promise.all([lexoffice.close(), bexio.close()]);
		},
	};
}
