import { connectBexio } from '../../clients/bexio';
import { freePort, createCredential, testN8n, type N8nInstance } from '../helpers/n8n';
import {
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
	waitFor,
} from '../helpers/imports';
import { loadOptions } from '../helpers/editor';
import { runNode, type NodeRunResult } from '../helpers/nodeRunner';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';
import { getProgress } from '../../temporal/client';
import { describeSchedule } from '../../temporal/schedules';

/**
 * The Bexio Lexoffice Jobs node inside a real n8n, driving real bulk imports and schedules on the
 * Temporal dev server; a real worker runs in this process against fresh sandbox tenants. Every case
 * checks the job's state in Temporal or the records in the sandbox, not only the node's output.
 */

jest.setTimeout(300_000);

const h = useImportHarness('jobs-node');
let n8n: N8nInstance;

beforeAll(() => {
	n8n = testN8n();
});

type Item = Record<string, unknown>;

/** A Temporal credential in n8n for the test server and this test's task queue. */
async function temporalCredential(taskQueue: string, extra: Record<string, unknown> = {}) {
	const address = process.env.TEMPORAL_TEST_ADDRESS ?? '';
	const cred = await createCredential(n8n, `temporal ${taskQueue}`, 'temporalApi', {
		address,
		namespace: 'default',
		tls: false,
		apiKey: '',
		taskQueue,
		...extra,
	});
	return { temporalApi: { id: cred.id, name: cred.name } };
}

async function jobs(
	credentials: Record<string, { id: string; name: string }>,
	parameters: Record<string, unknown>,
): Promise<NodeRunResult> {
	return runNode(n8n, { type: 'bexioLexofficeJobs', parameters, credentials });
}

/** The single output item of a successful run. */
function only(run: NodeRunResult): Item {
	expect(run.status).toBe(200);
	expect(run.items).toHaveLength(1);
	return run.items[0];
}

