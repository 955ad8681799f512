import {
	accountingExportResult,
	getProgress,
	reject,
	startAccountingExport,
	startImport,
} from '../../temporal/client';
import type { AccountingExportInput } from '../../temporal/shared';
import {
	PACKAGE_NAME,
	createActiveWorkflow,
	createCredential,
	emittedItems,
	testN8n,
	untilStaticData,
	type N8nInstance,
} from '../helpers/n8n';
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
 * The Bexio Lexoffice Job Trigger in a real n8n with n8n's own scheduler, against real jobs on the
 * Temporal test server: after its first poll (seen in the saved static data), every job that ends fires
 * it exactly once with the right event; a later poll does not fire for them again. The cursor rules are
 * tested poll by poll in jobTriggerPoll.test.ts.
 */

jest.setTimeout(400_000);

const h = useImportHarness('job-trigger-n8n');
let n8n: N8nInstance;

beforeAll(() => {
	n8n = testN8n();
});

const line = (externalId: string, creditAccount: string) => ({
	externalId,
	date: '2026-11-02',
	amount: 10,
	creditAccount,
	description: `Zeile ${externalId}`,
});

describe('Bexio Lexoffice Job Trigger in a real n8n', () => {
	it('fires once per completed, partly failed, terminated and awaiting-approval job', async () => {
		const tenant = await fastTenant('bexio', 'job-trigger-n8n');
		const lexoffice = await fastTenant('lexoffice', 'job-trigger-n8n-lex');
		await seed('bexio', tenant.token, 'contacts', 3);
		const taskQueue = uniqueQueue('job-trigger-n8n');
		const cred = await createCredential(n8n, `temporal ${taskQueue}`, 'temporalApi', {
			address: process.env.TEMPORAL_TEST_ADDRESS ?? '',
			namespace: 'default',
			tls: false,
			apiKey: '',
			taskQueue,
		});
		const workflowId = await createActiveWorkflow(n8n, {
			name: `job trigger ${taskQueue}`,
			nodes: [
				{
					id: 'job-trigger',
					name: 'Job Trigger',
					type: `${PACKAGE_NAME}.bexioLexofficeJobTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						events: ['completed', 'failedRecords', 'failed', 'awaitingApproval'],
					},
					credentials: { temporalApi: { id: cred.id, name: cred.name } },
				},
			],
			connections: {},
		});
		// The first poll sets the cursor; jobs ending after it are events.
		await untilStaticData(
			n8n,
			workflowId,
			(data) =>
				typeof (data as Record<string, Record<string, unknown>> | undefined)?.['node:Job Trigger']
					?.closedSince === 'string',
			150_000,
		);

		const input: Omit<AccountingExportInput, 'connection' | 'lines'> = {
			accountMap: { sales: '3400' },
			defaults: { debitAccount: '1000' },
		};
		const start = (runKey: string, lines: ReturnType<typeof line>[]) =>
			startAccountingExport(h.env.client, {
				connection: tenant.ref,
				...input,
				lines,
				runKey,
				taskQueue,
			});
		// Terminated before any worker runs, so it cannot complete first.
		const stopped = (await start('terminated', [line('t-1', 'sales')])).workflowId;
		await h.env.client.workflow.getHandle(stopped).terminate('stopped by the test');

		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[tenant.connection, lexoffice.connection],
			h.store,
		);
		await runWorkersUntil(workers, async () => {
			const finished = async (runKey: string, lines: ReturnType<typeof line>[]) => {
				const { workflowId: id } = await start(runKey, lines);
				await accountingExportResult(h.env.client, id);
				return id;
			};
			const clean = await finished('clean', [line('c-1', 'sales')]);
			const partial = await finished('partial', [line('p-1', 'sales'), line('p-2', 'nowhere')]);
			const { workflowId: planned } = await startImport(h.env.client, {
				kind: 'contacts',
				source: tenant.ref,
				target: lexoffice.ref,
				runKey: 'approval',
				taskQueue,
				approval: true,
			});
			await waitFor(
				async () =>
					(await getProgress(h.env.client, planned)).phase === 'awaitingApproval'
						? true
						: undefined,
				'a plan awaiting approval',
			);
			const first = await untilJobs(workflowId, [clean, partial, stopped, planned]);
			expect(first.get(planned)).toEqual([{ event: 'awaitingApproval', failedRecords: undefined }]);
			expect(first.get(clean)).toEqual([{ event: 'completed', failedRecords: 0 }]);
			expect(first.get(partial)).toEqual([{ event: 'failedRecords', failedRecords: 1 }]);
			expect(first.get(stopped)).toEqual([{ event: 'failed', failedRecords: undefined }]);

			// One more job: when it has fired, later polls have run and fired nothing for the others again.
			const later = await finished('later', [line('l-1', 'sales')]);
			const all = await untilJobs(workflowId, [clean, partial, stopped, planned, later]);
			for (const id of [clean, partial, stopped, planned, later])
				expect(all.get(id)).toHaveLength(1);
			await reject(h.env.client, planned, 'end of test');
		});
	});
});

/** Events emitted so far per job id, once every id of `jobIds` has fired. */
async function untilJobs(
	workflowId: string,
	jobIds: string[],
): Promise<Map<string, Array<{ event: unknown; failedRecords: unknown }>>> {
	const deadline = Date.now() + 200_000;
	for (;;) {
		const byJob = new Map<string, Array<{ event: unknown; failedRecords: unknown }>>();
		for (const run of await emittedItems(n8n, workflowId, 'Job Trigger'))
			for (const item of run) {
				const list = byJob.get(String(item.jobId)) ?? [];
				list.push({ event: item.event, failedRecords: item.failedRecords });
				byJob.set(String(item.jobId), list);
			}
		if (jobIds.every((id) => byJob.has(id))) return byJob;
		if (Date.now() > deadline)
			throw new Error(`the trigger fired for ${[...byJob.keys()].join(', ') || 'no job'}`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}
