import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { importResult, startImport } from '../../temporal/client';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { records, sandboxUrl } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * Tax-free documents land on the target's tax code of the same meaning, looked up, never a fixed id: a
 * lexoffice export invoice (thirdPartyCountryDelivery) on bexio's export code UEX, a bexio invoice with UEX
 * lines under lexoffice's posting category "Ausfuhrlieferungen". A meaning the target has no active code
 * for fails the document naming what to activate.
 */

const h = useImportHarness('invoice-tax-codes');

interface BexioTaxRecord {
	id: number;
	code: string;
}

describe('tax codes by meaning', () => {
	it('a lexoffice export invoice lands on bexio UEX; a tax-exempt one fails naming the code to activate', async () => {
		const source = await fastTenant('lexoffice', 'codes-lex');
		const target = await fastTenant('bexio', 'codes-bexio');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: source.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Export Ltd' } },
		});
		const invoice = async (taxType: string) =>
			(
				await lexoffice.call('invoice.create', {
					query: { finalize: true },
					body: {
						voucherDate: '2026-03-02T00:00:00.000+01:00',
						address: { contactId: customer.id },
						lineItems: [
							{
								type: 'custom',
								name: 'Maschine',
								quantity: 1,
								unitName: 'Stück',
								unitPrice: { currency: 'EUR', netAmount: 500, taxRatePercentage: 0 },
							},
						],
						totalPrice: { currency: 'EUR' },
						taxConditions: { taxType },
						shippingConditions: { shippingType: 'none' },
					} as never,
				})
			).id;
		const exported = await invoice('thirdPartyCountryDelivery');
		const exempt = await invoice('vatfree');
		const taskQueue = uniqueQueue('codes-l2b');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const result = await runWorkersUntil(workers, async () =>
			importResult(
				h.env.client,
				(
					await startImport(h.env.client, {
						kind: 'invoices',
						source: source.ref,
						target: target.ref,
						runKey: 'codes',
						taskQueue,
					})
				).workflowId,
			),
		);
		expect(result.stats).toMatchObject({ processed: 2, created: 1, failed: 1 });
		expect(result.failures).toEqual([
			{
				sourceId: exempt,
				reason: expect.stringContaining(
					'it is vatfree, and bexio has no active tax for tax-exempt turnover: activate the tax UNO (VAT form digit 230) in bexio',
				),
			},
		]);
		const uex = (await records<BexioTaxRecord>('bexio', target.token, 'taxes')).find(
			(t) => t.code === 'UEX',
		)!;
		const [written] = await records<{
			api_reference: string;
			total: string;
			positions: Array<{ tax_id: number }>;
		}>('bexio', target.token, 'invoices');
		expect(written).toMatchObject({
			api_reference: `lexoffice:${exported}`,
			total: expect.stringMatching(/^500\.0+$/),
			positions: [expect.objectContaining({ tax_id: uex.id })],
		});
	}, 240_000);

	it('a bexio invoice with UEX lines books at 0 % under lexoffice "Ausfuhrlieferungen"', async () => {
		const source = await fastTenant('bexio', 'codes-bexio-src');
		const target = await fastTenant('lexoffice', 'codes-lex-tgt');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		const contact = (await bexio.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Export AG', user_id: 1, owner_id: 1 },
		})) as { id: number };
		const uex = (await records<BexioTaxRecord>('bexio', source.token, 'taxes')).find(
			(t) => t.code === 'UEX',
		)!;
		const eur = (
			await records<{ id: number; name: string }>('bexio', source.token, 'currencies')
		).find((c) => c.name === 'EUR')!;
		const created = (await bexio.call('invoice.create', {
			body: {
				contact_id: contact.id,
				user_id: 1,
				currency_id: eur.id,
				is_valid_from: '2026-03-02',
				positions: [
					{
						type: 'KbPositionCustom',
						amount: '2',
						unit_price: '250',
						tax_id: uex.id,
						text: 'Maschine',
					},
				],
			} as never,
		})) as { id: number; document_nr: string };
		await bexio.call('invoice.issue', { path: { invoice_id: created.id } });

		const taskQueue = uniqueQueue('codes-b2l');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const result = await runWorkersUntil(workers, async () =>
			importResult(
				h.env.client,
				(
					await startImport(h.env.client, {
						kind: 'invoices',
						source: source.ref,
						target: target.ref,
						runKey: 'codes',
						collectiveContact: true,
						taskQueue,
					})
				).workflowId,
			),
		);
		expect(result.stats).toMatchObject({ processed: 1, created: 1, failed: 0 });
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: target.token });
		const categories = (await lexoffice.call('postingCategory.getAll', {})) as unknown as Array<{
			id: string;
			name: string;
		}>;
		const exports = categories.find((c) => c.name === 'Ausfuhrlieferungen')!;
		const [voucher] = await records<{
			voucherNumber: string;
			totalGrossAmount: number;
			totalTaxAmount: number;
			voucherItems: unknown[];
		}>('lexoffice', target.token, 'vouchers');
		expect(voucher).toMatchObject({
			voucherNumber: created.document_nr,
			totalGrossAmount: 500,
			totalTaxAmount: 0,
			voucherItems: [{ amount: 500, taxAmount: 0, taxRatePercent: 0, categoryId: exports.id }],
		});
	}, 240_000);
});
