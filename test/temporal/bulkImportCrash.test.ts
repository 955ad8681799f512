import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { getProgress, importResult, startImport } from '../../temporal/client';
import { checkHistory, fastTenant, waitFor } from '../helpers/imports';
import { holdNext, holds, queriesWith, records, seed, stats, untilHeld } from '../helpers/sandbox';
import { bundleWorkflows, connectTestServer, uniqueQueue } from '../helpers/temporal';
import { spawnWorkerProcess, workerEnv } from '../helpers/workerProcess';

let env: TestWorkflowEnvironment;
let dir: string;

beforeAll(async () => {
	env = await connectTestServer();
	dir = mkdtempSync(join(tmpdir(), 'blx-crash-'));
});

afterAll(async () => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	await env?.teardown();
});

const exited = (child: ChildProcess) =>
	new Promise<NodeJS.Signals | number | null>((resolve) =>
		child.once('exit', (code, signal) => resolve(signal ?? code)),
	);

/** Lookups in lexoffice by name: how the importer finds out whether a create in flight at a crash was applied. */
const recoveryLookups = async (token: string) =>
	queriesWith(await stats('lexoffice', token), 'GET /v1/contacts', 'name');

describe('bulkImport across a worker crash', () => {
	it('completes with no duplicate and no lost record after the worker is killed with SIGKILL while a create is in flight', async () => {
		const source = await fastTenant('bexio', 'bexio-crash');
		// Paced so the import is still running when the create of the held record starts.
		const target = await fastTenant('lexoffice', 'lex-crash', { ratePerSecond: 80, burst: 1 });
		await seed('bexio', source.token, 'contacts', 600);
		const taskQueue = uniqueQueue('import-crash');
		// The create of the 230th contact (fifth page) is applied by the sandbox, which keeps its answer back.
		const heldSource = (await records<{ id: number }>('bexio', source.token, 'contacts'))
			.map((c) => c.id)
			.sort((a, b) => a - b)[229];
		const heldMarker = `[bexio-contact:${heldSource}]`;
		const hold = await holdNext('lexoffice', target.token, {
			path: '/v1/contacts',
			bodyContains: heldMarker,
		});

		const bundle = await bundleWorkflows();
		const bundlePath = join(dir, 'workflow-bundle.js');
		writeFileSync(bundlePath, bundle.code);
		const workerEnvironment = workerEnv({
			temporalAddress: env.address,
			taskQueue,
			connections: [source.connection, target.connection],
			bundlePath,
			dir,
		});
		const log: string[] = [];

		const { workflowId } = await startImport(env.client, {
			kind: 'contacts',
			source: source.ref,
			target: target.ref,
			runKey: 'crash',
			taskQueue,
			pageSize: 50,
			heartbeatTimeoutSeconds: 3,
		});
		const first = spawnWorkerProcess(workerEnvironment, log);
		const firstExit = exited(first);
		let lookupsBefore: number;
		let held: Awaited<ReturnType<typeof untilHeld>>;
		try {
			// The record exists in lexoffice; the worker has not heard back: kill it exactly now.
			held = await untilHeld('lexoffice', target.token, hold.id, 120_000);
			lookupsBefore = await recoveryLookups(target.token);
			const before = await getProgress(env.client, workflowId);
			first.kill('SIGKILL');
			expect(await firstExit).toBe('SIGKILL');
			// The sandbox saw the connection go before it answered: the worker never learnt the create happened.
			const ended = await waitFor(
				async () =>
					(await holds('lexoffice', target.token)).find(
						(h) => h.id === hold.id && h.state !== 'held',
					),
				'the held create to end',
				30_000,
			);
			expect(ended.state).toBe('connectionClosed');
			expect(before.stats.processed).toBeLessThan(600);
		} finally {
			if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
		}

		const second = spawnWorkerProcess(workerEnvironment, log);
		const secondExit = exited(second);
		try {
			const result = await importResult(env.client, workflowId);
			expect(result.stats).toEqual({
				processed: 600,
				created: 600,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			const lex = await records<{ id: string; note?: string }>(
				'lexoffice',
				target.token,
				'contacts',
			);
			const markers = lex.map((c) => /\[bexio-contact:(\d+)\]/.exec(c.note ?? '')?.[1]);
			expect(lex).toHaveLength(600);
			expect(new Set(markers).size).toBe(600);
			const bex = await records<{ id: number }>('bexio', source.token, 'contacts');
			expect(markers.map(Number).sort((a, b) => a - b)).toEqual(
				bex.map((c) => c.id).sort((a, b) => a - b),
			);
			// The record whose create was in flight exists once: the one the held request created, found again by a lookup after the restart.
			expect(lex.filter((c) => (c.note ?? '').includes(heldMarker)).map((c) => c.id)).toEqual([
				held.recordId,
			]);
			expect((await recoveryLookups(target.token)) - lookupsBefore).toBeGreaterThanOrEqual(1);
			expect((await stats('lexoffice', target.token)).held).toBe(1);
			await checkHistory(env.client.workflow.getHandle(workflowId), 'import-after-worker-crash', [
				source.token,
				target.token,
			]);
		} finally {
			// SIGTERM is the graceful path: the worker drains and exits by itself.
			second.kill('SIGTERM');
			expect(await secondExit).toBe(0);
		}
	}, 300_000);
});
