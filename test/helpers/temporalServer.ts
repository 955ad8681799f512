import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';

// Shared with scripts/setup.js and scripts/start.js (plain JS so it runs before any install).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS helper without types
const { findTemporalCli } = require('../../scripts/tools') as {
	findTemporalCli(): string | undefined;
};

/**
 * Which Temporal dev server to run: an installed `temporal` CLI (TEMPORAL_CLI, pip's scripts folder,
 * PATH) on offline machines; otherwise the SDK's own download, which works where there is internet.
 */
export function temporalExecutable(): EphemeralServerExecutable {
	const path = findTemporalCli();
	return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

export interface DevServer {
	address: string;
	/** The SQLite file the server keeps its state in (the chaos suite scans it as bytes). */
	dbFile: string;
	/** Everything the server printed, at info level, over all its starts. */
	logs: string[];
	/** The same output as a file, if one was given. */
	logFile?: string;
	start(): Promise<void>;
	stop(): Promise<void>;
}

/** Every dev server this process started, so the chaos suite's secret scan can read their logs and databases. */
export const startedDevServers: DevServer[] = [];

/**
 * A Temporal dev server from the CLI with its state in a SQLite file (it survives a stop and start on
 * the same ports) and its output at info level kept in memory and, with `logFile`, appended to a file.
 * Flags as the SDK's own dev server (TestWorkflowEnvironment.createLocal) passes them.
 */
export function devServer(
	cli: string,
	dbFile: string,
	ports: { grpc: number; http: number; metrics: number },
	logFile?: string,
): DevServer {
	let child: ChildProcess | undefined;
	const logs: string[] = [];
	const address = `127.0.0.1:${ports.grpc}`;
	if (logFile) {
		mkdirSync(dirname(logFile), { recursive: true });
		writeFileSync(logFile, '');
	}
	const keep = (d: Buffer) => {
		logs.push(d.toString());
		if (logFile) appendFileSync(logFile, d);
	};
	const server: DevServer = {
		address,
		dbFile,
		logs,
		logFile,
		async start() {
			const c = spawn(
				cli,
				[
					'server',
					'start-dev',
					'--headless',
					'--ip',
					'127.0.0.1',
					'--port',
					String(ports.grpc),
					'--http-port',
					String(ports.http),
					'--metrics-port',
					String(ports.metrics),
					'--db-filename',
					dbFile,
					'--log-format',
					'json',
					'--log-level',
					'info',
					'--dynamic-config-value',
					'frontend.enableServerVersionCheck=false',
					'--dynamic-config-value',
					'frontend.enableUpdateWorkflowExecution=true',
					'--dynamic-config-value',
					'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
				],
				{ stdio: ['ignore', 'pipe', 'pipe'] },
			);
			child = c;
			// Never outlive the tests, also when jest exits without tearing down.
			process.once('exit', () => c.kill('SIGKILL'));
			c.stdout?.on('data', keep);
			c.stderr?.on('data', keep);
			const { Connection } = await import('@temporalio/client');
			for (let i = 0; ; i++) {
				if (c.exitCode !== null)
					throw new Error(`temporal dev server exited: ${logs.join('').slice(-2000)}`);
				try {
					const conn = await Connection.connect({ address, connectTimeout: 1000 });
					await conn.workflowService.getSystemInfo({});
					await conn.close();
					return;
				} catch {
					if (i > 120)
						throw new Error(`temporal dev server not ready: ${logs.join('').slice(-2000)}`);
					await new Promise((r) => setTimeout(r, 500));
				}
			}
		},
		async stop() {
			const c = child;
			if (!c || c.exitCode !== null || c.signalCode !== null) return;
			const exited = new Promise((r) => c.once('exit', r));
			c.kill('SIGTERM');
			const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		},
	};
	startedDevServers.push(server);
	return server;
}
