import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { reconcileResult, startReconcile } from '../../temporal/client';
import type {
	InvoiceSyncInput,
	InvoiceSyncResult,
	ReconcileInput,
	ReconcileResult,
	ReconcileRow,
} from '../../temporal/shared';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { records, sandboxUrl, stats } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * The reconciliation against the sandboxes after a real invoice sync: a clean sync reconciles to zero
 * differences with the figures the lexoffice records hold (added up here in cents, independently of the
 * job), and every change made on one side afterwards is reported where it belongs.
 */

const h = useImportHarness('reconcile');

interface LexDocument {
	id: string;
	voucherDate: string;
	totalPrice: {
		currency: string;
		totalNetAmount: number;
		totalTaxAmount: number;
		totalGrossAmount: number;
	};
}
interface BexioInvoice {
	id: number;
	api_reference: string | null;
	positions: Array<{
		id: number;
		type: string;
		tax_id: number;
		amount: string;
		unit_price: string;
		text: string;
	}>;
}

/** The terminal command as a real process against the test server (as in cli.test.ts). */
function cli(
	args: string[],
	taskQueue: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
	const root = join(__dirname, '..', '..');
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', join(root, 'temporal', 'cli.ts'), ...args],
			{
				cwd: root,
				env: {
					...process.env,
					TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
					BLX_TASK_QUEUE: taskQueue,
				},
			},
			(error, stdout, stderr) =>
				resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
		);
	});
}

