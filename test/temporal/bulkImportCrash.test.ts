import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { getProgress, importResult, startImport } from '../../temporal/client';
import { checkHistory, fastTenant, waitFor } from '../helpers/imports';
import { records, seed } from '../helpers/sandbox';
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

const exited = (child: ChildProcess) => new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

describe('bulkImport across a worker crash', () => {
	it('completes with no duplicate and no lost record after the worker is killed with SIGKILL mid-import', async () => {
		const source = await fastTenant('bexio', 'bexio-crash');
		// Paced so the kill lands in the middle of the import.
		const target = await fastTenant('lexoffice', 'lex-crash', { ratePerSecond: 80, burst: 1 });
		await seed('bexio', source.token, 'contacts', 600);
		const taskQueue = uniqueQueue('import-crash');

		const bundle = await bundleWorkflows();
		const bundlePath = join(dir, 'workflow-bundle.js');
		writeFileSync(bundlePath, bundle.code);
		const workerEnvironment = workerEnv({ temporalAddress: env.address, taskQueue, connections: [source.connection, target.connection], bundlePath, dir });
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
		try {
			const before = await waitFor(async () => {
				const p = await getProgress(env.client, workflowId);
				return p.pages.imported >= 2 ? p : undefined;
			}, 'two imported pages', 90_000);
			first.kill('SIGKILL');
			expect(await firstExit).toBe('SIGKILL');
			expect(before.stats.processed).toBeLessThan(600);
		} finally {
			if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
		}

		const second = spawnWorkerProcess(workerEnvironment, log);
		const secondExit = exited(second);
		try {
			const result = await importResult(env.client, workflowId);
			expect(result.stats).toEqual({ processed: 600, created: 600, updated: 0, unchanged: 0, skipped: 0, failed: 0 });
			const lex = await records<{ note?: string }>('lexoffice', target.token, 'contacts');
			const markers = lex.map((c) => /\[bexio-contact:(\d+)\]/.exec(c.note ?? '')?.[1]);
			expect(lex).toHaveLength(600);
			expect(new Set(markers).size).toBe(600);
			const bex = await records<{ id: number }>('bexio', source.token, 'contacts');
			expect(markers.map(Number).sort((a, b) => a - b)).toEqual(bex.map((c) => c.id).sort((a, b) => a - b));
			await checkHistory(env.client.workflow.getHandle(workflowId), 'import-after-worker-crash', [source.token, target.token]);
		} finally {
			// SIGTERM is the graceful path: the worker drains and exits by itself.
			second.kill('SIGTERM');
			expect(await secondExit).toBe(0);
		}
	});
});
