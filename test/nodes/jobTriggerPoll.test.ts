import {
	accountingExportResult,
	getProgress,
	importResult,
	reject,
	startAccountingExport,
	startImport,
} from '../../temporal/client';
import type { AccountingExportInput } from '../../temporal/shared';
import { pollJobs, type JobPollState } from '../../nodes/BexioLexofficeJobTrigger/poll';
import {
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
	waitFor,
} from '../helpers/imports';
import { seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * The Job Trigger's polls, driven one at a time against the Temporal test server with real jobs on a
 * real worker: the first poll sets the cursor and emits nothing, the next emits exactly one event per job
 * that ended since (completed, completed with failed records, failed), the one after that nothing. A job
 * visibility lists late (inside the lookback window, not yet seen) is emitted once.
 */

const h = useImportHarness('job-trigger');

const line = (externalId: string, creditAccount: string) => ({
	externalId,
	date: '2026-11-02',
	amount: 10,
	creditAccount,
	description: `Zeile ${externalId}`,
});

describe('Job Trigger polls', () => {
	it('baseline, then one event per ended job (completed, failed records, failed), then nothing; a late-listed job once', async () => {
		const tenant = await fastTenant('bexio', 'job-trigger');
		const taskQueue = uniqueQueue('job-trigger');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [tenant.connection], h.store);
		const input: Omit<AccountingExportInput, 'connection' | 'lines'> = {
			accountMap: { sales: '3400' },
			defaults: { debitAccount: '1000' },
		};
		const finished = async (runKey: string, lines: ReturnType<typeof line>[]) => {
			const { workflowId } = await startAccountingExport(h.env.client, {
				connection: tenant.ref,
				...input,
				lines,
				runKey,
				taskQueue,
			});
			await accountingExportResult(h.env.client, workflowId);
			return workflowId;
		};
		const options = {
			taskQueue,
			events: ['completed', 'failedRecords', 'failed'] as const,
		};
		const poll = (state: JobPollState) =>
			pollJobs(h.env.client, { ...options, events: [...options.events] }, state, false);

		const state: JobPollState = {};
		await runWorkersUntil(workers, async () => {
			await finished('before', [line('b-1', 'sales')]);
			expect(await poll(state)).toEqual([]);
			expect(state.closedSince).toBeDefined();
		});

		// Terminated while no worker runs, so it cannot have completed first: a job that did not end on its own.
		const { workflowId: stopped } = await startAccountingExport(h.env.client, {
			connection: tenant.ref,
			...input,
			lines: [line('t-1', 'sales')],
			runKey: 'terminated',
			taskQueue,
		});
		await h.env.client.workflow.getHandle(stopped).terminate('stopped by the test');

		const lexoffice = await fastTenant('lexoffice', 'job-trigger-lex');
		const again = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[tenant.connection, lexoffice.connection],
			h.store,
		);
		await runWorkersUntil(again, async () => {
			const clean = await finished('clean', [line('c-1', 'sales')]);
			const partial = await finished('partial', [line('p-1', 'sales'), line('p-2', 'nowhere')]);

			const events = await waitForEvents(poll, state, 3);
			const byJob = Object.fromEntries(events.map((e) => [e.jobId as string, e]));
			expect(Object.keys(byJob).sort()).toEqual([clean, partial, stopped].sort());
			expect(byJob[clean]).toMatchObject({
				event: 'completed',
				jobType: 'accountingExport',
				failedRecords: 0,
			});
			expect(byJob[partial]).toMatchObject({ event: 'failedRecords', failedRecords: 1 });
			expect(byJob[partial].failures).toEqual([
				{ sourceId: 'p-2', reason: expect.stringContaining('nowhere') },
			]);
			expect(byJob[stopped]).toMatchObject({ event: 'failed', status: 'TERMINATED' });
			expect(await poll(state)).toEqual([]);

			// Listed late: visibility had not shown it when the cursor passed its close time.
			const lateRun = byJob[partial].runId as string;
			delete state.seen![lateRun];
			const late = await poll(state);
			expect(late.map((e) => e.runId)).toEqual([lateRun]);
			expect(await poll(state)).toEqual([]);

			// Events not chosen are consumed, not held back for later.
			await finished('clean-2', [line('c-2', 'sales')]);
			const onlyFailures = (s: JobPollState) =>
				pollJobs(h.env.client, { taskQueue, events: ['failed'] }, s, false);
			await waitForSeen(onlyFailures, state);
			expect(await poll(state)).toEqual([]);

			// A plan awaiting approval fires once; rejected, the job completes and says so.
			await seed('bexio', tenant.token, 'contacts', 3);
			const withApproval = (s: JobPollState) =>
				pollJobs(h.env.client, { taskQueue, events: ['awaitingApproval', 'completed'] }, s, false);
			const { workflowId: planned } = await startImport(h.env.client, {
				kind: 'contacts',
				source: tenant.ref,
				target: lexoffice.ref,
				runKey: 'approval',
				taskQueue,
				approval: true,
			});
			const plan = await waitFor(async () => {
				const p = await getProgress(h.env.client, planned);
				return p.phase === 'awaitingApproval' ? p.approval : undefined;
			}, 'a plan awaiting approval');
			const asked = await withApproval(state);
			expect(asked).toEqual([
				expect.objectContaining({
					event: 'awaitingApproval',
					jobId: planned,
					planHash: plan!.planHash,
					planStats: expect.objectContaining({ created: plan!.planStats!.created }),
				}),
			]);
			expect(await withApproval(state)).toEqual([]);
			await reject(h.env.client, planned, 'not now');
			await importResult(h.env.client, planned);
			const ended = await waitForEvents(withApproval, state, 1);
			expect(ended).toEqual([
				expect.objectContaining({
					event: 'completed',
					jobId: planned,
					approval: expect.objectContaining({ status: 'rejected', reason: 'not now' }),
				}),
			]);
		});
	});
});

