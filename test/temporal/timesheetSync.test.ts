import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { connectBexio } from '../../clients/bexio';
import { approve, reject, startTimesheetSync, timesheetSyncResult } from '../../temporal/client';
import {
	createSchedule,
	deleteSchedule,
	describeSchedule,
	triggerSchedule,
} from '../../temporal/schedules';
import {
	jobProgressQuery,
	type JobProgress,
	type TimesheetEntry,
	type TimesheetSyncInput,
	type TimesheetSyncResult,
} from '../../temporal/shared';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
	waitFor,
} from '../helpers/imports';
import { records, sandboxUrl, seed, stats, type StatsSnapshot } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('timesheet-sync');

interface Timesheet {
	id: number;
	user_id: number;
	client_service_id: number;
	pr_project_id: number | null;
	contact_id: number | null;
	allowable_bill: boolean;
	date: string;
	duration: string;
	text: string;
}
interface FictionalUser {
	id: number;
	firstname: string;
	lastname: string;
	email: string;
}
interface Invoice {
	id: number;
	contact_id: number;
	kb_item_status_id: number;
	api_reference: string | null;
	total: string;
	total_taxes: string;
	positions: Array<{ type: string; amount: string; unit_price: string; text: string }>;
}

/** Creates, edits and deletes the sandbox recorded for one tenant. */
function writes(snapshot: StatsSnapshot): number {
	return Object.entries(snapshot.byRoute)
		.filter(([route]) => !route.startsWith('GET ') && !route.endsWith('/search'))
		.reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
}

/** A bexio company with two customers, two projects and three business activities. */
async function company(id: string) {
	const tenant = await fastTenant('bexio', id);
	const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: tenant.token });
	const customers = (await seed('bexio', tenant.token, 'contacts', 2)) as { ids: number[] };
	const contacts = await records<{ id: number; nr: string }>('bexio', tenant.token, 'contacts');
	const project = (name: string, contactId: number) =>
		bexio.call('project.create', {
			body: { name, pr_state_id: 2, pr_project_type_id: 1, contact_id: contactId, user_id: 1 },
		}) as Promise<{ id: number; nr: string }>;
	const support = await project('Support 2026', customers.ids[0]);
	const website = await project('Website', customers.ids[0]);
	const activity = (name: string, billable: boolean, price: number | null) =>
		bexio.call('businessActivity.create', {
			body: { name, default_is_billable: billable, default_price_per_hour: price },
		}) as Promise<{ id: number }>;
	const consulting = await activity('Beratung', true, 150);
	const development = await activity('Entwicklung', true, null);
	const internal = await activity('Intern', false, null);
	return { tenant, customers: contacts, support, website, consulting, development, internal };
}

