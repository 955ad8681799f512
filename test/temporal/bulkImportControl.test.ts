import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';

import {
	cancel,
	getProgress,
	importResult,
	listJobs,
	pause,
	resume,
	startImport,
} from '../../temporal/client';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
	waitFor,
} from '../helpers/imports';
import { records, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('control');

describe('bulkImport control', () => {
	it('pauses between pages, rejects a second pause and a resume when running, resumes, and cancels with exact final statistics', async () => {
		const source = await fastTenant('bexio', 'bexio-control');
		// Paced so the job is still running while the test steers it.
		const target = await fastTenant('lexoffice', 'lex-control', { ratePerSecond: 60, burst: 1 });
		await seed('bexio', source.token, 'contacts', 400);
		const taskQueue = uniqueQueue('import-control');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const { workflowId } = await startImport(h.env.client, {
				kind: 'contacts',
				source: source.ref,
				target: target.ref,
				runKey: 'control',
				taskQueue,
				pageSize: 20,
			});
			// A retried start (an n8n execution run twice) attaches to the running job.
			const again = await startImport(h.env.client, {
				kind: 'contacts',
				source: source.ref,
				target: target.ref,
				runKey: 'control',
				taskQueue,
				pageSize: 20,
			});
			expect(again.workflowId).toBe(workflowId);
			expect(workflowId).toBe('import/contacts/bexio-to-lexoffice/bexio-control/control');

			await waitFor(
				async () =>
					(await getProgress(h.env.client, workflowId)).pages.imported >= 1 ? true : undefined,
				'a first imported page',
			);
			const paused = await pause(h.env.client, workflowId);
			expect(paused.paused).toBe(true);
			await expect(pause(h.env.client, workflowId)).rejects.toThrow(WorkflowUpdateFailedError);
			await expect(pause(h.env.client, workflowId)).rejects.toMatchObject({
				cause: { message: expect.stringMatching(/already paused/) },
			});

			// The page in flight finishes; after that the job waits and nothing moves until resumed.
			const settled = await waitFor(async () => {
				const p = await getProgress(h.env.client, workflowId);
				return p.waiting ? p : undefined;
			}, 'the paused job to stand still');
			expect(settled.stats.processed % 20).toBe(0);
			expect(settled.stats.processed).toBeLessThan(400);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(
				settled.stats.created,
			);

			const resumed = await resume(h.env.client, workflowId);
			expect(resumed.paused).toBe(false);
			await expect(resume(h.env.client, workflowId)).rejects.toMatchObject({
				cause: { message: expect.stringMatching(/not paused/) },
			});

			await waitFor(
				async () =>
					(await getProgress(h.env.client, workflowId)).stats.processed > settled.stats.processed
						? true
						: undefined,
				'progress after resume',
			);
			const running = await getProgress(h.env.client, workflowId);
			expect(running.ratePerSecond).toBeGreaterThan(0);
			const jobs = await waitFor(async () => {
				const list = await listJobs(h.env.client, {
					prefix: 'import/contacts/bexio-to-lexoffice/bexio-control/',
				});
				return list.length ? list : undefined;
			}, 'the job in visibility');
			expect(jobs[0]).toMatchObject({ workflowId, status: 'RUNNING' });

			await cancel(h.env.client, workflowId);
			const failure = await importResult(h.env.client, workflowId).catch((e: unknown) => e);
			expect(failure).toBeInstanceOf(WorkflowFailedError);
			expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);

			// The closed job still answers; its counts come from the store and match the target exactly.
			const final = await getProgress(h.env.client, workflowId);
			expect(final.phase).toBe('cancelled');
			const stored = await records('lexoffice', target.token, 'contacts');
			expect(final.stats.created).toBe(stored.length);
			expect(final.stats.processed).toBe(final.stats.created);
			expect(final.stats.processed).toBeLessThan(400);
			await expect(pause(h.env.client, workflowId)).rejects.toThrow();
			await checkHistory(
				h.env.client.workflow.getHandle(workflowId),
				'import-pause-resume-cancel',
				[source.token, target.token],
			);
		});
	});
});
