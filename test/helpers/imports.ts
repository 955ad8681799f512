import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { staticConnections, type Connection } from '../../temporal/connections';
import type { ConnectionRef, SystemName } from '../../temporal/shared';
import { SqliteLinkStore, type LinkStore } from '../../temporal/store';
import { describeSchedule, triggerSchedule } from '../../temporal/schedules';
import { createWorkers } from '../../temporal/worker';
import { newTenant, sandboxUrl } from './sandbox';
import { bundleWorkflows, connectTestServer } from './temporal';

/** Client pacing for sandbox tenants whose server-side limits are raised: tests measure behaviour, not rate. */
export const FAST = { ratePerSecond: 5000, burst: 50 };

/** A sandbox tenant with raised limits and the worker connection that points at it. */
export async function fastTenant(
	system: SystemName,
	id: string,
	rateLimit = FAST,
): Promise<{ ref: ConnectionRef; token: string; connection: Connection }> {
	const token = await newTenant(
		system,
		system === 'lexoffice'
			? { perSecond: 100_000, burst: 100_000 }
			: { perWindow: 10_000_000, windowMs: 60_000 },
	);
	return {
		ref: { system, id },
		token,
		connection: { id, system, baseUrl: sandboxUrl(system), token, rateLimit },
	};
}

/** The production worker layout (workflow queue + one queue per account) on the test server. */
export async function importWorkers(
	env: TestWorkflowEnvironment,
	bundle: WorkflowBundleWithSourceMap,
	taskQueue: string,
	connections: Connection[],
	store: LinkStore,
	reportDir?: string,
): Promise<Worker[]> {
	return createWorkers({
		connection: env.nativeConnection,
		taskQueue,
		connections: staticConnections(connections),
		store,
		reportDir,
		workflowBundle: bundle,
		activitiesPerSecond: { lexoffice: 1000, bexio: 1000 },
	});
}

/** Runs all workers while `fn` runs, then shuts them down and waits until they stopped. */
export async function runWorkersUntil<T>(workers: Worker[], fn: () => Promise<T>): Promise<T> {
	const runs = workers.map((w) => w.run());
	try {
		return await fn();
	} finally {
		for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
		await Promise.all(runs);
	}
}

export const HISTORY_DIR = join(__dirname, '..', 'temporal', 'histories');

/**
 * Fetches a run's history, asserts no token is in it (payload bytes decoded, so a token inside a
 * payload counts), and (only with BLX_RECORD_HISTORIES=1) stores it under test/temporal/histories/ for
 * the replay test. Re-record on purpose only, together with a patched() change.
 */
export async function checkHistory(
	handle: WorkflowHandle,
	name: string,
	tokens: string[],
): Promise<void> {
	const history = await handle.fetchHistory();
	const text = allText(history);
	for (const token of tokens) expect(text).not.toContain(token);
	if (process.env.BLX_RECORD_HISTORIES === '1') {
		mkdirSync(HISTORY_DIR, { recursive: true });
		writeFileSync(
			join(HISTORY_DIR, `${name}.json`),
			JSON.stringify({ workflowId: handle.workflowId, history }, null, 1) + '\n',
		);
	}
}

/** Every string in a value, with byte arrays (payload data) decoded as UTF-8. */
function allText(value: unknown, out: string[] = []): string {
	if (typeof value === 'string') out.push(value);
	else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
	else if (Array.isArray(value)) value.forEach((v) => allText(v, out));
	else if (value && typeof value === 'object') Object.values(value).forEach((v) => allText(v, out));
	return out.join('\n');
}

/** Polls until `check` returns a value (no fixed sleeps in assertions). */
export async function waitFor<T>(
	check: () => Promise<T | undefined>,
	what: string,
	timeoutMs = 60_000,
): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

export interface ImportHarness {
	env: TestWorkflowEnvironment;
	bundle: WorkflowBundleWithSourceMap;
	store: SqliteLinkStore;
	/** A temp folder of the test file (report files and the like). */
	dir: string;
}

/**
 * Per test file: the test server, the real workflow bundle and a fresh SQLite link store in a temp
 * folder, torn down after the file. Fields are filled in beforeAll.
 */
export function useImportHarness(name: string): ImportHarness {
	const harness = {} as ImportHarness;
	beforeAll(async () => {
		harness.env = await connectTestServer();
		harness.bundle = await bundleWorkflows();
		harness.dir = mkdtempSync(join(tmpdir(), `blx-${name}-`));
		harness.store = new SqliteLinkStore(join(harness.dir, 'links.sqlite'));
	});
	afterAll(async () => {
		await harness.store?.close();
		if (harness.dir) rmSync(harness.dir, { recursive: true, force: true });
		await harness.env?.teardown();
	});
	return harness;
}

/**
 * Fires a Temporal Schedule as its timetable would and answers the workflow id of the run it started
 * (the newest of the schedule's recent actions).
 */
export async function fireSchedule(client: Client, scheduleId: string): Promise<string> {
	const before = (await describeSchedule(client, scheduleId)).recentActions.length;
	await triggerSchedule(client, scheduleId);
	const action = await waitFor(async () => {
		const actions = (await describeSchedule(client, scheduleId)).recentActions;
		return actions.length > before ? actions.at(-1) : undefined;
	}, `a new run of schedule ${scheduleId}`);
	return action.workflowId;
}
