import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import { importResult, startImport, type StartImportOptions } from '../../temporal/client';
import type { InvoiceSyncInput, InvoiceSyncResult, TaxPolicy } from '../../temporal/shared';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * Money, not counts: every invoice the import and the sync write carries the source's net, tax, gross and
 * currency (within one rounding step per tax rate), or differs only as the job's tax policy allows and is
 * reported for that document. Amounts are read from the sandboxes' stored records, computed by each
 * API's own rules, never from what the job says it wrote.
 */

const h = useImportHarness('invoice-amounts');

interface Amounts {
	currency: string;
	net: number;
	tax: number;
	gross: number;
}
interface LexDocument {
	id: string;
	voucherNumber: string;
	totalPrice: {
		currency: string;
		totalNetAmount: number;
		totalTaxAmount: number;
		totalGrossAmount: number;
	};
}
interface BexioDocument {
	id: number;
	document_nr: string;
	api_reference: string | null;
	kb_item_status_id: number;
	currency_id: number;
	mwst_type: number;
	mwst_is_net: boolean;
	total: string;
	total_net: string;
	total_taxes: string;
	total_rounding_difference: number;
}
interface LexVoucher {
	type: string;
	voucherNumber: string;
	taxType: string;
	totalGrossAmount: number;
	totalTaxAmount: number;
}

/** A rounding step per tax rate of a document (both APIs round tax per rate to the cent). */
const CENT = 0.0101;
const round = (n: number) => Math.round(n * 100) / 100;

/** The lexoffice sales documents of the scenarios: several rates, net and gross pricing, discounts, 0.005 edges, a credit note. */
async function lexofficeDocuments(
	token: string,
): Promise<{ invoices: string[]; creditNotes: string[]; zeroRated: string }> {
	const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token });
	const customer = await lexoffice.call('contact.create', {
		body: { version: 0, roles: { customer: {} }, company: { name: 'Beträge GmbH' } },
	});
	const line = (
		name: string,
		quantity: number,
		price: number,
		rate: number,
		gross = false,
		discountPercentage?: number,
	) => ({
		type: 'custom',
		name,
		quantity,
		unitName: 'Stück',
		unitPrice: {
			currency: 'EUR',
			[gross ? 'grossAmount' : 'netAmount']: price,
			taxRatePercentage: rate,
		},
		...(discountPercentage ? { discountPercentage } : {}),
	});
	const invoice = async (
		lineItems: unknown[],
		taxType: 'net' | 'gross',
		totalPrice: Record<string, unknown> = {},
	) =>
		(
			await lexoffice.call('invoice.create', {
				query: { finalize: true },
				body: {
					voucherDate: '2026-03-02T00:00:00.000+01:00',
					address: { contactId: customer.id },
					lineItems,
					totalPrice: { currency: 'EUR', ...totalPrice },
					taxConditions: { taxType },
					shippingConditions: { shippingType: 'none' },
				} as never,
			})
		).id;
	const invoices = [
		// 19 % and 7 % with a line discount and a total percentage discount.
		await invoice([line('Beratung', 2, 50, 19, false, 10), line('Buch', 1, 30, 7)], 'net', {
			totalDiscountPercentage: 5,
		}),
		// Priced gross.
		await invoice(
			[line('Brutto', 1, 119, 19, true), line('Brutto ermäßigt', 3, 10.7, 7, true)],
			'gross',
		),
		// An absolute total discount and cents that round at 0.005.
		await invoice(
			[
				line('Krumm', 1, 33.33, 19),
				line('Halbe Cents', 3, 0.335, 19),
				line('Ermäßigt', 7, 1.15, 7),
			],
			'net',
			{ totalDiscountAbsolute: 10 },
		),
	];
	const zeroRated = await invoice([line('Steuerfrei', 1, 45, 0)], 'net');
	const creditNotes = [
		(
			await lexoffice.call('creditNote.create', {
				query: { finalize: true },
				body: {
					voucherDate: '2026-03-03T00:00:00.000+01:00',
					address: { contactId: customer.id },
					lineItems: [line('Gutschrift', 1, 80, 19), line('Gutschrift ermäßigt', 2, 10, 7)],
					totalPrice: { currency: 'EUR' },
					taxConditions: { taxType: 'net' },
				} as never,
			})
		).id,
	];
	return { invoices: [...invoices, zeroRated], creditNotes, zeroRated };
}

/** A bexio invoice's amounts as the sandbox computed them (gross = total; net = total before tax). */
function bexioAmounts(d: BexioDocument, currencies: Map<number, string>): Amounts {
	const tax = Number(d.total_taxes);
	const exact = Number(d.total) - Number(d.total_rounding_difference ?? 0);
	return {
		currency: currencies.get(d.currency_id) ?? `id ${d.currency_id}`,
		net: round(exact - tax),
		tax: round(tax),
		gross: Number(d.total),
	};
}

