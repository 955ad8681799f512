import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import {
	importResult,
	reconcileResult,
	startImport,
	startReconcile,
	type StartImportOptions,
} from '../../temporal/client';
import { convertPerTaxRate } from '../../temporal/mappings/money';
import type { InvoiceSyncInput, InvoiceSyncResult } from '../../temporal/shared';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * Currencies both ways, through the real jobs against the sandboxes. lexoffice → bexio keeps the source's
 * currency and amounts and books the rate bexio should use (bexio's for the document date, or the job's)
 * in the invoice footer and the job's result; bexio → lexoffice converts a non-EUR invoice to EUR at a
 * stated rate, recorded with the original amounts on the voucher remark and in the result. No rate: the
 * document fails naming the fix. The sandbox bexio holds EUR at 0.93 CHF and USD at 0.80 CHF from
 * 2026-01-01 (its base currency is CHF).
 */

const h = useImportHarness('invoice-currencies');

interface BexioDocument {
	id: number;
	api_reference: string | null;
	currency_id: number;
	footer: string;
	total: string;
}
interface LexVoucher {
	voucherNumber: string;
	remark: string;
	taxType: string;
	totalGrossAmount: number;
	totalTaxAmount: number;
	voucherItems: Array<{ amount: number; taxAmount: number; taxRatePercent: number }>;
}

async function currencyIds(token: string): Promise<Map<string, number>> {
	return new Map(
		(await records<{ id: number; name: string }>('bexio', token, 'currencies')).map((c) => [
			c.name,
			c.id,
		]),
	);
}

/** Finalised EUR invoices of one customer, one per voucher date. */
async function lexofficeInvoices(token: string, dates: string[]): Promise<string[]> {
	const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token });
	const customer = await lexoffice.call('contact.create', {
		body: { version: 0, roles: { customer: {} }, company: { name: 'Kurs GmbH' } },
	});
	const ids: string[] = [];
	for (const date of dates)
		ids.push(
			(
				await lexoffice.call('invoice.create', {
					query: { finalize: true },
					body: {
						voucherDate: `${date}T00:00:00.000+01:00`,
						address: { contactId: customer.id },
						lineItems: [
							{
								type: 'custom',
								name: 'Beratung',
								quantity: 1,
								unitName: 'Stück',
								unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: 0 },
							},
						],
						totalPrice: { currency: 'EUR' },
						taxConditions: { taxType: 'net' },
						shippingConditions: { shippingType: 'none' },
					} as never,
				})
			).id,
		);
	return ids;
}

describe('invoice currencies lexoffice → bexio', () => {
	it("books an EUR invoice in EUR at bexio's rate for its date or the job's, and fails one without a rate naming the fix", async () => {
		const source = await fastTenant('lexoffice', 'fx-lex');
		const imported = await fastTenant('bexio', 'fx-bexio-import');
		const synced = await fastTenant('bexio', 'fx-bexio-sync');
		const [rated, unrated] = await lexofficeInvoices(source.token, ['2026-03-02', '2025-06-02']);
		const taskQueue = uniqueQueue('fx-l2b');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, imported.connection, synced.connection],
			h.store,
		);
		const { byImport, bySync } = await runWorkersUntil(workers, async () => {
			const options: StartImportOptions = {
				kind: 'invoices',
				source: source.ref,
				target: imported.ref,
				runKey: 'fx',
				taskQueue,
			};
			const byImport = await importResult(
				h.env.client,
				(await startImport(h.env.client, options)).workflowId,
			);
			const input: InvoiceSyncInput = {
				source: source.ref,
				target: synced.ref,
				since: '2000-01-01',
				exchangeRates: { EUR: 0.95 },
				watermarkName: `fx-${synced.token.slice(-8)}`,
			};
			const bySync: InvoiceSyncResult = await h.env.client.workflow.execute('invoiceSync', {
				args: [input],
				taskQueue,
				workflowId: `fx-sync-${synced.token.slice(-8)}`,
			});
			return { byImport, bySync };
		});

		// bexio's rate: the dated invoice is written, the one before bexio's first EUR rate fails with the fix.
		expect(byImport.stats).toMatchObject({ processed: 2, created: 1, failed: 1 });
		expect(byImport.failures).toEqual([
			{
				sourceId: unrated,
				reason: expect.stringContaining(
					'bexio has no exchange rate for EUR on 2025-06-02 and the job gives none: add the rate in bexio (Settings → Currencies → exchange rates) or give the job exchangeRates',
				),
			},
		]);
		expect(byImport.adjustments).toEqual([
			expect.objectContaining({
				sourceId: rated,
				differences: [],
				conversion: { from: 'EUR', to: 'CHF', rate: 0.93, source: 'bexio', date: '2026-01-01' },
			}),
		]);
		// The job's rate: both written at it.
		expect(bySync.stats).toMatchObject({ processed: 2, created: 2, failed: 0 });
		expect(bySync.adjustments.map((a) => a.conversion)).toEqual([
			{ from: 'EUR', to: 'CHF', rate: 0.95, source: 'job' },
			{ from: 'EUR', to: 'CHF', rate: 0.95, source: 'job' },
		]);

		for (const [target, footer] of [
			[imported, 'Exchange rate: 1 EUR = 0.93 CHF (bexio rate of 2026-01-01)'],
			[synced, 'Exchange rate: 1 EUR = 0.95 CHF (rate given to the import)'],
		] as const) {
			const eur = (await currencyIds(target.token)).get('EUR');
			const written = await records<BexioDocument>('bexio', target.token, 'invoices');
			// In the source's currency and amount (100 EUR at 0 %), with the rate on the document.
			for (const doc of written)
				expect({ currency: doc.currency_id, total: Number(doc.total), footer: doc.footer }).toEqual(
					{
						currency: eur,
						total: 100,
						// After the payment terms, when the document has any.
						footer: expect.stringMatching(new RegExp(`(^|\n)${footer.replace(/[().]/g, '\\$&')}$`)),
					},
				);
			expect(written.length).toBe(target === imported ? 1 : 2);
		}
	}, 240_000);
});