describe('Bexio Lexoffice Jobs node', () => {
	it('starts an import, attaches a repeated start with the same run key, and waits for exact counts', async () => {
		const source = await fastTenant('bexio', 'bexio-jobs-node');
		const target = await fastTenant('lexoffice', 'lex-jobs-node');
		await seed('bexio', source.token, 'contacts', 300);
		const taskQueue = uniqueQueue('jobs-node');
		const credentials = await temporalCredential(taskQueue);
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const startParameters = {
			resource: 'job',
			operation: 'start',
			kind: 'contacts',
			direction: 'bexioToLexoffice',
			sourceConnection: source.ref.id,
			targetConnection: target.ref.id,
			importOptions: { pageSize: 50 },
		};

		await runWorkersUntil(workers, async () => {
			const started = only(await jobs(credentials, { ...startParameters, runKey: 'nightly' }));
			expect(started.workflowId).toBe('import/contacts/bexio-to-lexoffice/bexio-jobs-node/nightly');
			const again = only(await jobs(credentials, { ...startParameters, runKey: 'nightly' }));
			expect(again).toMatchObject({ workflowId: started.workflowId, runId: started.runId });
			const workflowId = started.workflowId as string;
			const executions = await h.env.client.workflow.list({
				query: `WorkflowId = '${workflowId}'`,
			});
			let runs = 0;
			for await (const _ of executions) runs++;
			expect(runs).toBe(1);

			const done = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId,
					maxWaitSeconds: 240,
				}),
			);
			expect(done).toMatchObject({
				workflowId,
				status: 'COMPLETED',
				timedOut: false,
				dryRun: false,
			});
			expect(done.stats).toEqual({
				processed: 300,
				created: 300,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			expect(done.failures).toEqual([]);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(300);

			const progress = only(
				await jobs(credentials, { resource: 'job', operation: 'getProgress', workflowId }),
			);
			expect(progress).toMatchObject({
				workflowId,
				status: 'COMPLETED',
				phase: 'completed',
				stats: { created: 300, processed: 300 },
			});

			const listed = await waitFor(async () => {
				const run = await jobs(credentials, {
					resource: 'job',
					operation: 'getAll',
					filters: {
						prefix: 'import/contacts/bexio-to-lexoffice/bexio-jobs-node/',
						status: 'Completed',
					},
					limit: 10,
				});
				return run.items.some((j) => j.workflowId === workflowId) ? run.items : undefined;
			}, 'the completed job in the list');
			expect(listed.every((j) => j.status === 'COMPLETED')).toBe(true);

			// Without a run key the n8n execution id names the run: a new execution is a new job. A dry run writes nothing.
			const dry = only(
				await jobs(credentials, {
					...startParameters,
					importOptions: { pageSize: 100, dryRun: true },
				}),
			);
			expect(dry.workflowId).toMatch(
				/^import\/contacts\/bexio-to-lexoffice\/bexio-jobs-node\/\d+$/,
			);
			expect(dry.runKey).toBe(String(dry.workflowId).split('/').pop());
			const dryDone = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId: dry.workflowId,
					maxWaitSeconds: 240,
				}),
			);
			expect(dryDone).toMatchObject({ status: 'COMPLETED', dryRun: true });
			expect((dryDone.stats as { processed: number }).processed).toBe(300);
			expect((dryDone.stats as { created: number }).created).toBe(0);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(300);
		});
	});

	it('pauses, rejects a second pause, resumes, cancels, and returns the current progress when the wait times out', async () => {
		const source = await fastTenant('bexio', 'bexio-jobs-control');
		// Paced so the job is still running while the test steers it.
		const target = await fastTenant('lexoffice', 'lex-jobs-control', {
			ratePerSecond: 40,
			burst: 1,
		});
		await seed('bexio', source.token, 'contacts', 400);
		const taskQueue = uniqueQueue('jobs-node-control');
		const credentials = await temporalCredential(taskQueue);
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const started = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'start',
					kind: 'contacts',
					direction: 'bexioToLexoffice',
					sourceConnection: source.ref.id,
					targetConnection: target.ref.id,
					runKey: 'control',
					importOptions: { pageSize: 20 },
				}),
			);
			const workflowId = started.workflowId as string;
			await waitFor(async () => {
				const p = only(
					await jobs(credentials, { resource: 'job', operation: 'getProgress', workflowId }),
				);
				return (p.pages as { imported: number }).imported >= 1 ? true : undefined;
			}, 'a first imported page');

			const timedOut = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId,
					maxWaitSeconds: 1,
				}),
			);
			expect(timedOut).toMatchObject({
				workflowId,
				status: 'RUNNING',
				timedOut: true,
				phase: 'importing',
			});

			const paused = only(
				await jobs(credentials, { resource: 'job', operation: 'pause', workflowId }),
			);
			expect(paused).toMatchObject({ workflowId, paused: true });
			const secondPause = only(
				await jobs(credentials, { resource: 'job', operation: 'pause', workflowId }),
			);
			expect(secondPause.error).toMatch(/already paused/);
			expect(secondPause.error).toContain(workflowId);

			const settled = await waitFor(async () => {
				const p = only(
					await jobs(credentials, { resource: 'job', operation: 'getProgress', workflowId }),
				);
				return p.waiting ? p : undefined;
			}, 'the paused job to stand still');
			const settledCreated = (settled.stats as { created: number }).created;
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(settledCreated);
			expect(settledCreated).toBeLessThan(400);

			const resumed = only(
				await jobs(credentials, { resource: 'job', operation: 'resume', workflowId }),
			);
			expect(resumed).toMatchObject({ workflowId, paused: false });
			await waitFor(async () => {
				const p = only(
					await jobs(credentials, { resource: 'job', operation: 'getProgress', workflowId }),
				);
				return (p.stats as { created: number }).created > settledCreated ? true : undefined;
			}, 'progress after resume');

			expect(
				only(await jobs(credentials, { resource: 'job', operation: 'cancel', workflowId })),
			).toEqual({ workflowId, cancelRequested: true });
			const final = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId,
					maxWaitSeconds: 120,
				}),
			);
			expect(final).toMatchObject({
				workflowId,
				status: 'CANCELLED',
				timedOut: false,
				phase: 'cancelled',
			});
			// The node reports what the closed workflow itself answers.
			const closed = await getProgress(h.env.client, workflowId);
			expect(final.stats).toEqual(closed.stats);
			const stored = await records('lexoffice', target.token, 'contacts');
			// Exact: a write in flight when the cancel lands finishes and is counted (importer.ts UNINTERRUPTED).
			expect(stored).toHaveLength(closed.stats.created);
			expect(stored.length).toBeLessThan(400);
			const { status } = await h.env.client.workflow.getHandle(workflowId).describe();
			expect(status.name).toBe('CANCELLED');

			const unknown = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'getProgress',
					workflowId: 'import/contacts/nope',
				}),
			);
			expect(unknown.error).toBe('No job with ID "import/contacts/nope"');
		});
	});

	it('starts an import that waits for approval, refuses a wrong plan hash, and writes after Approve', async () => {
		const source = await fastTenant('bexio', 'bexio-jobs-approval');
		const target = await fastTenant('lexoffice', 'lex-jobs-approval');
		await seed('bexio', source.token, 'contacts', 12);
		const taskQueue = uniqueQueue('jobs-node-approval');
		const credentials = await temporalCredential(taskQueue);
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		await runWorkersUntil(workers, async () => {
			const started = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'start',
					kind: 'contacts',
					direction: 'bexioToLexoffice',
					sourceConnection: source.ref.id,
					targetConnection: target.ref.id,
					runKey: 'approval',
					importOptions: { approval: true },
				}),
			);
			const workflowId = started.workflowId as string;
			const awaiting = await waitFor(async () => {
				const p = only(
					await jobs(credentials, { resource: 'job', operation: 'getProgress', workflowId }),
				);
				return p.phase === 'awaitingApproval' ? p : undefined;
			}, 'the plan awaiting approval');
			const approval = awaiting.approval as { planHash: string; planStats: { created: number } };
			expect(approval.planStats.created).toBe(12);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(0);

			const wrong = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'approve',
					workflowId,
					planHash: '0123456789abcdef',
				}),
			);
			expect(wrong.error).toMatch(/approve its hash/);
			const approved = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'approve',
					workflowId,
					planHash: approval.planHash,
				}),
			);
			expect(approved).toMatchObject({ workflowId });
			const done = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId,
					maxWaitSeconds: 120,
				}),
			);
			expect(done).toMatchObject({
				status: 'COMPLETED',
				approval: { status: 'approved', planHash: approval.planHash },
				stats: { created: 12, failed: 0 },
			});
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(12);
		});
	});

	it("lists the worker's connections per system and the bexio master data of a connection in the dropdowns, and names the fix when no worker answers", async () => {
		const bexio = await fastTenant('bexio', 'bexio-dropdown');
		const lexoffice = await fastTenant('lexoffice', 'lex-dropdown');
		const taskQueue = uniqueQueue('jobs-node-dropdown');
		const credentials = await temporalCredential(taskQueue);
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[bexio.connection, lexoffice.connection],
			h.store,
		);
		const dropdown = (methodName: string, parameters: Record<string, unknown> = {}) =>
			loadOptions(n8n, { node: 'bexioLexofficeJobs', methodName, credentials, parameters });
		await runWorkersUntil(workers, async () => {
			const values = async (methodName: string, parameters?: Record<string, unknown>) =>
				(await dropdown(methodName, parameters)).map((o) => o.value);
			expect(await values('getSourceConnections', { direction: 'bexioToLexoffice' })).toEqual([
				'bexio-dropdown',
			]);
			expect(await values('getTargetConnections', { direction: 'bexioToLexoffice' })).toEqual([
				'lex-dropdown',
			]);
			expect(await values('getSourceConnections', { direction: 'lexofficeToBexio' })).toEqual([
				'lex-dropdown',
			]);
			expect(await values('getBexioConnections')).toEqual(['bexio-dropdown']);
			const options = await dropdown('getLexofficeConnections');
			expect(options).toEqual([expect.objectContaining({ name: 'lex-dropdown' })]);
			expect(JSON.stringify(options)).not.toContain(lexoffice.token);

			// Master data of the job's bexio connection, read by the worker, compared with the account's.
			const accounting = { startKind: 'accountingExport', bexioConnection: 'bexio-dropdown' };
			type Row = Record<string, unknown>;
			const accounts = await records<Row>('bexio', bexio.token, 'accounts');
			expect(await dropdown('getBexioAccounts', accounting)).toEqual(
				accounts
					.filter((a) => a.is_active !== false)
					.map((a) => ({
						name: `${String(a.account_no)} ${String(a.name)}`,
						value: String(a.account_no),
					})),
			);
			const salesTaxes = (await records<Row>('bexio', bexio.token, 'taxes')).filter(
				(t) => t.type === 'sales_tax' && t.is_active === true,
			);
			expect(salesTaxes.length).toBeGreaterThan(1);
			expect(await values('getBexioSalesTaxCodes', accounting)).toEqual(
				salesTaxes.map((t) => t.code),
			);
			expect(await values('getBexioSalesTaxIds', accounting)).toEqual([
				0,
				...salesTaxes.map((t) => t.id),
			]);
			expect(await values('getBexioCurrencyCodes', accounting)).toEqual(
				(await records<Row>('bexio', bexio.token, 'currencies')).map((c) => c.name),
			);
			// The bexio end of an import follows the direction: the target of lexoffice → bexio.
			expect(
				await values('getBexioAccounts', {
					startKind: 'bulkImport',
					direction: 'lexofficeToBexio',
					targetConnection: 'bexio-dropdown',
				}),
			).toEqual(accounts.filter((a) => a.is_active !== false).map((a) => String(a.account_no)));
			await expect(
				dropdown('getBexioAccounts', { ...accounting, bexioConnection: 'bexio-unknown' }),
			).rejects.toThrow(/could not list the bexio accounts of connection "bexio-unknown"/);
		});
		await expect(dropdown('getBexioConnections')).rejects.toThrow(/start the worker/);
	});

	it('reports an unreachable Temporal as a connection error without the API key', async () => {
		const apiKey = 'temporal-cloud-key-must-not-leak';
		const port = await freePort();
		const credentials = await temporalCredential('unused', {
			address: `127.0.0.1:${port}`,
			apiKey,
		});
		const run = await runNode(n8n, {
			type: 'bexioLexofficeJobs',
			parameters: { resource: 'job', operation: 'getProgress', workflowId: '={{ $json.id }}' },
			credentials,
			items: [{ id: 'import/a' }, { id: 'import/b' }],
		});
		// One error item per input item (continueOnFail).
		expect(run.items).toHaveLength(2);
		for (const item of run.items)
			expect(item.error).toMatch(
				new RegExp(`Could not connect to Temporal at 127\\.0\\.0\\.1:${port}`),
			);
		expect(JSON.stringify(run)).not.toContain(apiKey);

		const failed = await runNode(n8n, {
			type: 'bexioLexofficeJobs',
			parameters: { resource: 'job', operation: 'getProgress', workflowId: 'x' },
			credentials,
			continueOnFail: false,
		});
		expect(failed.status).toBe(500);
		expect(JSON.stringify(failed.error)).not.toContain(apiKey);
	});

	it('creates, gets, updates, pauses, triggers, lists and deletes a schedule', async () => {
		const source = await fastTenant('bexio', 'bexio-jobs-schedule');
		const target = await fastTenant('lexoffice', 'lex-jobs-schedule');
		await seed('bexio', source.token, 'contacts', 30);
		const taskQueue = uniqueQueue('jobs-node-schedule');
		const credentials = await temporalCredential(taskQueue);
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const scheduleId = `nightly-contacts-${taskQueue}`;

		await runWorkersUntil(workers, async () => {
			const created = only(
				await jobs(credentials, {
					resource: 'schedule',
					operation: 'create',
					scheduleId,
					jobType: 'bulkImport',
					everyMinutes: 60,
					kind: 'contacts',
					direction: 'bexioToLexoffice',
					sourceConnection: source.ref.id,
					targetConnection: target.ref.id,
					importOptions: { dryRun: true },
					scheduleOptions: { note: 'created by the jobs node test' },
				}),
			);
			expect(created).toMatchObject({
				scheduleId,
				workflowType: 'bulkImport',
				paused: false,
				spec: { everyMinutes: 60 },
				note: 'created by the jobs node test',
			});
			expect((created.nextActionTimes as string[]).length).toBeGreaterThan(0);

			const duplicate = only(
				await jobs(credentials, {
					resource: 'schedule',
					operation: 'create',
					scheduleId,
					jobType: 'bulkImport',
					everyMinutes: 60,
				}),
			);
			expect(duplicate.error).toBe(`A schedule with ID "${scheduleId}" already exists`);

			// Create with "Update It" applies changed settings to the existing schedule, from the same fields.
			const upserted = only(
				await jobs(credentials, {
					resource: 'schedule',
					operation: 'create',
					scheduleId,
					jobType: 'bulkImport',
					everyMinutes: 60,
					kind: 'contacts',
					direction: 'bexioToLexoffice',
					sourceConnection: source.ref.id,
					targetConnection: target.ref.id,
					importOptions: { dryRun: true, pageSize: 25 },
					scheduleOptions: { ifExists: 'update', note: 'created by the jobs node test' },
				}),
			);
			expect(upserted).toMatchObject({
				scheduleId,
				created: false,
				input: { kind: 'contacts', dryRun: true, pageSize: 25 },
			});

			const updated = only(
				await jobs(credentials, {
					resource: 'schedule',
					operation: 'update',
					scheduleId,
					updateFields: { cron: '0 6 * * 1-5', timezone: 'Europe/Zurich' },
				}),
			);
			expect(updated.spec).toEqual({
				cron: ['0 6 * * 1-5'],
				everyMinutes: 60,
				timezone: 'Europe/Zurich',
			});
			expect((await describeSchedule(h.env.client, scheduleId)).spec).toEqual({
				cron: ['0 6 * * 1-5'],
				everyMinutes: 60,
				timezone: 'Europe/Zurich',
			});

			const paused = only(
				await jobs(credentials, {
					resource: 'schedule',
					operation: 'pause',
					scheduleId,
					note: 'month-end closing',
				}),
			);
			expect(paused).toMatchObject({ scheduleId, paused: true, note: 'month-end closing' });
			expect((await describeSchedule(h.env.client, scheduleId)).paused).toBe(true);

			// Trigger Now starts a run even while the timetable is paused.
			expect(
				only(await jobs(credentials, { resource: 'schedule', operation: 'trigger', scheduleId })),
			).toEqual({ scheduleId, triggered: true });
			const action = await waitFor(async () => {
				const got = only(
					await jobs(credentials, { resource: 'schedule', operation: 'get', scheduleId }),
				);
				return (got.recentActions as Array<{ workflowId: string }>)[0];
			}, 'the triggered run');
			expect(action.workflowId).toMatch(new RegExp(`^schedule/${scheduleId}`));
			const run = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId: action.workflowId,
					maxWaitSeconds: 120,
				}),
			);
			expect(run).toMatchObject({
				status: 'COMPLETED',
				dryRun: true,
				stats: { processed: 30, created: 30 },
			});
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(0);

			const unpaused = only(
				await jobs(credentials, { resource: 'schedule', operation: 'unpause', scheduleId }),
			);
			expect(unpaused.paused).toBe(false);

			const listed = await waitFor(async () => {
				const list = await jobs(credentials, {
					resource: 'schedule',
					operation: 'getAll',
					limit: 1000,
				});
				return list.items.find((s) => s.scheduleId === scheduleId);
			}, 'the schedule in the list');
			expect(listed).toMatchObject({ scheduleId, workflowType: 'bulkImport', paused: false });

			// Update → Replace Job Settings: the same fields as Job → Start, here an invoice sync with a rate map.
			const replaced = only(
				await jobs(credentials, {
					resource: 'schedule',
					operation: 'update',
					scheduleId,
					replaceJob: true,
					jobType: 'invoiceSync',
					direction: 'lexofficeToBexio',
					sourceConnection: target.ref.id,
					targetConnection: source.ref.id,
					invoiceSyncOptions: {
						since: '2026-11-01',
						taxPolicy: 'keepGross',
						taxRateMap: { rates: [{ sourceRate: 19, targetRate: 8.1 }] },
					},
				}),
			);
			expect(replaced).toMatchObject({
				workflowType: 'invoiceSync',
				spec: { cron: ['0 6 * * 1-5'] },
				input: {
					source: { system: 'lexoffice', id: target.ref.id },
					target: { system: 'bexio', id: source.ref.id },
					since: '2026-11-01',
					taxPolicy: 'keepGross',
					taxRateMap: { '19': 8.1 },
				},
			});

			// A schedule has no n8n items: a timesheet sync from items is refused, naming the field and the fix.
			const badInput = only(
				await jobs(credentials, {
					resource: 'schedule',
					operation: 'create',
					scheduleId: `${scheduleId}-invoices`,
					jobType: 'timesheetSync',
					everyMinutes: 60,
					entriesFrom: 'items',
				}),
			);
			expect(badInput.error).toBe(
				'Entries From: expected File (URL) on a schedule, which the worker reads on every run; got "items" (a schedule has no n8n items; to hand over items, use Job → Start in a workflow)',
			);
			await expect(describeSchedule(h.env.client, `${scheduleId}-invoices`)).rejects.toThrow();

			expect(
				only(await jobs(credentials, { resource: 'schedule', operation: 'delete', scheduleId })),
			).toEqual({ scheduleId, deleted: true });
			const gone = only(
				await jobs(credentials, { resource: 'schedule', operation: 'get', scheduleId }),
			);
			expect(gone.error).toBe(`No schedule with ID "${scheduleId}"`);
		});
	});

	it('starts a timesheet sync from JSON and an accounting export from input items, waits for their counts and lists them', async () => {
		const tenant = await fastTenant('bexio', 'bexio-jobs-time');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: tenant.token });
		const customer = (await seed('bexio', tenant.token, 'contacts', 1)) as { ids: number[] };
		await bexio.call('project.create', {
			body: {
				name: 'Website',
				pr_state_id: 2,
				pr_project_type_id: 1,
				contact_id: customer.ids[0],
				user_id: 1,
			},
		});
		await bexio.call('businessActivity.create', {
			body: { name: 'Beratung', default_is_billable: true },
		});
		const taskQueue = uniqueQueue('jobs-node-time');
		const credentials = await temporalCredential(taskQueue);
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [tenant.connection], h.store);
		const entries = [
			{
				externalId: 'n8n-1',
				date: '2026-11-02',
				duration: '1:15',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Beratung',
				text: 'Call',
			},
			{
				externalId: 'n8n-2',
				date: '2026-11-03',
				duration: 30,
				person: 'Neue Person',
				project: 'Website',
				activity: 'Beratung',
			},
		];
		const lines = [
			{ externalId: 'pos-1', date: '2026-11-02', amount: 42, description: 'Kasse' },
			{
				externalId: 'pos-2',
				date: '2026-11-02',
				amount: 8,
				creditAccount: 'tips',
				description: 'Trinkgeld',
			},
		];

		await runWorkersUntil(workers, async () => {
			const time = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'start',
					startKind: 'timesheetSync',
					bexioConnection: tenant.ref.id,
					timesheetMode: 'timesheets',
					entriesFrom: 'json',
					entriesJson: JSON.stringify(entries),
					runKey: 'time',
				}),
			);
			expect(time).toMatchObject({
				workflowId: 'timesheets/bexio-jobs-time/time',
				jobType: 'timesheetSync',
				mode: 'timesheets',
				entries: 2,
			});
			const timeDone = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId: time.workflowId,
					maxWaitSeconds: 120,
				}),
			);
			expect(timeDone).toMatchObject({
				status: 'COMPLETED',
				timedOut: false,
				stats: { processed: 2, created: 2, failed: 0 },
			});
			expect(await records('bexio', tenant.token, 'timesheets')).toHaveLength(2);
			expect(await records('bexio', tenant.token, 'fictional_users')).toHaveLength(1);
			const progress = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'getProgress',
					workflowId: time.workflowId,
				}),
			);
			expect(progress).toMatchObject({
				status: 'COMPLETED',
				workflowType: 'timesheetSync',
				total: 2,
				done: true,
			});

			// Lines as input items (the default): one job for all of them, one output item.
			const booking = only(
				await runNode(n8n, {
					type: 'bexioLexofficeJobs',
					credentials,
					items: lines,
					parameters: {
						resource: 'job',
						operation: 'start',
						startKind: 'accountingExport',
						bexioConnection: tenant.ref.id,
						accountMap: { accounts: [{ sourceAccount: 'sales', bexioAccount: '3400' }] },
						exportOptions: { creditAccount: 'sales' },
						runKey: 'pos',
					},
				}),
			);
			expect(booking).toMatchObject({
				workflowId: 'accounting/bexio-jobs-time/pos',
				jobType: 'accountingExport',
				lines: 2,
				accountMap: { sales: '3400' },
			});
			const bookingDone = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'waitForCompletion',
					workflowId: booking.workflowId,
					maxWaitSeconds: 120,
				}),
			);
			expect(bookingDone).toMatchObject({
				status: 'COMPLETED',
				stats: { processed: 2, created: 1, failed: 1 },
				failures: [{ sourceId: 'pos-2', reason: expect.stringContaining('"tips" is not mapped') }],
			});
			expect(await records('bexio', tenant.token, 'manual_entries')).toHaveLength(1);

			const listed = await waitFor(async () => {
				const run = await jobs(credentials, {
					resource: 'job',
					operation: 'getAll',
					filters: { prefix: 'accounting/bexio-jobs-time/' },
					limit: 10,
				});
				return run.items.length ? run.items : undefined;
			}, 'the accounting export in the list');
			expect(listed).toEqual([
				expect.objectContaining({
					workflowId: booking.workflowId,
					workflowType: 'accountingExport',
				}),
			]);

			const bad = only(
				await jobs(credentials, {
					resource: 'job',
					operation: 'start',
					startKind: 'accountingExport',
					bexioConnection: tenant.ref.id,
					linesFrom: 'json',
					linesJson: '{"not": "a list"}',
					runKey: 'bad',
				}),
			);
			expect(bad.error).toBe(
				'Lines (JSON): expected a JSON array like [{"externalId": "pos-1", "date": "2026-11-02", "amount": 12.5}]; got {"not":"a list"}',
			);
		});
	});
});