const lexAmounts = (d: LexDocument, sign: number): Amounts => ({
	currency: d.totalPrice.currency,
	net: sign * d.totalPrice.totalNetAmount,
	tax: sign * d.totalPrice.totalTaxAmount,
	gross: sign * d.totalPrice.totalGrossAmount,
});

async function bexioCurrencies(token: string): Promise<Map<number, string>> {
	return new Map(
		(await records<{ id: number; name: string }>('bexio', token, 'currencies')).map((c) => [
			c.id,
			c.name,
		]),
	);
}

/** Per lexoffice document: its amounts and the bexio invoice written for it (by api_reference). */
async function pairs(lexToken: string, bexioToken: string, creditNotes: string[]) {
	const currencies = await bexioCurrencies(bexioToken);
	const bexio = new Map(
		(await records<BexioDocument>('bexio', bexioToken, 'invoices')).map((d) => [
			d.api_reference,
			d,
		]),
	);
	const sources = [
		...(await records<LexDocument>('lexoffice', lexToken, 'invoices')),
		...(await records<LexDocument>('lexoffice', lexToken, 'credit-notes')),
	];
	return sources.map((s) => {
		const target = bexio.get(`lexoffice:${s.id}`);
		return {
			id: s.id,
			source: lexAmounts(s, creditNotes.includes(s.id) ? -1 : 1),
			target: target && bexioAmounts(target, currencies),
			status: target?.kb_item_status_id,
		};
	});
}

const within = (a: number, b: number, allowed: number) => Math.abs(a - b) <= allowed;

const MAPPED: Record<number, number> = { 19: 8.1, 7: 2.6, 0: 0 };

/** Per lexoffice document: its tax breakdown (rate, net, tax), signed like the bexio document. */
async function taxBreakdown(
	token: string,
	creditNotes: string[],
): Promise<Map<string, Array<{ rate: number; net: number; tax: number }>>> {
	type WithTaxes = LexDocument & {
		taxAmounts: Array<{ taxRatePercentage: number; netAmount: number; taxAmount: number }>;
	};
	const docs = [
		...(await records<WithTaxes>('lexoffice', token, 'invoices')),
		...(await records<WithTaxes>('lexoffice', token, 'credit-notes')),
	];
	return new Map(
		docs.map((d) => [
			d.id,
			d.taxAmounts.map((t) => ({
				rate: t.taxRatePercentage,
				net: (creditNotes.includes(d.id) ? -1 : 1) * t.netAmount,
				tax: (creditNotes.includes(d.id) ? -1 : 1) * t.taxAmount,
			})),
		]),
	);
}

/** The tax at the Swiss rates: on the kept gross (keepGross) or on the kept net (keepNet). */
function expectedTax(
	groups: Array<{ rate: number; net: number; tax: number }>,
	policy: TaxPolicy,
): number {
	return groups.reduce((sum, g) => {
		const to = MAPPED[g.rate];
		const gross = g.net + g.tax;
		return sum + (policy === 'keepGross' ? gross - gross / (1 + to / 100) : (g.net * to) / 100);
	}, 0);
}

