import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Connection } from '../../temporal/connections';

const root = join(__dirname, '..', '..');

export interface WorkerConfig {
	temporalAddress: string;
	taskQueue: string;
	connections: Connection[];
	/** The workflow bundle as a file, so that each worker start skips bundling. */
	bundlePath: string;
	/** Folder of the connections file, the reports and the SQLite link store. */
	dir: string;
	/** Prefix of those files, for several workers in one folder. */
	name?: string;
	/** Link store variables (BLX_LINK_STORE_URL, …) in place of the SQLite file. */
	linkStore?: NodeJS.ProcessEnv;
}

/**
 * The environment of the production worker, which is its only configuration; writes the connections file.
 * Written once and shared by every start, so that a restarted worker never reads a file being rewritten.
 */
export function workerEnv(config: WorkerConfig): NodeJS.ProcessEnv {
	const file = (what: string) => join(config.dir, config.name ? `${config.name}-${what}` : what);
	const connectionsFile = file('connections.json');
	writeFileSync(connectionsFile, JSON.stringify({ connections: config.connections }));
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TEMPORAL_ADDRESS: config.temporalAddress,
		BLX_TASK_QUEUE: config.taskQueue,
		BLX_CONNECTIONS_FILE: connectionsFile,
		...(config.linkStore ?? { BLX_LINK_STORE: file('links.sqlite') }),
		BLX_REPORT_DIR: file('reports'),
		BLX_WORKFLOW_BUNDLE: config.bundlePath,
		// Out of the way: the sandboxes' limits and the clients' pacing are what the runs exercise.
		BLX_LEXOFFICE_ACTIVITIES_PER_SECOND: '1000',
		BLX_BEXIO_ACTIVITIES_PER_SECOND: '1000',
	};
}

/** The production worker entry (temporal/worker.ts) as its own process; its output goes to `log`. */
export function spawnWorkerProcess(env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
	const child = spawn(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', join(root, 'temporal', 'worker.ts')],
		{
			cwd: root,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
	child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
	return child;
}

/** Graceful stop (SIGTERM: polling stops, activities drain); SIGKILL only if it hangs past `graceMs`. */
export async function stopWorkerProcess(child: ChildProcess, graceMs = 30_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}