describe('invoice currencies bexio → lexoffice', () => {
	it('converts CHF and USD invoices to EUR at a stated rate with the original amounts on the remark, and keeps EUR as it is', async () => {
		const source = await fastTenant('bexio', 'fx-bexio-src');
		const byBexio = await fastTenant('lexoffice', 'fx-lex-bexio-rates');
		const byJob = await fastTenant('lexoffice', 'fx-lex-job-rates');
		await seed('bexio', source.token, 'sales_taxes', 1, { value: '19' });
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		const taxes = (await bexio.call('tax.getAll', {
			query: { types: 'sales_tax', scope: 'active' },
		})) as unknown as Array<{ id: number; value: string | number }>;
		const vat19 = taxes.find((t) => Number(t.value) === 19)!.id;
		const contact = (await bexio.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Kurs AG', user_id: 1, owner_id: 1 },
		})) as { id: number };
		const currencies = await currencyIds(source.token);
		const issue = async (currency: string) => {
			const created = (await bexio.call('invoice.create', {
				body: {
					contact_id: contact.id,
					user_id: 1,
					currency_id: currencies.get(currency),
					is_valid_from: '2026-03-02',
					positions: [
						{
							type: 'KbPositionCustom',
							amount: '1',
							unit_price: '100',
							tax_id: vat19,
							text: 'Beratung',
						},
					],
				} as never,
			})) as { id: number; document_nr: string };
			await bexio.call('invoice.issue', { path: { invoice_id: created.id } });
			return created;
		};
		const chf = await issue('CHF');
		const usd = await issue('USD');
		const eur = await issue('EUR');

		const taskQueue = uniqueQueue('fx-b2l');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, byBexio.connection, byJob.connection],
			h.store,
		);
		const run = async (target: typeof byBexio, exchangeRates?: Record<string, number>) =>
			importResult(
				h.env.client,
				(
					await startImport(h.env.client, {
						kind: 'invoices',
						source: source.ref,
						target: target.ref,
						runKey: 'fx',
						collectiveContact: true,
						exchangeRates,
						taskQueue,
					})
				).workflowId,
			);
		const { withBexio, withJob, reconciled } = await runWorkersUntil(workers, async () => {
			const withBexio = await run(byBexio);
			const withJob = await run(byJob, { EUR: 0.9 });
			// The reconciliation compares each converted pair in EUR at the rate its voucher records.
			const reconcile = await startReconcile(h.env.client, {
				lexoffice: byBexio.ref,
				bexio: source.ref,
				from: '2026-03-01',
				to: '2026-03-31',
				directions: ['bexioToLexoffice'],
				runKey: 'fx',
				taskQueue,
			});
			return {
				withBexio,
				withJob,
				reconciled: await reconcileResult(h.env.client, reconcile.workflowId),
			};
		});
		expect(reconciled.totals).toEqual({ linked: 3, sourceOnly: 0, targetOnly: 0, differences: 0 });

		const cases = [
			{
				result: withBexio,
				target: byBexio,
				doc: chf,
				rate: 1.075269,
				source: 'bexio rate of 2026-01-01',
			},
			{
				result: withBexio,
				target: byBexio,
				doc: usd,
				rate: 0.860215,
				source: 'bexio rate of 2026-01-01',
			},
			{ result: withJob, target: byJob, doc: chf, rate: 1.111111, source: "the job's rate" },
			{ result: withJob, target: byJob, doc: usd, rate: 0.888889, source: "the job's rate" },
		];
		for (const result of [withBexio, withJob])
			expect(result.stats).toMatchObject({ processed: 3, created: 3, failed: 0 });
		for (const { result, target, doc, rate, source: from } of cases) {
			const code = doc === chf ? 'CHF' : 'USD';
			const vouchers = await records<LexVoucher>('lexoffice', target.token, 'vouchers');
			const voucher = vouchers.find((v) => v.voucherNumber === doc.document_nr)!;
			const [expected] = convertPerTaxRate([{ rate: 19, net: 100, gross: 119 }], rate, 'net');
			// EUR amounts at the stated rate, consistent per item (gross = net + tax).
			expect(voucher).toMatchObject({
				taxType: 'net',
				totalGrossAmount: expected.gross,
				totalTaxAmount: expected.tax,
				voucherItems: [expect.objectContaining({ amount: expected.net, taxAmount: expected.tax })],
			});
			const conversion = `converted 1 ${code} = ${rate} EUR (${from}); original ${code} net 100.00, tax 19.00, gross 119.00`;
			expect(voucher.remark).toContain(conversion);
			expect(result.adjustments.find((a) => a.sourceId === String(doc.id))).toMatchObject({
				currency: 'EUR',
				reason: conversion,
				conversion: { from: code, to: 'EUR', rate, original: { net: 100, tax: 19, gross: 119 } },
			});
		}
		// The EUR invoice is booked as it is: no conversion, nothing reported.
		for (const [result, target] of [
			[withBexio, byBexio],
			[withJob, byJob],
		] as const) {
			const voucher = (await records<LexVoucher>('lexoffice', target.token, 'vouchers')).find(
				(v) => v.voucherNumber === eur.document_nr,
			)!;
			expect(voucher).toMatchObject({ totalGrossAmount: 119, totalTaxAmount: 19 });
			expect(voucher.remark).not.toContain('converted');
			expect(result.adjustments.map((a) => a.sourceId)).not.toContain(String(eur.id));
		}
	}, 240_000);
});