describe('invoice amounts lexoffice → bexio', () => {
	const run = async (options: Omit<StartImportOptions, 'kind'>) =>
		importResult(
			h.env.client,
			(await startImport(h.env.client, { kind: 'invoices', ...options })).workflowId,
		);

	it('the import and the sync keep net, tax, gross and currency where bexio has the rates, in both pricings, with discounts and credit notes', async () => {
		const source = await fastTenant('lexoffice', 'amounts-lex');
		// One bexio account for the import, one for the sync; each also holds 19 % and 7 % (registered for German VAT).
		const imported = await fastTenant('bexio', 'amounts-bexio-import');
		const synced = await fastTenant('bexio', 'amounts-bexio-sync');
		for (const t of [imported, synced])
			for (const value of ['19', '7']) await seed('bexio', t.token, 'sales_taxes', 1, { value });
		const docs = await lexofficeDocuments(source.token);
		const taskQueue = uniqueQueue('amounts-exact');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, imported.connection, synced.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const byImport = await run({
				source: source.ref,
				target: imported.ref,
				runKey: 'exact',
				taskQueue,
			});
			expect(byImport.stats).toMatchObject({ processed: 5, created: 5, failed: 0 });
			// Nothing changed; each EUR invoice only records the rate bexio books it at (its base is CHF).
			expect(byImport.adjustments.filter((a) => a.differences.length)).toEqual([]);
			expect(byImport.adjustments.map((a) => a.conversion?.from)).toEqual(Array(5).fill('EUR'));
			const input: InvoiceSyncInput = {
				source: source.ref,
				target: synced.ref,
				since: '2000-01-01',
				watermarkName: `amounts-${synced.token.slice(-8)}`,
			};
			const bySync: InvoiceSyncResult = await h.env.client.workflow.execute('invoiceSync', {
				args: [input],
				taskQueue,
				workflowId: `amounts-sync-${synced.token.slice(-8)}`,
			});
			expect(bySync.stats).toMatchObject({ processed: 5, created: 5, failed: 0 });
			expect(bySync.adjustments.filter((a) => a.differences.length)).toEqual([]);
		});

		for (const target of [imported, synced]) {
			const written = await pairs(source.token, target.token, docs.creditNotes);
			expect(written).toHaveLength(5);
			for (const { id, source: s, target: t, status } of written) {
				expect({ id, currency: t?.currency, status }).toEqual({ id, currency: 'EUR', status: 8 });
				// Within one cent per tax rate: both APIs round tax per rate.
				expect({
					id,
					net: within(s.net, t!.net, 2 * CENT),
					tax: within(s.tax, t!.tax, 2 * CENT),
					gross: within(s.gross, t!.gross, CENT),
				}).toEqual({ id, net: true, tax: true, gross: true });
			}
		}
	}, 240_000);

	it.each<{ policy: TaxPolicy; kept: 'gross' | 'net' }>([
		{ policy: 'keepGross', kept: 'gross' },
		{ policy: 'keepNet', kept: 'net' },
	])(
		'with Swiss rates only, $policy keeps the $kept and the currency and reports every other difference per document',
		async ({ policy, kept }) => {
			const source = await fastTenant('lexoffice', `amounts-lex-${policy}`);
			const target = await fastTenant('bexio', `amounts-bexio-${policy}`);
			const docs = await lexofficeDocuments(source.token);
			const taskQueue = uniqueQueue(`amounts-${policy}`);
			const workers = await importWorkers(
				h.env,
				h.bundle,
				taskQueue,
				[source.connection, target.connection],
				h.store,
			);
			const options = {
				source: source.ref,
				target: target.ref,
				taxRateMap: { '19': 8.1, '7': 2.6 },
				taskQueue,
			};

			await runWorkersUntil(workers, async () => {
				// The default policy writes nothing with a changed rate and says what each policy would change.
				const refused = await run({ ...options, runKey: 'default' });
				expect(refused.stats).toMatchObject({ processed: 5, created: 1, failed: 4 });
				for (const f of refused.failures)
					expect(f.reason).toMatch(
						/keeping the gross \(taxPolicy keepGross\) changes .*; keeping the net \(taxPolicy keepNet\) changes /,
					);
				expect(
					(await records<BexioDocument>('bexio', target.token, 'invoices')).map(
						(i) => i.api_reference,
					),
				).toEqual([`lexoffice:${docs.zeroRated}`]);

				const result = await run({ ...options, runKey: policy, taxPolicy: policy });
				expect(result.stats).toMatchObject({ processed: 5, created: 4, unchanged: 1, failed: 0 });
				const written = await pairs(source.token, target.token, docs.creditNotes);
				const breakdown = await taxBreakdown(source.token, docs.creditNotes);
				for (const { id, source: s, target: t } of written) {
					expect({ id, currency: t?.currency, kept: within(s[kept], t![kept], CENT) }).toEqual({
						id,
						currency: 'EUR',
						kept: true,
					});
					// The tax is the mapped rate's on what the policy keeps (computed here from lexoffice's own breakdown).
					expect({
						id,
						tax: within(expectedTax(breakdown.get(id)!, policy), t!.tax, 2 * CENT),
					}).toEqual({ id, tax: true });
					const adjustment = result.adjustments.find((a) => a.sourceId === id);
					const changed = (['net', 'tax', 'gross'] as const).filter(
						(f) => !within(s[f], t![f], 2 * CENT),
					);
					// Every amount that differs is reported for its document, with the source and target figures.
					expect({ id, reported: (adjustment?.differences ?? []).map((d) => d.field) }).toEqual({
						id,
						reported: changed,
					});
					for (const d of adjustment?.differences ?? [])
						expect({
							id,
							source: within(d.source, s[d.field], CENT),
							target: within(d.target, t![d.field], CENT),
						}).toEqual({ id, source: true, target: true });
					if (adjustment?.policy) expect(adjustment.reason).toContain(`(${policy})`);
				}
				// Everything but the 0 % invoice had a rate changed, so each of them is reported.
				expect(
					result.adjustments
						.filter((a) => a.policy)
						.map((a) => a.sourceId)
						.sort(),
				).toEqual(
					written
						.filter((w) => w.id !== docs.zeroRated)
						.map((w) => w.id)
						.sort(),
				);
			});
		},
		240_000,
	);
});

