import { readFileSync } from 'node:fs';

import { connectBexio } from '../../clients/bexio';
import { accountingExportResult, startAccountingExport } from '../../temporal/client';
import type {
	AccountingExportInput,
	AccountingExportResult,
	BookingLine,
} from '../../temporal/shared';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { records, sandboxUrl, stats, type StatsSnapshot } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('accounting-export');

interface ManualEntry {
	id: number;
	type: string;
	date: string;
	reference_nr: string | null;
	entries: Array<{
		debit_account_id: number;
		credit_account_id: number;
		amount: number;
		description: string;
		tax_id: number | null;
		currency_id: number;
		currency_factor: number;
	}>;
}

/** Manual entries booked (POST, PUT, DELETE on the manual entry routes) for one tenant. */
function bookings(snapshot: StatsSnapshot): number {
	return Object.entries(snapshot.byRoute)
		.filter(([route]) => /^(POST|PUT|DELETE) \/3\.0\/accounting\/manual_entries/.test(route))
		.reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
}

// The sandbox's chart of accounts (a fresh bexio company): ids of the account numbers used here.
const ACCOUNT = { '1000': 1, '1020': 2, '3200': 6, '3400': 7, '6500': 14 };

describe('accountingExport', () => {
	it('books each line once as a manual entry through the account map, an unmapped account fails alone with the fix, a dry run books nothing and a re-run books nothing', async () => {
		const tenant = await fastTenant('bexio', 'accounting');
		const lines: BookingLine[] = [
			{
				externalId: 'kb-1',
				date: '2026-11-02',
				amount: 120.5,
				creditAccount: 'sales',
				description: 'Barverkauf',
			},
			{
				externalId: 'kb-2',
				date: '2026-11-02',
				amount: '80',
				debitAccount: 'bank',
				creditAccount: '3200',
				description: 'Überweisung Kunde',
			},
			{
				externalId: 'kb-3',
				date: '2026-11-03',
				amount: 15,
				creditAccount: 'tips',
				description: 'Trinkgeld',
			},
			{
				externalId: 'kb-4',
				date: '2026-11-03',
				amount: 54.05,
				creditAccount: 'sales',
				taxCode: 'un81',
				description: 'Verkauf mit MWST',
			},
			{
				externalId: 'kb-5',
				date: '2026-11-04',
				amount: -5,
				creditAccount: 'sales',
				description: 'Storno',
			},
			{
				externalId: 'kb-6',
				date: '2026-11-04',
				amount: 200,
				debitAccount: 'office',
				creditAccount: 'bank',
				currency: 'EUR',
				currencyFactor: 0.93,
				description: 'Büromaterial DE',
			},
			{
				externalId: 'kb-7',
				date: '2026-11-05',
				amount: 10,
				creditAccount: 'sales',
				description: 'Falsche Steuer',
				taxCode: 'XX99',
			},
			{
				externalId: 'kb-8',
				date: '2026-02-30',
				amount: 10,
				creditAccount: 'sales',
				description: 'Kein Tag',
			},
		];
		const input: Omit<AccountingExportInput, 'connection'> = {
			lines,
			accountMap: { sales: '3400', bank: '1020', office: '6500' },
			defaults: { debitAccount: '1000' },
		};
		const taskQueue = uniqueQueue('accounting');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [tenant.connection], h.store);
		const run = async (
			runKey: string,
			extra: Partial<AccountingExportInput> = {},
		): Promise<{ result: AccountingExportResult; workflowId: string }> => {
			const { workflowId } = await startAccountingExport(h.env.client, {
				connection: tenant.ref,
				...input,
				...extra,
				runKey,
				taskQueue,
			});
			return { result: await accountingExportResult(h.env.client, workflowId), workflowId };
		};

		await runWorkersUntil(workers, async () => {
			const failuresOf = (r: AccountingExportResult) =>
				Object.fromEntries(r.failures.map((f) => [f.sourceId, f.reason]));

			// Dry run: resolved entries, nothing booked.
			const dry = await run('dry', { dryRun: true });
			expect(dry.result.stats).toEqual({
				processed: 8,
				created: 4,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 4,
			});
			expect(bookings(await stats('bexio', tenant.token))).toBe(0);
			expect(await records('bexio', tenant.token, 'manual_entries')).toHaveLength(0);
			expect(dry.result.planned.map((p) => p.sourceId)).toEqual(['kb-1', 'kb-2', 'kb-4', 'kb-6']);
			expect(dry.result.planned[0]).toEqual({
				sourceId: 'kb-1',
				action: 'create',
				body: {
					type: 'manual_single_entry',
					date: '2026-11-02',
					reference_nr: 'kb-1',
					entries: [
						{
							debit_account_id: ACCOUNT['1000'],
							credit_account_id: ACCOUNT['3400'],
							amount: 120.5,
							description: 'Barverkauf',
						},
					],
				},
			});
			const reasons = failuresOf(dry.result);
			expect(reasons['kb-3']).toBe(
				'credit account "tips" is not mapped and is no bexio account number; add it to accountMap, e.g. {"tips": "<bexio account number>"}',
			);
			expect(reasons['kb-5']).toMatch(/amount -5 is not positive/);
			expect(reasons['kb-7']).toMatch(/tax code "XX99" does not exist/);
			expect(reasons['kb-8']).toBe('date "2026-02-30" is not a day as YYYY-MM-DD');

			const first = await run('first');
			expect(first.result.stats).toEqual({
				processed: 8,
				created: 4,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 4,
			});
			expect(first.result.planned).toEqual([]);
			expect(failuresOf(first.result)).toEqual(reasons);
			const entries = await records<ManualEntry>('bexio', tenant.token, 'manual_entries');
			expect(entries).toHaveLength(4);
			expect(entries.every((e) => e.type === 'manual_single_entry' && e.entries.length === 1)).toBe(
				true,
			);
			const byRef = Object.fromEntries(entries.map((e) => [e.reference_nr, e]));
			expect(Object.keys(byRef).sort()).toEqual(['kb-1', 'kb-2', 'kb-4', 'kb-6']);
			expect(byRef['kb-1'].entries[0]).toMatchObject({
				debit_account_id: ACCOUNT['1000'],
				credit_account_id: ACCOUNT['3400'],
				amount: 120.5,
				tax_id: null,
			});
			expect(byRef['kb-2'].entries[0]).toMatchObject({
				debit_account_id: ACCOUNT['1020'],
				credit_account_id: ACCOUNT['3200'],
				amount: 80,
			});
			expect(byRef['kb-4'].entries[0]).toMatchObject({
				credit_account_id: ACCOUNT['3400'],
				tax_id: 1,
			});
			expect(byRef['kb-6'].entries[0]).toMatchObject({
				debit_account_id: ACCOUNT['6500'],
				credit_account_id: ACCOUNT['1020'],
				currency_id: 2,
				currency_factor: 0.93,
			});
			expect(byRef['kb-6'].date).toBe('2026-11-04');
			await checkHistory(h.env.client.workflow.getHandle(first.workflowId), 'accounting-export', [
				tenant.token,
			]);

			// A re-run books nothing; the fixed map books the line that failed, once.
			const booked = bookings(await stats('bexio', tenant.token));
			expect(booked).toBe(4);
			const again = await run('again');
			expect(again.result.stats).toEqual({
				processed: 8,
				created: 0,
				updated: 0,
				unchanged: 4,
				skipped: 0,
				failed: 4,
			});
			expect(bookings(await stats('bexio', tenant.token))).toBe(booked);
			const fixed = await run('fixed', { accountMap: { ...input.accountMap, tips: '3400' } });
			expect(fixed.result.stats).toEqual({
				processed: 8,
				created: 1,
				updated: 0,
				unchanged: 4,
				skipped: 0,
				failed: 3,
			});
			expect(await records('bexio', tenant.token, 'manual_entries')).toHaveLength(5);

			// A line changed after it was booked is not booked again: it is reported with the way out.
			const changed = await run('changed', {
				lines: lines.map((l) => (l.externalId === 'kb-1' ? { ...l, amount: 125 } : l)),
			});
			expect(changed.result.stats).toMatchObject({ created: 0, skipped: 1 });
			expect(bookings(await stats('bexio', tenant.token))).toBe(booked + 1);
		});
	});

	it('after a crash between booking and link, finds the entry by its reference number instead of booking it twice', async () => {
		const tenant = await fastTenant('bexio', 'accounting-crash');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: tenant.token });
		// What the crashed attempt left behind: the entry in bexio and the intent, no link.
		await bexio.call('manualEntry.create', {
			body: {
				type: 'manual_single_entry',
				date: '2026-11-06',
				reference_nr: 'crash-1',
				entries: [
					{
						debit_account_id: ACCOUNT['1000'],
						credit_account_id: ACCOUNT['3400'],
						amount: 99,
						description: 'Barverkauf',
					},
				],
			},
		});
		await h.store.recordIntent(
			{
				kind: 'manualEntries',
				source: { system: 'external', connection: 'n8n' },
				target: { system: 'bexio', connection: tenant.ref.id },
			},
			'crash-1',
			{ jobId: 'crashed', keys: ['crash-1'] },
		);
		const taskQueue = uniqueQueue('accounting-crash');
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [tenant.connection], h.store);
		await runWorkersUntil(workers, async () => {
			const { workflowId } = await startAccountingExport(h.env.client, {
				connection: tenant.ref,
				lines: [
					{
						externalId: 'crash-1',
						date: '2026-11-06',
						amount: 99,
						creditAccount: '3400',
						description: 'Barverkauf',
					},
				],
				runKey: 'after-crash',
				taskQueue,
			});
			expect((await accountingExportResult(h.env.client, workflowId)).stats).toMatchObject({
				processed: 1,
				created: 1,
				failed: 0,
			});
			expect(await records('bexio', tenant.token, 'manual_entries')).toHaveLength(1);
			expect(bookings(await stats('bexio', tenant.token))).toBe(1);
		});
	});

	it('lists the first 100 failures and writes all of them to a report file', async () => {
		const tenant = await fastTenant('bexio', 'accounting-many-failures');
		const lines: BookingLine[] = Array.from({ length: 120 }, (_, i) => ({
			externalId: `bad-${i + 1}`,
			date: '2026-11-02',
			amount: 1,
			creditAccount: `unknown-${i + 1}`,
			description: 'Unbekannt',
		}));
		const taskQueue = uniqueQueue('accounting-many-failures');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[tenant.connection],
			h.store,
			h.dir,
		);
		await runWorkersUntil(workers, async () => {
			const { workflowId } = await startAccountingExport(h.env.client, {
				connection: tenant.ref,
				lines,
				runKey: 'many',
				taskQueue,
				batchSize: 50,
			});
			const result = await accountingExportResult(h.env.client, workflowId);
			expect(result.stats).toEqual({
				processed: 120,
				created: 0,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 120,
			});
			expect(result.failures).toHaveLength(100);
			const all = readFileSync(result.failuresFile!, 'utf8')
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l) as { sourceId: string; reason: string });
			expect(all).toHaveLength(120);
			expect(all[119]).toEqual({
				sourceId: 'bad-120',
				reason: expect.stringContaining('credit account "unknown-120" is not mapped'),
			});
		});
	});
});