const cents = (n: number) => Math.round(n * 100);
const text = (c: number) =>
	`${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

describe('reconcile', () => {
	it('a clean sync reconciles to zero; an edited, a deleted and an unsynced invoice are each reported', async () => {
		const lex = await fastTenant('lexoffice', 'rec-lex');
		const bex = await fastTenant('bexio', 'rec-bexio');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bex.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Abgleich GmbH' } },
		});
		// 0 % exists on both sides, so the sync changes no money (mapped rates would, by the job's policy).
		const create = async (kind: 'invoice' | 'creditNote', day: string, prices: number[]) =>
			(
				await lexoffice.call(`${kind}.create`, {
					query: { finalize: true },
					body: {
						voucherDate: `${day}T00:00:00.000+01:00`,
						address: { contactId: customer.id },
						lineItems: prices.map((price, i) => ({
							type: 'custom',
							name: `Leistung ${i + 1}`,
							quantity: 1,
							unitName: 'Stück',
							unitPrice: { currency: 'EUR', netAmount: price, taxRatePercentage: 0 },
						})),
						totalPrice: { currency: 'EUR' },
						taxConditions: { taxType: 'net' },
						shippingConditions: { shippingType: 'none' },
					} as never,
				})
			).id;
		const edited = await create('invoice', '2026-03-02', [100]);
		const deleted = await create('invoice', '2026-03-10', [250.5, 0.35]);
		await create('invoice', '2026-03-31', [19.99]);
		await create('creditNote', '2026-03-15', [40.1]);
		// Outside the period: synced, never in the report.
		await create('invoice', '2026-04-01', [999]);

		const taskQueue = uniqueQueue('reconcile');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bex.connection],
			h.store,
		);
		const syncInput: InvoiceSyncInput = {
			source: lex.ref,
			target: bex.ref,
			since: '2000-01-01',
			watermarkName: `rec-${lex.token.slice(-8)}`,
		};
		const input: ReconcileInput = {
			lexoffice: lex.ref,
			bexio: bex.ref,
			from: '2026-03-01',
			to: '2026-03-31',
			pageSize: 2,
		};
		const run = async (runKey: string): Promise<ReconcileResult> =>
			reconcileResult(
				h.env.client,
				(await startReconcile(h.env.client, { ...input, runKey, taskQueue })).workflowId,
			);
		const rowsOf = (r: ReconcileResult, kind: ReconcileRow['row']) =>
			r.rows.filter((row) => row.row === kind);

		await runWorkersUntil(workers, async () => {
			const synced = (await h.env.client.workflow.execute('invoiceSync', {
				args: [syncInput],
				taskQueue,
				workflowId: `rec-sync-${lex.token.slice(-8)}`,
			})) as InvoiceSyncResult;
			expect(synced.stats).toMatchObject({ created: 5, failed: 0 });

			// The source figures, from lexoffice's stored records: the period's documents, credit notes negative.
			const inPeriod = (d: LexDocument) =>
				d.voucherDate.slice(0, 10) >= '2026-03-01' && d.voucherDate.slice(0, 10) <= '2026-03-31';
			const docs = [
				...(await records<LexDocument>('lexoffice', lex.token, 'invoices'))
					.filter(inPeriod)
					.map((d) => ({ d, sign: 1 })),
				...(await records<LexDocument>('lexoffice', lex.token, 'credit-notes'))
					.filter(inPeriod)
					.map((d) => ({ d, sign: -1 })),
			];
			const sum = (field: 'totalNetAmount' | 'totalTaxAmount' | 'totalGrossAmount') =>
				docs.reduce((s, { d, sign }) => s + sign * cents(d.totalPrice[field]), 0);
			expect(docs).toHaveLength(4);
			expect(text(sum('totalGrossAmount'))).toBe('330.74');

			const clean = await run('clean');
			expect(clean.totals).toEqual({ linked: 4, sourceOnly: 0, targetOnly: 0, differences: 0 });
			expect(clean.rows).toEqual([
				{
					row: 'summary',
					direction: 'lexofficeToBexio',
					currency: 'EUR',
					taxRate: 0,
					sourceCount: 4,
					sourceNet: text(sum('totalNetAmount')),
					sourceTax: text(sum('totalTaxAmount')),
					sourceGross: text(sum('totalGrossAmount')),
					targetCount: 4,
					targetNet: text(sum('totalNetAmount')),
					targetTax: text(sum('totalTaxAmount')),
					targetGross: text(sum('totalGrossAmount')),
					differenceNet: '0.00',
					differenceTax: '0.00',
					differenceGross: '0.00',
				},
			]);
			// Pages within the limits: 4 source documents at 2 per page, and the bexio side of the period.
			expect(clean.pages).toBeGreaterThanOrEqual(4);

			// One side changed: a bexio invoice's position 100 → 120, another bexio invoice deleted, a new lexoffice invoice not synced.
			const byRef = new Map(
				(await records<BexioInvoice>('bexio', bex.token, 'invoices')).map((i) => [
					i.api_reference,
					i,
				]),
			);
			const editedInBexio = byRef.get(`lexoffice:${edited}`)!;
			const position = editedInBexio.positions.find((p) => p.type === 'KbPositionCustom')!;
			await bexio.call('invoice.revertIssue', { path: { invoice_id: editedInBexio.id } });
			await bexio.call('documentPosition.updateCustom', {
				path: {
					kb_document_type: 'kb_invoice',
					document_id: editedInBexio.id,
					position_id: position.id,
				},
				body: {
					amount: position.amount,
					unit_price: '120',
					tax_id: position.tax_id,
					text: position.text,
				} as never,
			});
			await bexio.call('invoice.issue', { path: { invoice_id: editedInBexio.id } });
			const deletedInBexio = byRef.get(`lexoffice:${deleted}`)!;
			await bexio.call('invoice.revertIssue', { path: { invoice_id: deletedInBexio.id } });
			await bexio.call('invoice.delete', { path: { invoice_id: deletedInBexio.id } });
			const unsynced = await create('invoice', '2026-03-20', [12.3]);

			const changed = await run('changed');
			expect(changed.totals).toEqual({ linked: 3, sourceOnly: 2, targetOnly: 0, differences: 1 });
			expect(rowsOf(changed, 'difference')).toEqual([
				expect.objectContaining({
					sourceId: edited,
					targetId: String(editedInBexio.id),
					currency: 'EUR',
					taxRate: 0,
					sourceNet: '100.00',
					targetNet: '120.00',
					differenceNet: '20.00',
					differenceTax: '0.00',
					differenceGross: '20.00',
				}),
			]);
			const oneSide = rowsOf(changed, 'sourceOnly');
			expect(oneSide.map((r) => [r.sourceId, r.targetId, r.sourceGross, r.reason])).toEqual(
				expect.arrayContaining([
					[
						deleted,
						String(deletedInBexio.id),
						'250.85',
						`linked bexio document ${deletedInBexio.id} is gone`,
					],
					[unsynced, undefined, '12.30', 'no link: not in bexio'],
				]),
			);
			expect(oneSide).toHaveLength(2);
			// The summary holds the linked documents only: the deleted one left both sides, the edit shows as +20.00.
			expect(rowsOf(changed, 'summary')).toEqual([
				expect.objectContaining({
					sourceCount: 3,
					targetCount: 3,
					sourceGross: text(sum('totalGrossAmount') - 25085),
					differenceGross: '20.00',
				}),
			]);

			// A bexio invoice referencing a lexoffice document that no source of the period links to.
			const eur = (
				(await bexio.list('currency.getAll', {}, { returnAll: true })) as Array<{
					id: number;
					name: string;
				}>
			).find((c) => c.name === 'EUR')!.id;
			const contactId = (await bexio.call('invoice.get', {
				path: { invoice_id: editedInBexio.id },
			})) as unknown as { contact_id: number };
			const stray = (await bexio.call('invoice.create', {
				body: {
					contact_id: contactId.contact_id,
					user_id: 1,
					currency_id: eur,
					is_valid_from: '2026-03-05',
					api_reference: 'lexoffice:00000000-0000-0000-0000-000000000000',
					mwst_type: 0,
					mwst_is_net: true,
					positions: [
						{
							type: 'KbPositionCustom',
							amount: '1',
							unit_price: '7.5',
							tax_id: position.tax_id,
							text: 'Von Hand',
						},
					],
				} as never,
			})) as { id: number };
			await bexio.call('invoice.issue', { path: { invoice_id: stray.id } });
			const writes = async (system: 'bexio' | 'lexoffice', token: string) =>
				Object.entries((await stats(system, token)).byRoute).filter(
					([route]) => !route.startsWith('GET ') && !route.endsWith('/search'),
				);
			const before = {
				bexio: await writes('bexio', bex.token),
				lexoffice: await writes('lexoffice', lex.token),
			};
			const third = await run('stray');
			// Reads only: no write request to either account.
			expect({
				bexio: await writes('bexio', bex.token),
				lexoffice: await writes('lexoffice', lex.token),
			}).toEqual(before);
			expect(rowsOf(third, 'targetOnly')).toEqual([
				expect.objectContaining({
					targetId: String(stray.id),
					currency: 'EUR',
					taxRate: 0,
					targetGross: '7.50',
					date: '2026-03-05',
				}),
			]);
			expect(third.totals).toMatchObject({ targetOnly: 1, sourceOnly: 2, differences: 1 });

			await checkHistory(
				h.env.client.workflow.getHandle(`reconcile/rec-lex/rec-bexio/2026-03-01_2026-03-31/stray`),
				'reconcile',
				[lex.token, bex.token],
			);

			// The terminal command: the same report, exit code 2 (rows need a look), written as CSV and as JSON.
			const args = [
				'reconcile',
				'--from',
				'2026-03-01',
				'--to',
				'2026-03-31',
				'--lexoffice',
				'rec-lex',
				'--bexio',
				'rec-bexio',
				'--direction',
				'lexofficeToBexio',
			];
			const csvFile = join(h.dir, 'report.csv');
			const byCli = await cli([...args, '--run-key', 'cli-csv', '--out', csvFile], taskQueue);
			expect(byCli.stderr).toContain(
				'Job reconcile/rec-lex/rec-bexio/2026-03-01_2026-03-31/cli-csv',
			);
			expect(byCli.code).toBe(2);
			expect(JSON.parse(byCli.stdout.split('\n')[0])).toMatchObject({ totals: third.totals });
			expect(byCli.stdout).toContain(`difference lexofficeToBexio EUR 0 %`);
			const csv = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
			expect(csv[0].split(',').slice(0, 4)).toEqual(['row', 'direction', 'currency', 'taxRate']);
			expect(
				csv
					.slice(1)
					.map((line) => line.split(',')[0])
					.sort(),
			).toEqual(third.rows.map((r) => r.row).sort());
			const jsonFile = join(h.dir, 'report.json');
			expect(
				(await cli([...args, '--run-key', 'cli-json', '--out', jsonFile], taskQueue)).code,
			).toBe(2);
			expect((JSON.parse(readFileSync(jsonFile, 'utf8')) as ReconcileResult).rows).toEqual(
				third.rows,
			);
			// A bad period starts nothing and says what it expected.
			const bad = await cli(['reconcile', '--from', '2026-03-31', '--to', '2026-03-01'], taskQueue);
			expect(bad.code).toBe(1);
			expect(bad.stderr).toContain('--to: expected a day on or after --from (2026-03-31)');
		});
	}, 240_000);

	it('bexio → lexoffice: invoices booked by the import reconcile to zero; an issued invoice not imported is on one side only', async () => {
		const bex = await fastTenant('bexio', 'rec2-bexio');
		const lex = await fastTenant('lexoffice', 'rec2-lex');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bex.token });
		const contact = (await bexio.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Kunde AG', user_id: 1, owner_id: 1 },
		})) as { id: number };
		// lexoffice books in EUR only; 0 % exists on both sides.
		const eur = (
			(await bexio.list('currency.getAll', {}, { returnAll: true })) as Array<{
				id: number;
				name: string;
			}>
		).find((c) => c.name === 'EUR')!.id;
		const zero = (
			await records<{ id: number; value: number; type: string; is_active: boolean }>(
				'bexio',
				bex.token,
				'taxes',
			)
		).find((t) => t.type === 'sales_tax' && t.value === 0 && t.is_active)!.id;
		const invoice = async (day: string, prices: string[]) => {
			const created = (await bexio.call('invoice.create', {
				body: {
					contact_id: contact.id,
					user_id: 1,
					currency_id: eur,
					is_valid_from: day,
					positions: prices.map((p) => ({
						type: 'KbPositionCustom',
						amount: '1',
						unit_price: p,
						tax_id: zero,
						text: 'Beratung',
					})),
				} as never,
			})) as { id: number };
			await bexio.call('invoice.issue', { path: { invoice_id: created.id } });
			return String(created.id);
		};
		await invoice('2026-05-04', ['100', '20.5']);
		await invoice('2026-05-28', ['45.45']);

		const taskQueue = uniqueQueue('reconcile-b2l');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[bex.connection, lex.connection],
			h.store,
		);
		const input: ReconcileInput = {
			lexoffice: lex.ref,
			bexio: bex.ref,
			from: '2026-05-01',
			to: '2026-05-31',
			directions: ['bexioToLexoffice'],
		};
		const run = async (runKey: string): Promise<ReconcileResult> =>
			reconcileResult(
				h.env.client,
				(await startReconcile(h.env.client, { ...input, runKey, taskQueue })).workflowId,
			);

		await runWorkersUntil(workers, async () => {
			const synced = (await h.env.client.workflow.execute('invoiceSync', {
				args: [
					{
						source: bex.ref,
						target: lex.ref,
						watermarkName: `rec2-${bex.token.slice(-8)}`,
					} satisfies InvoiceSyncInput,
				],
				taskQueue,
				workflowId: `rec2-sync-${bex.token.slice(-8)}`,
			})) as InvoiceSyncResult;
			expect(synced.stats).toMatchObject({ created: 2, failed: 0 });
			// The figures lexoffice booked, added up here from its stored vouchers.
			const vouchers = await records<{ totalGrossAmount: number; totalTaxAmount: number }>(
				'lexoffice',
				lex.token,
				'vouchers',
			);
			const gross = vouchers.reduce((sum, v) => sum + cents(v.totalGrossAmount), 0);
			expect(text(gross)).toBe('165.95');

			const clean = await run('clean');
			expect(clean.totals).toEqual({ linked: 2, sourceOnly: 0, targetOnly: 0, differences: 0 });
			expect(clean.rows).toEqual([
				expect.objectContaining({
					row: 'summary',
					direction: 'bexioToLexoffice',
					currency: 'EUR',
					taxRate: 0,
					sourceCount: 2,
					targetCount: 2,
					sourceGross: text(gross),
					targetGross: text(gross),
					targetTax: '0.00',
					differenceNet: '0.00',
					differenceTax: '0.00',
					differenceGross: '0.00',
				}),
			]);

			const fresh = await invoice('2026-05-30', ['12']);
			const after = await run('after');
			expect(after.totals).toEqual({ linked: 2, sourceOnly: 1, targetOnly: 0, differences: 0 });
			expect(after.rows.filter((r) => r.row === 'sourceOnly')).toEqual([
				expect.objectContaining({
					sourceId: fresh,
					sourceGross: '12.00',
					reason: 'no link: not in lexoffice',
					date: '2026-05-30',
				}),
			]);
		});
	}, 240_000);
});