describe('invoice amounts bexio → lexoffice', () => {
	it('bookkeeping vouchers keep net, tax and gross at rates lexoffice has, keepGross keeps the gross of a Swiss rate, and a CHF invoice without an EUR rate for its date fails with the reason', async () => {
		const source = await fastTenant('bexio', 'amounts-bexio-src');
		const target = await fastTenant('lexoffice', 'amounts-lex-tgt');
		for (const value of ['19', '7']) await seed('bexio', source.token, 'sales_taxes', 1, { value });
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		const contact = (await bexio.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Betrag AG', user_id: 1, owner_id: 1 },
		})) as { id: number };
		const taxes = (await bexio.call('tax.getAll', {
			query: { types: 'sales_tax', scope: 'active' },
		})) as unknown as Array<{ id: number; value: string | number }>;
		const taxId = (rate: number) => taxes.find((t) => Number(t.value) === rate)!.id;
		const currencies = await bexioCurrencies(source.token);
		const currencyId = (code: string) => [...currencies].find(([, name]) => name === code)![0];
		const issue = async (body: Record<string, unknown>, currency = 'EUR') => {
			const created = (await bexio.call('invoice.create', {
				body: {
					contact_id: contact.id,
					user_id: 1,
					currency_id: currencyId(currency),
					...body,
				} as never,
			})) as { id: number };
			await bexio.call('invoice.issue', { path: { invoice_id: created.id } });
			return String(created.id);
		};
		const position = (amount: number, price: number, rate: number, discount?: number) => ({
			type: 'KbPositionCustom',
			amount: String(amount),
			unit_price: String(price),
			tax_id: taxId(rate),
			text: `${rate} %`,
			...(discount ? { discount_in_percent: String(discount) } : {}),
		});
		const exact = [
			await issue({
				positions: [
					position(2, 50, 19, 10),
					position(1, 30, 7),
					{ type: 'KbPositionDiscount', text: 'Rabatt', is_percentual: true, value: '5' },
				],
			}),
			await issue({ mwst_is_net: false, positions: [position(1, 119, 19), position(3, 10.7, 7)] }),
			await issue({ positions: [position(-1, 80, 19), position(-2, 10, 7)] }),
			await issue({ positions: [position(1, 45, 0)] }),
		];
		const swiss = await issue({ positions: [position(1, 100, 8.1)] });
		// Before bexio's first EUR rate (2026-01-01): nothing to convert at.
		const chf = await issue(
			{ is_valid_from: '2025-06-02', positions: [position(1, 100, 19)] },
			'CHF',
		);

		const taskQueue = uniqueQueue('amounts-b2l');
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
						runKey: 'amounts',
						collectiveContact: true,
						taxRateMap: { '8.1': 19 },
						taxPolicy: 'keepGross',
						taskQueue,
					})
				).workflowId,
			),
		);
		expect(result.stats).toMatchObject({ processed: 6, created: 5, failed: 1 });
		expect(result.failures).toEqual([
			{
				sourceId: chf,
				reason: expect.stringContaining(
					'bexio has no exchange rate for EUR on 2025-06-02 and the job gives none',
				),
			},
		]);
		expect(result.adjustments.map((a) => a.sourceId)).toEqual([swiss]);

		const bexioDocs = new Map(
			(await records<BexioDocument>('bexio', source.token, 'invoices')).map((d) => [
				String(d.id),
				d,
			]),
		);
		const vouchers = new Map(
			(await records<LexVoucher>('lexoffice', target.token, 'vouchers')).map((v) => [
				v.voucherNumber,
				v,
			]),
		);
		expect(vouchers.size).toBe(5);
		for (const id of [...exact, swiss]) {
			const b = bexioAmounts(bexioDocs.get(id)!, currencies);
			const v = vouchers.get(bexioDocs.get(id)!.document_nr)!;
			const sign = v.type === 'salescreditnote' ? -1 : 1;
			const booked = {
				gross: sign * v.totalGrossAmount,
				tax: sign * v.totalTaxAmount,
				net: sign * round(v.totalGrossAmount - v.totalTaxAmount),
			};
			expect({ id, type: v.type }).toEqual({
				id,
				type: b.gross < 0 ? 'salescreditnote' : 'salesinvoice',
			});
			const fields = id === swiss ? (['gross'] as const) : (['net', 'tax', 'gross'] as const);
			for (const f of fields)
				expect({ id, f, ok: within(b[f], booked[f], 2 * CENT) }).toEqual({ id, f, ok: true });
		}
		expect(vouchers.has(bexioDocs.get(chf)!.document_nr)).toBe(false);
	}, 240_000);
});