describe('Job Trigger polls: approvals', () => {
	it('a plan already awaiting approval at the first poll fires once (it still needs a decision)', async () => {
		const tenant = await fastTenant('bexio', 'job-trigger-approval');
		const lexoffice = await fastTenant('lexoffice', 'job-trigger-approval-lx');
		const taskQueue = uniqueQueue('job-trigger-approval');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[tenant.connection, lexoffice.connection],
			h.store,
		);
		await runWorkersUntil(workers, async () => {
			await seed('bexio', tenant.token, 'contacts', 2);
			const { workflowId } = await startImport(h.env.client, {
				kind: 'contacts',
				source: tenant.ref,
				target: lexoffice.ref,
				runKey: 'waiting-before-activation',
				taskQueue,
				approval: true,
			});
			const plan = await waitFor(async () => {
				const p = await getProgress(h.env.client, workflowId);
				return p.phase === 'awaitingApproval' ? p.approval : undefined;
			}, 'a plan awaiting approval');
			const state: JobPollState = {};
			const poll = () =>
				pollJobs(h.env.client, { taskQueue, events: ['awaitingApproval'] }, state, false);
			expect(await poll()).toEqual([
				expect.objectContaining({
					event: 'awaitingApproval',
					jobId: workflowId,
					planHash: plan!.planHash,
				}),
			]);
			expect(await poll()).toEqual([]);
			await reject(h.env.client, workflowId, 'test done');
			await importResult(h.env.client, workflowId);
		});
	});
});

/** Polls until `count` events came (visibility lists closed jobs shortly after they close). */
async function waitForEvents(
	poll: (state: JobPollState) => Promise<Array<Record<string, unknown>>>,
	state: JobPollState,
	count: number,
): Promise<Array<Record<string, unknown>>> {
	const events: Array<Record<string, unknown>> = [];
	const until = Date.now() + 30_000;
	while (events.length < count) {
		if (Date.now() > until) throw new Error(`only ${events.length} of ${count} job events came`);
		events.push(...(await poll(state)));
		if (events.length < count) await pause();
	}
	return events;
}

/** Polls with `poll` until the cursor's seen set grew (the job was listed), emitting nothing. */
async function waitForSeen(
	poll: (state: JobPollState) => Promise<Array<Record<string, unknown>>>,
	state: JobPollState,
): Promise<void> {
	const before = Object.keys(state.seen ?? {}).length;
	const until = Date.now() + 30_000;
	while (Object.keys(state.seen ?? {}).length === before) {
		if (Date.now() > until) throw new Error('the job was never listed');
		expect(await poll(state)).toEqual([]);
		await pause();
	}
}

/** Between polls of visibility, which lists a closed job shortly after it closed. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
