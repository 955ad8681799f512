#!/usr/bin/env node
import './workerDependencies';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

import { createActivities } from './activities';
import { temporalConnectionOptions } from './client';
import { connectionsFromEnv, type ConnectionSource } from './connections';
import { TASK_QUEUE, apiTaskQueue, type SystemName } from './shared';
import { linkStoreFromEnv, type LinkStore } from './store';

export { temporalConnectionOptions };

/**
 * Activity starts per second per API account, across all workers (maxTaskQueueActivitiesPerSecond). This
 * caps how many activities start, not how many requests they send: a page activity sends many. The
 * request ceiling (lexoffice 2/s; bexio unpublished, 5/s by default) is enforced per request by the budget
 * kept in the link store, which every worker sharing that store obeys. The cap only keeps a burst of
 * activity starts from queueing up behind that budget until their heartbeats time out.
 */
export const DEFAULT_ACTIVITIES_PER_SECOND: Record<SystemName, number> = { lexoffice: 2, bexio: 5 };

export interface WorkerSetup {
	connection: NativeConnection;
	namespace?: string;
	/** Workflow task queue; API queues are derived from it (apiTaskQueue). Default `accounting-sync`. */
	taskQueue?: string;
	connections: ConnectionSource;
	store: LinkStore;
	reportDir?: string;
	/** A prebuilt bundle (production); otherwise the workflows are bundled at start. */
	workflowBundle?: WorkflowBundleOption;
	activitiesPerSecond?: Partial<Record<SystemName, number>>;
}

/**
 * One worker for workflows and store-only activities on the workflow queue, plus one activity worker
 * per configured API account on that account's queue. Requests of all jobs and workers against one
 * account share one budget in the link store (store/requestBudget.ts).
 */
export async function createWorkers(setup: WorkerSetup): Promise<Worker[]> {
	const taskQueue = setup.taskQueue ?? TASK_QUEUE;
	const activities = createActivities({
		connections: setup.connections,
		store: setup.store,
		reportDir: setup.reportDir,
	});
	const rates = { ...DEFAULT_ACTIVITIES_PER_SECOND, ...setup.activitiesPerSecond };
	const base = {
		connection: setup.connection,
		namespace: setup.namespace ?? 'default',
		activities,
	};
	const workflows = setup.workflowBundle
		? { workflowBundle: setup.workflowBundle }
		: { workflowsPath: require.resolve('./workflows') };
	const workers = [await Worker.create({ ...base, ...workflows, taskQueue })];
	for (const c of setup.connections.list()) {
		workers.push(
			await Worker.create({
				...base,
				taskQueue: apiTaskQueue({ system: c.system, id: c.id }, taskQueue),
				maxTaskQueueActivitiesPerSecond: rates[c.system],
			}),
		);
	}
	return workers;
}

/** Runs workers until the first one stops, then stops the rest (the SDK stops all on SIGINT/SIGTERM). */
export async function runWorkers(workers: Worker[]): Promise<void> {
	const stopAll = () => {
		for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
	};
	await Promise.all(workers.map((w) => w.run().finally(stopAll)));
}

/** Only when named: a bundle found by convention could be stale after a rebuild and replay old code. */
function prebuiltBundle(env: NodeJS.ProcessEnv): WorkflowBundleOption | undefined {
	const path = env.BLX_WORKFLOW_BUNDLE;
	if (!path) return undefined;
	if (!existsSync(path))
		throw new Error(`BLX_WORKFLOW_BUNDLE names a file that does not exist: ${path}`);
	return { codePath: path };
}

const envNumber = (value: string | undefined): number | undefined =>
	value && Number.isFinite(Number(value)) ? Number(value) : undefined;

/**
 * The worker process. Environment: Temporal (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`,
 * `TEMPORAL_TLS`), API connections (connections.ts), `BLX_TASK_QUEUE`, the link store (`BLX_LINK_STORE` or
 * `BLX_LINK_STORE_URL`, see store/index.ts), `BLX_REPORT_DIR`,
 * `BLX_WORKFLOW_BUNDLE` (a prebuilt bundle from temporal/bundle.ts; otherwise bundled at start),
 * `BLX_LEXOFFICE_ACTIVITIES_PER_SECOND`, `BLX_BEXIO_ACTIVITIES_PER_SECOND`. SIGINT/SIGTERM shut it down
 * gracefully: polling stops, running activities get the shutdown grace time, then the process exits.
 */
export async function runWorker(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const { address, namespace, tls, apiKey } = temporalConnectionOptions(env);
	const connection = await NativeConnection.connect({ address, tls, apiKey });
	const store = linkStoreFromEnv(env);
	try {
		const workers = await createWorkers({
			connection,
			namespace,
			taskQueue: env.BLX_TASK_QUEUE || TASK_QUEUE,
			connections: connectionsFromEnv(env),
			store,
			reportDir: env.BLX_REPORT_DIR,
			workflowBundle: prebuiltBundle(env),
			activitiesPerSecond: {
				lexoffice: envNumber(env.BLX_LEXOFFICE_ACTIVITIES_PER_SECOND),
				bexio: envNumber(env.BLX_BEXIO_ACTIVITIES_PER_SECOND),
			},
		});
		await runWorkers(workers);
	} finally {
		await connection.close();
		await store.close();
	}
}

if (require.main === module) {
	// A worker mostly waits on rate-limited APIs, for hours. By default V8 lets garbage raise the heap's
	// limit at every major collection, so the process grew with the records imported (693 MiB at 100,000
	// vs 433 MiB at 1,000) while what it keeps alive stayed near 70 MiB. Favouring size keeps the heap near
	// its live size for a little JIT speed the APIs' pacing never notices (`npm run bench`, p3). Set before
	// the SDK starts the workflow thread, whose isolate takes the flags it finds.
	setFlagsFromString('--optimize-for-size');
	runWorker().catch((error: unknown) => {
		process.stderr.write(
			`worker failed: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	});
}