describe('timesheetSync', () => {
	it('previews without writing, writes each entry once with fictional users created once, fails bad entries alone, and a re-run writes nothing', async () => {
		const c = await company('timesheets');
		const entries: TimesheetEntry[] = [
			{
				externalId: 't-1',
				date: '2026-11-02',
				duration: '1:30',
				person: 'rudolph.smith@example.com',
				project: c.support.nr,
				activity: 'Beratung',
				text: 'Workshop',
			},
			{
				externalId: 't-2',
				date: '2026-11-02',
				duration: 45,
				person: 'Anna Meier',
				project: 'Website',
				activity: 'entwicklung',
			},
			{
				externalId: 't-3',
				date: '2026-11-03',
				duration: '2:00',
				person: 'Carla Neu',
				project: c.website.id,
				activity: c.development.id,
				text: 'Layout',
			},
			{
				externalId: 't-4',
				date: '2026-11-04',
				duration: '0:15',
				person: 'carla  neu',
				project: 'website',
				activity: 'Beratung',
				billable: false,
			},
			{
				externalId: 't-5',
				date: '2026-11-04',
				duration: '90',
				person: 'dora.keller@extern.example',
				project: 'Support 2026',
				activity: 'Beratung',
			},
			{
				externalId: 't-6',
				date: '2026-11-05',
				duration: '3:10',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Beratung',
				customer: c.customers[1].nr,
				billable: 'nein',
			},
			{
				externalId: 'bad-project',
				date: '2026-11-05',
				duration: '1:00',
				person: 'Anna Meier',
				project: 'Gibt es nicht',
				activity: 'Beratung',
			},
			{
				externalId: 'bad-duration',
				date: '2026-11-05',
				duration: '1h30',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Beratung',
			},
			{
				externalId: 't-1',
				date: '2026-11-06',
				duration: '1:00',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Beratung',
			},
		];
		const taskQueue = uniqueQueue('timesheets');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [c.tenant.connection], h.store);
		const run = async (
			runKey: string,
			input: Partial<TimesheetSyncInput>,
		): Promise<{ result: TimesheetSyncResult; workflowId: string }> => {
			const { workflowId } = await startTimesheetSync(h.env.client, {
				connection: c.tenant.ref,
				entries,
				runKey,
				taskQueue,
				...input,
			});
			return { result: await timesheetSyncResult(h.env.client, workflowId), workflowId };
		};

		await runWorkersUntil(workers, async () => {
			const failuresOf = (r: TimesheetSyncResult) =>
				Object.fromEntries(r.failures.map((f) => [f.sourceId, f.reason]));

			// Preview: the plan with resolved ids, the people it would create, and no write at all.
			const before = writes(await stats('bexio', c.tenant.token));
			const preview = await run('preview', { mode: 'preview' });
			expect(preview.result.stats).toEqual({
				processed: 9,
				created: 6,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 3,
			});
			expect(writes(await stats('bexio', c.tenant.token))).toBe(before);
			expect(await records('bexio', c.tenant.token, 'timesheets')).toHaveLength(0);
			expect(await records('bexio', c.tenant.token, 'fictional_users')).toHaveLength(0);
			expect(preview.result.planned.map((p) => p.sourceId)).toEqual([
				't-1',
				't-2',
				't-3',
				't-4',
				't-5',
				't-6',
			]);
			expect(preview.result.planned[0].body).toEqual({
				user_id: 1,
				client_service_id: c.consulting.id,
				allowable_bill: true,
				tracking: { type: 'duration', date: '2026-11-02', duration: '01:30' },
				text: 'Workshop',
				pr_project_id: c.support.id,
				contact_id: c.customers[0].id,
			});
			expect(preview.result.planned[2]).toMatchObject({
				action: 'create',
				body: { user_id: null },
				createsUser: { firstname: 'Carla', lastname: 'Neu', email: 'carla.neu@fictional.invalid' },
			});
			expect(preview.result.fictionalUsers.map((u) => u.person)).toEqual([
				'Carla Neu',
				'dora.keller@extern.example',
			]);
			const reasons = failuresOf(preview.result);
			expect(reasons['bad-project']).toMatch(/project "Gibt es nicht" not found in bexio/);
			expect(reasons['bad-duration']).toMatch(/duration "1h30" is neither H:MM/);
			expect(reasons['t-1']).toMatch(/occurs more than once/);

			// The run: six timesheets, two fictional users (Carla once for two entries), the same three failures.
			const first = await run('first', {});
			expect(first.result.stats).toEqual({
				processed: 9,
				created: 6,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 3,
			});
			expect(first.result.planned).toEqual([]);
			const users = await records<FictionalUser>('bexio', c.tenant.token, 'fictional_users');
			expect(users.map((u) => [u.firstname, u.lastname, u.email]).sort()).toEqual([
				['Carla', 'Neu', 'carla.neu@fictional.invalid'],
				['Dora', 'Keller', 'dora.keller@extern.example'],
			]);
			const carla = users.find((u) => u.firstname === 'Carla')!.id;
			const sheets = await records<Timesheet>('bexio', c.tenant.token, 'timesheets');
			expect(sheets).toHaveLength(6);
			const byText = (text: string) => sheets.find((s) => s.text === text);
			expect(byText('Workshop')).toMatchObject({
				user_id: 1,
				client_service_id: c.consulting.id,
				pr_project_id: c.support.id,
				date: '2026-11-02',
				duration: '1:30',
				allowable_bill: true,
			});
			expect(byText('Layout')).toMatchObject({
				user_id: carla,
				pr_project_id: c.website.id,
				duration: '2:00',
			});
			expect(sheets.filter((s) => s.user_id === carla)).toHaveLength(2);
			expect(sheets.find((s) => s.duration === '0:15')).toMatchObject({
				allowable_bill: false,
				user_id: carla,
			});
			expect(sheets.find((s) => s.duration === '3:10')).toMatchObject({
				user_id: 2,
				contact_id: c.customers[1].id,
				allowable_bill: false,
			});
			expect(sheets.find((s) => s.duration === '0:45')).toMatchObject({
				user_id: 2,
				client_service_id: c.development.id,
			});
			await checkHistory(h.env.client.workflow.getHandle(first.workflowId), 'timesheet-sync', [
				c.tenant.token,
			]);

			// A re-run writes nothing: every entry is linked, the people too.
			const afterFirst = writes(await stats('bexio', c.tenant.token));
			const again = await run('again', {});
			expect(again.result.stats).toEqual({
				processed: 9,
				created: 0,
				updated: 0,
				unchanged: 6,
				skipped: 0,
				failed: 3,
			});
			expect(again.result.fictionalUsers).toEqual([]);
			expect(writes(await stats('bexio', c.tenant.token))).toBe(afterFirst);
			expect(await records('bexio', c.tenant.token, 'timesheets')).toHaveLength(6);
			expect(await records('bexio', c.tenant.token, 'fictional_users')).toHaveLength(2);

			// An entry corrected at the source updates its timesheet, nothing else is written.
			const corrected = entries.map((e) =>
				e.externalId === 't-2' && e.duration === 45 ? { ...e, duration: '1:05' } : e,
			);
			const third = await run('corrected', { entries: corrected });
			expect(third.result.stats).toEqual({
				processed: 9,
				created: 0,
				updated: 1,
				unchanged: 5,
				skipped: 0,
				failed: 3,
			});
			expect(writes(await stats('bexio', c.tenant.token))).toBe(afterFirst + 1);
			expect(
				(await records<Timesheet>('bexio', c.tenant.token, 'timesheets')).find(
					(s) => s.client_service_id === c.development.id && s.user_id === 2,
				)?.duration,
			).toBe('1:05');
		});
	});

	it('reads entries from a CSV file over HTTP, also on a Temporal schedule', async () => {
		const c = await company('timesheets-csv');
		const csv = [
			'externalId;date;duration;person;project;activity;text;billable',
			`csv-1;2026-11-09;1:00;Anna Meier;${c.support.nr};Beratung;"Analyse; Teil 1";ja`,
			'csv-2;2026-11-09;30;rudolph.smith@example.com;Website;Entwicklung;"Fix ""Login""";nein',
			'csv-3;2026-11-10;0:00;Anna Meier;Website;Beratung;leer;ja',
		].join('\r\n');
		const json = JSON.stringify({
			entries: [
				{
					externalId: 'json-1',
					date: '2026-11-11',
					duration: 20,
					person: 'Anna Meier',
					project: 'Website',
					activity: 'Beratung',
					billable: false,
				},
			],
		});
		const files: Record<string, string> = { '/time.csv': csv, '/time.json': json };
		const server: Server = createServer((req, res) => {
			const body = files[req.url ?? ''];
			res.writeHead(body === undefined ? 404 : 200, {
				'content-type': req.url?.endsWith('.json') ? 'application/json' : 'text/csv',
			});
			res.end(body ?? '');
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/time.csv`;
		const taskQueue = uniqueQueue('timesheets-csv');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [c.tenant.connection], h.store);
		try {
			await runWorkersUntil(workers, async () => {
				const { workflowId } = await startTimesheetSync(h.env.client, {
					connection: c.tenant.ref,
					source: { format: 'csv', url },
					sourceName: 'csv-file',
					runKey: 'csv',
					taskQueue,
				});
				const result = await timesheetSyncResult(h.env.client, workflowId);
				expect(result.stats).toEqual({
					processed: 3,
					created: 2,
					updated: 0,
					unchanged: 0,
					skipped: 0,
					failed: 1,
				});
				expect(result.failures).toEqual([
					{ sourceId: 'csv-3', reason: expect.stringMatching(/duration "0:00"/) },
				]);
				const sheets = await records<Timesheet>('bexio', c.tenant.token, 'timesheets');
				expect(sheets.map((s) => [s.text, s.duration, s.allowable_bill]).sort()).toEqual([
					['Analyse; Teil 1', '1:00', true],
					['Fix "Login"', '0:30', false],
				]);

				// A JSON file ({"entries": [...]} or a bare array), and a file that is not there: the job fails with the address.
				const fromJson = await startTimesheetSync(h.env.client, {
					connection: c.tenant.ref,
					source: { format: 'json', url: url.replace('.csv', '.json') },
					sourceName: 'json-file',
					runKey: 'json',
					taskQueue,
				});
				expect((await timesheetSyncResult(h.env.client, fromJson.workflowId)).stats).toMatchObject({
					processed: 1,
					created: 1,
				});
				expect(
					(await records<Timesheet>('bexio', c.tenant.token, 'timesheets')).find(
						(s) => s.duration === '0:20',
					)?.allowable_bill,
				).toBe(false);
				const missing = await startTimesheetSync(h.env.client, {
					connection: c.tenant.ref,
					source: { format: 'csv', url: url.replace('time.csv', 'gone.csv?key=s3cret') },
					runKey: 'missing',
					taskQueue,
				});
				const failure = (await timesheetSyncResult(h.env.client, missing.workflowId).catch(
					(e: unknown) => e,
				)) as { cause?: { cause?: { message?: string } } };
				expect(failure.cause?.cause?.message).toBe(
					`reading ${url.replace('time.csv', 'gone.csv')} answered 404`,
				);

				// The same file on a Temporal schedule: a run triggered now reads it again and writes nothing.
				const scheduleId = `timesheets-csv-${c.tenant.token.slice(-8)}`;
				const input: TimesheetSyncInput = {
					connection: c.tenant.ref,
					source: { format: 'csv', url },
					sourceName: 'csv-file',
				};
				await createSchedule(h.env.client, {
					scheduleId,
					workflowType: 'timesheetSync',
					input,
					spec: { everyMinutes: 60 },
					taskQueue,
				});
				try {
					await triggerSchedule(h.env.client, scheduleId);
					const action = await waitFor(
						async () => (await describeSchedule(h.env.client, scheduleId)).recentActions[0],
						'the triggered run',
						60_000,
					);
					const scheduled = (await h.env.client.workflow
						.getHandle(action.workflowId)
						.result()) as TimesheetSyncResult;
					expect(scheduled.stats).toEqual({
						processed: 3,
						created: 0,
						updated: 0,
						unchanged: 2,
						skipped: 0,
						failed: 1,
					});
					expect(await records('bexio', c.tenant.token, 'timesheets')).toHaveLength(3);
				} finally {
					await deleteSchedule(h.env.client, scheduleId);
				}
			});
		} finally {
			server.close();
		}
	});

	it('invoiceDrafts mode creates one draft invoice per customer with one position per billable entry, and no timesheets', async () => {
		const c = await company('timesheet-drafts');
		const entries: TimesheetEntry[] = [
			{
				externalId: 'd-1',
				date: '2026-11-02',
				duration: '2:00',
				person: 'Anna Meier',
				project: 'Support 2026',
				activity: 'Beratung',
				text: 'Review',
			},
			{
				externalId: 'd-2',
				date: '2026-11-03',
				duration: '0:30',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Entwicklung',
			},
			{
				externalId: 'd-3',
				date: '2026-11-03',
				duration: '1:00',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Beratung',
				customer: c.customers[1].nr,
			},
			{
				externalId: 'd-4',
				date: '2026-11-04',
				duration: '1:00',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Intern',
			},
			{
				externalId: 'd-5',
				date: '2026-11-04',
				duration: '1:00',
				person: 'Anna Meier',
				project: 'Website',
				activity: 'Beratung',
				customer: 'K-404',
			},
		];
		const taskQueue = uniqueQueue('timesheet-drafts');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [c.tenant.connection], h.store);
		const taxes = await records<{ id: number; value: string; type: string; is_active: boolean }>(
			'bexio',
			c.tenant.token,
			'taxes',
		);
		const vat = taxes.find(
			(t) => t.type === 'sales_tax' && t.is_active && Number(t.value) === 8.1,
		)!.id;
		await runWorkersUntil(workers, async () => {
			const run = async (runKey: string) => {
				const { workflowId } = await startTimesheetSync(h.env.client, {
					connection: c.tenant.ref,
					entries,
					mode: 'invoiceDrafts',
					invoice: { hourlyRate: 100, title: 'Leistungen November', taxId: vat },
					runKey,
					taskQueue,
				});
				return { result: await timesheetSyncResult(h.env.client, workflowId), workflowId };
			};
			const first = await run('drafts');
			expect(first.result.stats).toEqual({
				processed: 5,
				created: 3,
				updated: 0,
				unchanged: 0,
				skipped: 1,
				failed: 1,
			});
			expect(first.result.failures).toEqual([
				{ sourceId: 'd-5', reason: expect.stringMatching(/customer "K-404" not found/) },
			]);
			const invoices = await records<Invoice>('bexio', c.tenant.token, 'invoices');
			expect(invoices).toHaveLength(2);
			expect(invoices.every((i) => i.kb_item_status_id === 7)).toBe(true);
			const forA = invoices.find((i) => i.contact_id === c.customers[0].id)!;
			const forB = invoices.find((i) => i.contact_id === c.customers[1].id)!;
			expect(forA.positions.map((p) => [p.amount, p.unit_price])).toEqual([
				['2.000000', '150.000000'],
				['0.500000', '100.000000'],
			]);
			// The drafts bill VAT on top of the net hours: 350.00 net + 8.1 % = 378.35 CHF.
			expect([forA.total, forA.total_taxes]).toEqual(['378.350000', '28.3500']);
			expect(forB.positions).toHaveLength(1);
			expect(first.result.invoices.map((i) => i.positions).sort()).toEqual([1, 2]);
			expect(await records('bexio', c.tenant.token, 'timesheets')).toHaveLength(0);
			await checkHistory(
				h.env.client.workflow.getHandle(first.workflowId),
				'timesheet-invoice-drafts',
				[c.tenant.token],
			);

			const again = await run('drafts-again');
			expect(again.result.stats).toEqual({
				processed: 5,
				created: 0,
				updated: 0,
				unchanged: 3,
				skipped: 1,
				failed: 1,
			});
			expect(again.result.invoices).toEqual([]);
			expect(await records('bexio', c.tenant.token, 'invoices')).toHaveLength(2);
		});
	});

	it('invoiceDrafts mode splits a customer with more entries than one create takes into numbered drafts', async () => {
		const c = await company('timesheet-drafts-split');
		const entries: TimesheetEntry[] = Array.from({ length: 160 }, (_, i) => ({
			externalId: `s-${i}`,
			date: '2026-11-10',
			duration: '0:15',
			person: 'Anna Meier',
			project: 'Support 2026',
			activity: 'Beratung',
			text: `Ticket ${i}`,
		}));
		const taskQueue = uniqueQueue('timesheet-drafts-split');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [c.tenant.connection], h.store);
		await runWorkersUntil(workers, async () => {
			const run = async (runKey: string) => {
				const { workflowId } = await startTimesheetSync(h.env.client, {
					connection: c.tenant.ref,
					entries,
					mode: 'invoiceDrafts',
					invoice: { title: 'Support' },
					runKey,
					taskQueue,
				});
				return timesheetSyncResult(h.env.client, workflowId);
			};
			const first = await run('split');
			expect(first.stats).toEqual({
				processed: 160,
				created: 160,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			const invoices = await records<Invoice & { title: string }>(
				'bexio',
				c.tenant.token,
				'invoices',
			);
			expect(invoices.map((i) => [i.title, i.contact_id, i.positions.length]).sort()).toEqual([
				['Support (1/2)', c.customers[0].id, 150],
				['Support (2/2)', c.customers[0].id, 10],
			]);
			// Every entry is on exactly one draft.
			const texts = invoices.flatMap((i) => i.positions.map((p) => p.text.split('\n')[1]));
			expect(new Set(texts).size).toBe(160);

			const again = await run('split-again');
			expect(again.stats).toMatchObject({ processed: 160, created: 0, unchanged: 160 });
			expect(await records('bexio', c.tenant.token, 'invoices')).toHaveLength(2);
		});
	});

	it('after a crash between create and link, finds the timesheet instead of writing it twice', async () => {
		const c = await company('timesheets-crash');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: c.tenant.token });
		const entry: TimesheetEntry = {
			externalId: 'crash-1',
			date: '2026-11-12',
			duration: '2:15',
			person: 'Anna Meier',
			project: 'Website',
			activity: 'Beratung',
			text: 'Nach dem Absturz',
		};
		// What the crashed attempt left behind: the timesheet in bexio and the intent, no link.
		await bexio.call('timesheet.create', {
			body: {
				user_id: 2,
				client_service_id: c.consulting.id,
				allowable_bill: true,
				tracking: { type: 'duration', date: '2026-11-12', duration: '02:15' },
				text: 'Nach dem Absturz',
				pr_project_id: c.website.id,
				contact_id: c.customers[0].id,
			},
		});
		await h.store.recordIntent(
			{
				kind: 'timesheets',
				source: { system: 'external', connection: 'n8n' },
				target: { system: 'bexio', connection: c.tenant.ref.id },
			},
			'crash-1',
			{ jobId: 'crashed', keys: [] },
		);
		const taskQueue = uniqueQueue('timesheets-crash');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [c.tenant.connection], h.store);
		await runWorkersUntil(workers, async () => {
			const { workflowId } = await startTimesheetSync(h.env.client, {
				connection: c.tenant.ref,
				entries: [entry],
				runKey: 'after-crash',
				taskQueue,
			});
			expect((await timesheetSyncResult(h.env.client, workflowId)).stats).toMatchObject({
				processed: 1,
				created: 1,
				failed: 0,
			});
			expect(await records('bexio', c.tenant.token, 'timesheets')).toHaveLength(1);
			const { workflowId: again } = await startTimesheetSync(h.env.client, {
				connection: c.tenant.ref,
				entries: [entry],
				runKey: 'after-crash-again',
				taskQueue,
			});
			expect((await timesheetSyncResult(h.env.client, again)).stats).toMatchObject({
				processed: 1,
				created: 0,
				unchanged: 1,
			});
		});
	});

	it('after a crash between creating a draft invoice and linking its entries, finds the draft by its reference', async () => {
		const c = await company('timesheet-drafts-crash');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: c.tenant.token });
		const entry: TimesheetEntry = {
			externalId: 'draft-crash-1',
			date: '2026-11-12',
			duration: '1:00',
			person: 'Anna Meier',
			project: 'Website',
			activity: 'Beratung',
		};
		const reference = 'timesheets:0123456789abcdef01234567';
		await bexio.call('invoice.create', {
			body: {
				contact_id: c.customers[0].id,
				user_id: 1,
				title: 'Leistungen',
				api_reference: reference,
				positions: [{ type: 'KbPositionCustom', text: 'x', amount: '1', unit_price: '150' }],
			},
		});
		await h.store.recordIntent(
			{
				kind: 'timesheetInvoices',
				source: { system: 'external', connection: 'n8n' },
				target: { system: 'bexio', connection: c.tenant.ref.id },
			},
			'draft-crash-1',
			{ jobId: 'crashed', keys: [reference] },
		);
		const taskQueue = uniqueQueue('timesheet-drafts-crash');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [c.tenant.connection], h.store);
		await runWorkersUntil(workers, async () => {
			const { workflowId } = await startTimesheetSync(h.env.client, {
				connection: c.tenant.ref,
				entries: [entry],
				mode: 'invoiceDrafts',
				runKey: 'after-crash',
				taskQueue,
			});
			const result = await timesheetSyncResult(h.env.client, workflowId);
			expect(result.stats).toMatchObject({ processed: 1, created: 1, failed: 0 });
			expect(result.invoices).toEqual([]);
			expect(await records('bexio', c.tenant.token, 'invoices')).toHaveLength(1);
		});
	});

	it('with approval: previews and writes nothing until Approve names the plan, asks again when an entry was added while it waited, writes exactly the approved plan (one fictional user); Reject writes nothing', async () => {
		const c = await company('timesheets-approval');
		const entry = (id: string, person: string): TimesheetEntry => ({
			externalId: id,
			date: '2026-11-16',
			duration: '1:00',
			person,
			project: 'Website',
			activity: 'Beratung',
			text: `Eintrag ${id}`,
		});
		// The time tracker's export, read by the worker on every plan: entries may be added while the job waits.
		const tracker = {
			entries: [entry('a-1', 'rudolph.smith@example.com'), entry('a-2', 'Carla Neu')],
		};
		const server: Server = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(tracker));
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/time.json`;
		const taskQueue = uniqueQueue('timesheets-approval');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [c.tenant.connection], h.store);
		const start = (runKey: string) =>
			startTimesheetSync(h.env.client, {
				connection: c.tenant.ref,
				source: { format: 'json', url },
				sourceName: 'tracker',
				runKey,
				taskQueue,
				approval: true,
			});
		const progress = (workflowId: string) =>
			h.env.client.workflow.getHandle(workflowId).query(jobProgressQuery);
		const awaitingApproval = (workflowId: string, otherThan?: string) =>
			waitFor(async () => {
				const p: JobProgress = await progress(workflowId);
				return p.phase === 'awaitingApproval' && p.approval?.planHash !== otherThan ? p : undefined;
			}, 'the timesheet sync to await approval');
		const bexioWrites = async () => writes(await stats('bexio', c.tenant.token));

		try {
			await runWorkersUntil(workers, async () => {
				const before = await bexioWrites();
				const { workflowId } = await start('approved');
				const first = await awaitingApproval(workflowId);
				expect(first.approval).toMatchObject({
					planHash: expect.stringMatching(/^[0-9a-f]{16}$/),
					planStats: { processed: 2, created: 2, failed: 0 },
				});
				expect(first.approval!.planned!.map((p) => p.sourceId)).toEqual(['a-1', 'a-2']);
				expect(await bexioWrites()).toBe(before);

				await expect(approve(h.env.client, workflowId, 'ffffffffffffffff')).rejects.toMatchObject({
					cause: { message: expect.stringMatching(/approve its hash/) },
				});

				// An entry is added to the tracker while the job waits: the approved plan is no longer what would be written.
				tracker.entries.push(entry('a-3', 'Carla Neu'));
				await approve(h.env.client, workflowId, first.approval!.planHash!);
				const second = await awaitingApproval(workflowId, first.approval!.planHash);
				expect(second.approval).toMatchObject({
					approvedHash: first.approval!.planHash,
					planStats: { processed: 3, created: 3 },
				});
				expect(await bexioWrites()).toBe(before);

				await approve(h.env.client, workflowId, second.approval!.planHash!);
				const done = await timesheetSyncResult(h.env.client, workflowId);
				expect(done.approval).toEqual({ status: 'approved', planHash: second.approval!.planHash });
				expect(done.stats).toMatchObject({ processed: 3, created: 3, failed: 0 });
				expect(done.fictionalUsers).toHaveLength(1);
				const sheets = await records<Timesheet>('bexio', c.tenant.token, 'timesheets');
				expect(sheets.map((s) => s.text).sort()).toEqual([
					'Eintrag a-1',
					'Eintrag a-2',
					'Eintrag a-3',
				]);
				expect((await progress(workflowId)).phase).toBe('completed');

				// Nothing new in the export: the job ends after its plan without asking, writing nothing.
				const quiet = await bexioWrites();
				const idle = await timesheetSyncResult(
					h.env.client,
					(await start('nothing-new')).workflowId,
				);
				expect(idle).toMatchObject({
					mode: 'timesheets',
					stats: { created: 0, updated: 0, unchanged: 3 },
					approval: { status: 'notNeeded' },
				});
				expect(await bexioWrites()).toBe(quiet);

				// A job whose plan is rejected ends without writing.
				tracker.entries.push(entry('a-4', 'Dora Neu'));
				const afterWrite = await bexioWrites();
				const other = await start('rejected');
				const waiting = await awaitingApproval(other.workflowId);
				expect(waiting.approval?.planStats).toMatchObject({ created: 1, unchanged: 3 });
				await reject(h.env.client, other.workflowId, 'not this month');
				const rejected = await timesheetSyncResult(h.env.client, other.workflowId);
				expect(rejected.approval).toMatchObject({ status: 'rejected', reason: 'not this month' });
				expect(await bexioWrites()).toBe(afterWrite);
				expect(await records('bexio', c.tenant.token, 'timesheets')).toHaveLength(3);
				await expect(reject(h.env.client, workflowId, 'too late')).rejects.toBeDefined();
			});
		} finally {
			server.close();
		}
	});
});
