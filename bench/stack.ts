import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startBexioSandbox } from '../sandbox/bexio';
import { startLexofficeSandbox } from '../sandbox/lexoffice';
import type { Connection } from '../temporal/connections';
import type { SystemName } from '../temporal/shared';
import { temporalExecutable } from '../test/helpers/temporalServer';
import { spawnWorkerProcess, workerEnv } from '../test/helpers/workerProcess';

/**
 * What the import figures run on: both sandboxes in this process, a real Temporal dev server, the
 * production worker entry as its own process (so its memory is its own and it can be SIGKILLed).
 */

export interface Stack {
	urls: Record<SystemName, string>;
	temporal: TestWorkflowEnvironment;
	dir: string;
	bundlePath: string;
	close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
	const [lexoffice, bexio] = await Promise.all([startLexofficeSandbox(), startBexioSandbox()]);
	const temporal = await TestWorkflowEnvironment.createLocal({
		server: { executable: temporalExecutable(), ip: '127.0.0.1' },
	});
	const dir = mkdtempSync(join(tmpdir(), 'blx-bench-'));
	const bundle = await bundleWorkflowCode({
		workflowsPath: require.resolve('../temporal/workflows'),
		logger: quiet,
	});
	const bundlePath = join(dir, 'workflow-bundle.js');
	writeFileSync(bundlePath, bundle.code);
	return {
		urls: { lexoffice: lexoffice.url, bexio: bexio.url },
		temporal,
		dir,
		bundlePath,
		async close() {
			await temporal.teardown();
			await Promise.all([lexoffice.close(), bexio.close()]);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

const noop = (): void => undefined;
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

export async function admin<T>(
	stack: Stack,
	system: SystemName,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const res = await fetch(`${stack.urls[system]}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok) throw new Error(`sandbox admin ${method} ${path}: ${res.status}`);
	return (await res.json()) as T;
}

export interface Tenant {
	token: string;
	connection: Connection;
}

/**
 * A sandbox account. `ceilingPerSecond` sets the server's limit and the client's pacing to the same
 * number (what a user configures for their real account); without it both are out of the way.
 */
export async function tenant(
	stack: Stack,
	system: SystemName,
	id: string,
	ceilingPerSecond?: number,
): Promise<Tenant> {
	const serverLimit = ceilingPerSecond
		? system === 'lexoffice'
			? { perSecond: ceilingPerSecond, burst: 2 }
			: { perWindow: ceilingPerSecond * 60, windowMs: 60_000 }
		: { disabled: true };
	const { token } = await admin<{ token: string }>(stack, system, 'POST', '/tenants', {
		rateLimit: serverLimit,
	});
	const rateLimit = ceilingPerSecond
		? { ratePerSecond: ceilingPerSecond, burst: 1 }
		: { ratePerSecond: 100_000, burst: 100 };
	return { token, connection: { id, system, baseUrl: stack.urls[system], token, rateLimit } };
}

export interface RequestCounts {
	total: number;
	/** POST/PUT/PATCH/DELETE answered 2xx. */
	writes: number;
	/** GET of a collection (a page read). */
	pageReads: number;
	status429: number;
	/** Successful writes per second between the first and the last one (the server's own clock). */
	writesPerSecond: number;
	/** 2xx answers per route (`GET /2.0/contact`, …). */
	okByRoute: Record<string, number>;
}

/** Requests the sandbox served for one account, by kind. */
export async function requestCounts(
	stack: Stack,
	system: SystemName,
	token: string,
): Promise<RequestCounts> {
	const s = await admin<{
		total: number;
		byRoute: Record<string, Record<string, number>>;
		writes: { count: number; firstAt?: string; lastAt?: string };
	}>(stack, system, 'GET', `/stats?token=${encodeURIComponent(token)}`);
	const span =
		s.writes.count > 1 ? (Date.parse(s.writes.lastAt!) - Date.parse(s.writes.firstAt!)) / 1000 : 0;
	const out: RequestCounts = {
		total: s.total,
		writes: 0,
		pageReads: 0,
		status429: 0,
		writesPerSecond: span > 0 ? (s.writes.count - 1) / span : 0,
		okByRoute: {},
	};
	for (const [route, statuses] of Object.entries(s.byRoute)) {
		const [method, path] = route.split(' ');
		for (const [status, n] of Object.entries(statuses)) {
			if (status === '429') out.status429 += n;
			if (!status.startsWith('2')) continue;
			out.okByRoute[route] = (out.okByRoute[route] ?? 0) + n;
			if (method !== 'GET') out.writes += n;
			// A collection, not one record: its pattern does not end in a `:param` segment.
			else if (!/\/:[^/]+$/.test(path)) out.pageReads += n;
		}
	}
	return out;
}

export interface WorkerProcess {
	child: ChildProcess;
	/** Peak resident memory of the worker process so far (VmHWM), in MiB. */
	peakRssMiB(): number;
	/** Graceful stop; resolves with the peak memory measured just before. */
	stop(): Promise<number>;
	kill(): Promise<void>;
	log: string[];
}

/**
 * The production worker (temporal/worker.ts), configured only through its environment. `activitiesPerSecond`
 * sets its per-account activity caps; without it they are out of the way (the test helpers' default).
 */
export function startWorker(
	stack: Stack,
	taskQueue: string,
	connections: Connection[],
	name: string,
	activitiesPerSecond?: Record<SystemName, number>,
): WorkerProcess {
	const env = workerEnv({
		temporalAddress: stack.temporal.address,
		taskQueue,
		connections,
		bundlePath: stack.bundlePath,
		dir: stack.dir,
		name,
	});
	if (activitiesPerSecond) {
		env.BLX_LEXOFFICE_ACTIVITIES_PER_SECOND = String(activitiesPerSecond.lexoffice);
		env.BLX_BEXIO_ACTIVITIES_PER_SECOND = String(activitiesPerSecond.bexio);
	}
	const log: string[] = [];
	const child = spawnWorkerProcess(env, log);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const peakRssMiB = () => {
		try {
			const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
			return kb ? Number(kb) / 1024 : 0;
		} catch {
			return 0;
		}
	};
	return {
		child,
		log,
		peakRssMiB,
		async stop() {
			const peak = peakRssMiB();
			child.kill('SIGTERM');
			await exited;
			return peak;
		},
		async kill() {
			child.kill('SIGKILL');
			await exited;
		},
	};
}

/**
 * Waits until the server reports a poller on the workflow queue and on each account's activity queue, so
 * a job's start-to-close time measures the job and not the worker process starting up.
 */
export async function untilPolling(
	stack: Stack,
	taskQueue: string,
	activityQueues: string[],
): Promise<void> {
	const queues: Array<[string, temporal.api.enums.v1.TaskQueueType]> = [
		[taskQueue, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
		...activityQueues.map((q): [string, temporal.api.enums.v1.TaskQueueType] => [
			q,
			temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
		]),
	];
	for (const [name, taskQueueType] of queues) {
		for (let attempt = 0; ; attempt++) {
			const { pollers } = await stack.temporal.client.workflowService.describeTaskQueue({
				namespace: 'default',
				taskQueue: { name },
				taskQueueType,
			});
			if (pollers && pollers.length > 0) break;
			if (attempt >= 600) throw new Error(`no worker polls ${name}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}
}

/**
 * Seconds from the start of a workflow id's first run to the close of its last (continue-as-new chain),
 * as the Temporal server recorded them. Visibility can lag the close by a moment: asks until every run
 * it lists is closed and the newest run is among them.
 */
export async function jobSeconds(stack: Stack, workflowId: string): Promise<number> {
	const latest = (await stack.temporal.client.workflow.getHandle(workflowId).describe()).runId;
	for (let attempt = 0; attempt < 100; attempt++) {
		const runs = [];
		for await (const run of stack.temporal.client.workflow.list({
			query: `WorkflowId = "${workflowId}"`,
		}))
			runs.push(run);
		if (runs.some((r) => r.runId === latest) && runs.every((r) => r.closeTime)) {
			const start = Math.min(...runs.map((r) => r.startTime.getTime()));
			const close = Math.max(...runs.map((r) => r.closeTime!.getTime()));
			return (close - start) / 1000;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`workflow ${workflowId}: visibility never listed every run as closed`);
}

/** Every run of a workflow id (continue-as-new chain) with its history length. */
export async function historyLengths(stack: Stack, workflowId: string): Promise<number[]> {
	const lengths: number[] = [];
	for await (const run of stack.temporal.client.workflow.list({
		query: `WorkflowId = "${workflowId}"`,
	})) {
		const history = await stack.temporal.client.workflow
			.getHandle(workflowId, run.runId)
			.fetchHistory();
		lengths.push(history.events?.length ?? 0);
	}
	return lengths;
}
