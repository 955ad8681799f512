import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import {
	getProgress,
	importResult,
	startImport,
	type StartImportOptions,
} from '../../temporal/client';
import { SqliteLinkStore } from '../../temporal/store';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { adminCall, records, sandboxUrl, seed, setFaults } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('invoices');

interface BexioInvoice {
	id: number;
	document_nr: string;
	contact_id: number;
	api_reference: string | null;
	kb_item_status_id: number;
	total: string;
	title: string;
}
interface LexVoucher {
	id: string;
	type: string;
	voucherNumber: string;
	contactId?: string;
	useCollectiveContact: boolean;
	totalGrossAmount: number;
	totalTaxAmount: number;
	voucherItems: Array<{
		amount: number;
		taxAmount: number;
		taxRatePercent: number;
		categoryId: string;
	}>;
}
interface LexContact {
	id: string;
	note?: string;
	roles: { customer?: { number: number } };
}

/** lexoffice books in EUR only: bexio invoices exported there are in EUR. */
const eur = async (bexio: ReturnType<typeof connectBexio>) =>
	(
		(await bexio.list('currency.getAll', {}, { returnAll: true })) as Array<{
			id: number;
			name: string;
		}>
	).find((c) => c.name === 'EUR')!.id;

const run = async (options: Omit<StartImportOptions, 'kind'>) => {
	const { workflowId } = await startImport(h.env.client, { kind: 'invoices', ...options });
	return { workflowId, result: await importResult(h.env.client, workflowId) };
};

describe('bulkImport of invoice history', () => {
	it('lexoffice → bexio: finalised invoices and credit notes become issued bexio invoices once; a rate without mapping fails by name', async () => {
		const source = await fastTenant('lexoffice', 'inv-lex');
		const target = await fastTenant('bexio', 'inv-bexio');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: source.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Historie GmbH' } },
		});
		const open = (await seed('lexoffice', source.token, 'invoices', 4, {
			status: 'open',
			contactId: customer.id,
			amount: 200,
		})) as { ids: string[] };
		const paid = (await seed('lexoffice', source.token, 'invoices', 1, {
			status: 'paid',
			contactId: customer.id,
			amount: 80,
		})) as { ids: string[] };
		const credit = (await seed('lexoffice', source.token, 'credit-notes', 1, {
			status: 'open',
			contactId: customer.id,
			amount: 50,
		})) as { ids: string[] };
		// Skipped: voided before it was ever imported. Not listed at all: a draft and (by default) a down payment invoice.
		await seed('lexoffice', source.token, 'invoices', 1, {
			status: 'voided',
			contactId: customer.id,
		});
		await seed('lexoffice', source.token, 'invoices', 1, {
			status: 'draft',
			contactId: customer.id,
		});
		await seed('lexoffice', source.token, 'down-payment-invoices', 1, {
			status: 'open',
			contactId: customer.id,
		});
		// 7 % has no bexio sales tax and the job maps only 19 %.
		const reduced = await lexoffice.call('invoice.create', {
			query: { finalize: true },
			body: {
				voucherDate: '2026-03-02T00:00:00.000+01:00',
				address: { contactId: customer.id },
				lineItems: [
					{
						type: 'custom',
						name: 'Buch',
						quantity: 1,
						unitName: 'Stück',
						unitPrice: { currency: 'EUR', netAmount: 30, taxRatePercentage: 7 },
					},
				],
				totalPrice: { currency: 'EUR' },
				taxConditions: { taxType: 'net' },
				shippingConditions: { shippingType: 'none' },
			} as never,
		});
		const imported = [...open.ids, ...paid.ids, ...credit.ids];
		const taskQueue = uniqueQueue('invoices-l2b');
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
			pageSize: 3,
			taxRateMap: { '19': 8.1 },
			taxPolicy: 'keepGross' as const,
			taskQueue,
		};

		await runWorkersUntil(workers, async () => {
			// Dry run: the plan, and nothing written (neither invoices nor the customer).
			const dry = await run({ ...options, runKey: 'dry', dryRun: true });
			expect(dry.result.stats).toEqual({
				processed: 8,
				created: 6,
				updated: 0,
				unchanged: 0,
				skipped: 1,
				failed: 1,
			});
			expect(dry.result.planned.map((p) => p.sourceId).sort()).toEqual([...imported].sort());
			expect(dry.result.planned.every((p) => p.action === 'create')).toBe(true);
			expect(await records('bexio', target.token, 'invoices')).toHaveLength(0);
			expect(await records('bexio', target.token, 'contacts')).toHaveLength(0);

			const first = await run({ ...options, runKey: 'first' });
			expect(first.result.stats).toEqual({
				processed: 8,
				created: 6,
				updated: 0,
				unchanged: 0,
				skipped: 1,
				failed: 1,
			});
			expect(first.result.failures).toEqual([
				{ sourceId: reduced.id, reason: expect.stringContaining('tax rate 7 %') },
			]);
			expect(first.result.failures[0].reason).toContain('taxRateMap');
			const invoices = await records<BexioInvoice>('bexio', target.token, 'invoices');
			expect(invoices.map((i) => i.api_reference).sort()).toEqual(
				imported.map((id) => `lexoffice:${id}`).sort(),
			);
			// Issued (never drafts); the credit note is negative; one customer, created on its first invoice.
			expect(invoices.every((i) => i.kb_item_status_id !== 7)).toBe(true);
			expect(
				Number(invoices.find((i) => i.api_reference === `lexoffice:${credit.ids[0]}`)?.total),
			).toBeLessThan(0);
			const contacts = await records<{ id: number }>('bexio', target.token, 'contacts');
			expect(contacts).toHaveLength(1);
			expect(invoices.every((i) => i.contact_id === contacts[0].id)).toBe(true);
			// Automatic numbering (bexio's default): bexio numbers the invoice, the title carries lexoffice's number.
			const paidVoucher = (await lexoffice.call('invoice.get', { path: { id: paid.ids[0] } })) as {
				voucherNumber: string;
				voucherDate: string;
			};
			const paidInBexio = invoices.find((i) => i.api_reference === `lexoffice:${paid.ids[0]}`)!;
			expect(paidInBexio.document_nr).toMatch(/^RE-\d+$/);
			expect(paidInBexio.title).toContain(paidVoucher.voucherNumber);
			// Paid before it was imported: its payment is recorded once, on the day lexoffice booked it.
			const payments = async () =>
				(
					await records<{ kb_invoice_id: number; date: string; value: string }>(
						'bexio',
						target.token,
						'payments',
					)
				).map((p) => ({ invoice: p.kb_invoice_id, date: p.date, value: Number(p.value) }));
			expect(await payments()).toEqual([
				{ invoice: paidInBexio.id, date: paidVoucher.voucherDate.slice(0, 10), value: 95.2 },
			]);
			expect(paidInBexio.kb_item_status_id).toBe(9);

			// Re-run: nothing written; the unmapped invoice still fails, and only it.
			const again = await run({ ...options, runKey: 'again' });
			expect(again.result.stats).toEqual({
				processed: 8,
				created: 0,
				updated: 0,
				unchanged: 6,
				skipped: 1,
				failed: 1,
			});
			expect(await records('bexio', target.token, 'invoices')).toHaveLength(6);
			expect(await records('bexio', target.token, 'contacts')).toHaveLength(1);
			expect(await payments()).toHaveLength(1);
			await checkHistory(h.env.client.workflow.getHandle(again.workflowId), 'invoices-l2b', [
				source.token,
				target.token,
			]);

			// Paid in lexoffice after it was imported: the next import records that payment, and only it.
			await adminCall('lexoffice', 'POST', '/payments', {
				token: source.token,
				voucherId: open.ids[0],
				amount: 238,
				postingDate: '2026-03-10',
			});
			const afterPayment = await run({ ...options, runKey: 'after-payment' });
			expect(afterPayment.result.stats).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
			const openInBexio = invoices.find((i) => i.api_reference === `lexoffice:${open.ids[0]}`)!;
			expect(await payments()).toContainEqual({
				invoice: openInBexio.id,
				date: '2026-03-10',
				value: 238,
			});
			expect(await payments()).toHaveLength(2);
		});
	}, 180_000);

	it('bexio → lexoffice: issued invoices become bookkeeping vouchers by document number; a voucher booked by hand is not duplicated', async () => {
		const source = await fastTenant('bexio', 'inv-bexio-src');
		const target = await fastTenant('lexoffice', 'inv-lex-tgt');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		await seed('bexio', source.token, 'invoices', 5, { status: 8, amount: 100, currency: 'EUR' });
		await seed('bexio', source.token, 'invoices', 2, { status: 9, amount: 250, currency: 'EUR' });
		// Skipped: a draft and a cancelled invoice.
		await seed('bexio', source.token, 'invoices', 1, { status: 7, currency: 'EUR' });
		await seed('bexio', source.token, 'invoices', 1, { status: 19, currency: 'EUR' });
		// Issued with the reduced Swiss rate, which the job does not map.
		const taxes = (await bexio.call('tax.getAll', {
			query: { types: 'sales_tax', scope: 'active' },
		})) as unknown as Array<{ id: number; value: string }>;
		const reducedTax = taxes.find((t) => Number(t.value) === 2.6);
		const contactId = (await records<{ id: number }>('bexio', source.token, 'contacts'))[0].id;
		const reduced = (await bexio.call('invoice.create', {
			body: {
				contact_id: contactId,
				user_id: 1,
				currency_id: await eur(bexio),
				positions: [
					{
						type: 'KbPositionCustom',
						amount: '1',
						unit_price: '40',
						tax_id: reducedTax?.id,
						text: 'Buch',
					},
				],
			},
		})) as { id: number };
		await bexio.call('invoice.issue', { path: { invoice_id: reduced.id } });

		const all = await records<BexioInvoice>('bexio', source.token, 'invoices');
		const issued = all
			.filter((i) => i.kb_item_status_id === 8 || i.kb_item_status_id === 9)
			.filter((i) => i.id !== reduced.id);
		expect(issued).toHaveLength(7);
		// One of them was booked in lexoffice by hand already, under its bexio number.
		const byHand = issued[0];
		await seed('lexoffice', target.token, 'vouchers', 1, {
			type: 'salesinvoice',
			voucherNumber: byHand.document_nr,
			amount: 119,
		});

		const taskQueue = uniqueQueue('invoices-b2l');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		// keepNet: the voucher keeps bexio's net (100.00) and books lexoffice's 19 % on it.
		const options = {
			source: source.ref,
			target: target.ref,
			pageSize: 4,
			taxRateMap: { '8.1': 19 },
			taxPolicy: 'keepNet' as const,
			taskQueue,
		};

		await runWorkersUntil(workers, async () => {
			const dry = await run({ ...options, runKey: 'dry', dryRun: true });
			expect(dry.result.stats).toEqual({
				processed: 10,
				created: 6,
				updated: 0,
				unchanged: 1,
				skipped: 2,
				failed: 1,
			});
			expect(dry.result.planned.map((p) => p.sourceId).sort()).toEqual(
				issued
					.slice(1)
					.map((i) => String(i.id))
					.sort(),
			);
			expect(await records('lexoffice', target.token, 'vouchers')).toHaveLength(1);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(0);

			const first = await run({ ...options, runKey: 'first' });
			expect(first.result.stats).toEqual({
				processed: 10,
				created: 6,
				updated: 0,
				unchanged: 1,
				skipped: 2,
				failed: 1,
			});
			expect(first.result.failures).toEqual([
				{ sourceId: String(reduced.id), reason: expect.stringContaining('bexio tax rate 2.6 %') },
			]);
			expect(first.result.failures[0].reason).toContain('taxRateMap');

			const vouchers = await records<LexVoucher>('lexoffice', target.token, 'vouchers');
			expect(vouchers).toHaveLength(7);
			expect(vouchers.map((v) => v.voucherNumber).sort()).toEqual(
				issued.map((i) => i.document_nr).sort(),
			);
			const contacts = await records<LexContact>('lexoffice', target.token, 'contacts');
			expect(contacts).toHaveLength(1);
			expect(contacts[0].note).toContain(`[bexio-contact:${contactId}]`);
			for (const v of vouchers.filter((x) => x.voucherNumber !== byHand.document_nr)) {
				// 8.1 % mapped to 19 %: the net amount is kept, the tax is lexoffice's.
				const paidInvoice =
					issued.find((i) => i.document_nr === v.voucherNumber)?.kb_item_status_id === 9;
				const [net, tax, gross] = paidInvoice ? [250, 47.5, 297.5] : [100, 19, 119];
				expect(v).toMatchObject({
					type: 'salesinvoice',
					contactId: contacts[0].id,
					useCollectiveContact: false,
					totalTaxAmount: tax,
					totalGrossAmount: gross,
				});
				expect(v.voucherItems).toEqual([
					{
						amount: net,
						taxAmount: tax,
						taxRatePercent: 19,
						categoryId: '8f8664a1-fd86-11e1-a21f-0800200c9a66',
					},
				]);
			}

			// Re-run: every voucher is there; nothing is written.
			const again = await run({ ...options, runKey: 'again' });
			expect(again.result.stats).toEqual({
				processed: 10,
				created: 0,
				updated: 0,
				unchanged: 7,
				skipped: 2,
				failed: 1,
			});
			expect(await records('lexoffice', target.token, 'vouchers')).toHaveLength(7);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(1);
			await checkHistory(h.env.client.workflow.getHandle(again.workflowId), 'invoices-b2l', [
				source.token,
				target.token,
			]);
		});
	}, 180_000);

	it('bexio → lexoffice on the collective customer: one item per tax rate, gross prices netted, continue-as-new per page; a lost link store finds every voucher by its number', async () => {
		const source = await fastTenant('bexio', 'inv-bexio-coll');
		const target = await fastTenant('lexoffice', 'inv-lex-coll');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		await seed('bexio', source.token, 'invoices', 3, { status: 8, amount: 100, currency: 'EUR' });
		const contactId = (await records<{ id: number }>('bexio', source.token, 'contacts'))[0].id;
		const taxes = (await bexio.call('tax.getAll', {
			query: { types: 'sales_tax', scope: 'active' },
		})) as unknown as Array<{ id: number; value: string }>;
		const taxId = (rate: number) => taxes.find((t) => Number(t.value) === rate)?.id;
		const issue = async (body: Record<string, unknown>) => {
			const created = (await bexio.call('invoice.create', {
				body: {
					contact_id: contactId,
					user_id: 1,
					currency_id: await eur(bexio),
					...body,
				} as never,
			})) as { id: number };
			await bexio.call('invoice.issue', { path: { invoice_id: created.id } });
			return created.id;
		};
		const mixed = await issue({
			positions: [
				{
					type: 'KbPositionCustom',
					amount: '2',
					unit_price: '50',
					tax_id: taxId(8.1),
					text: 'Beratung',
				},
				{
					type: 'KbPositionCustom',
					amount: '1',
					unit_price: '50',
					tax_id: taxId(2.6),
					text: 'Buch',
				},
			],
		});
		const grossPriced = await issue({
			mwst_is_net: false,
			positions: [
				{
					type: 'KbPositionCustom',
					amount: '1',
					unit_price: '108.1',
					tax_id: taxId(8.1),
					text: 'Brutto',
				},
			],
		});
		const numberOf = async (id: number) =>
			(await records<BexioInvoice>('bexio', source.token, 'invoices')).find((i) => i.id === id)
				?.document_nr;

		const taskQueue = uniqueQueue('invoices-coll');
		const options = {
			source: source.ref,
			target: target.ref,
			pageSize: 2,
			pagesPerRun: 1,
			collectiveContact: true,
			taxRateMap: { '8.1': 19, '2.6': 7 },
			taxPolicy: 'keepNet' as const,
			taskQueue,
		};
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		await runWorkersUntil(workers, async () => {
			const first = await run({ ...options, runKey: 'first' });
			expect(first.result.stats).toEqual({
				processed: 5,
				created: 5,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			// keepNet: every voucher keeps bexio's net; the changed tax and gross are reported per document.
			expect(first.result.adjustments.map((a) => a.sourceId).sort()).toEqual(
				(await records<BexioInvoice>('bexio', source.token, 'invoices'))
					.map((i) => String(i.id))
					.sort(),
			);
			expect(first.result.adjustments.find((a) => a.sourceId === String(mixed))?.reason).toBe(
				'8.1 % → 19 %, 2.6 % → 7 % (keepNet): tax 9.40 → 22.50 EUR, gross 159.40 → 172.50 EUR',
			);
			// Index pages and import pages each moved the job to a new run.
			expect((await getProgress(h.env.client, first.workflowId)).runs).toBeGreaterThan(3);
		});
		const vouchers = await records<LexVoucher>('lexoffice', target.token, 'vouchers');
		expect(vouchers).toHaveLength(5);
		expect(vouchers.every((v) => v.useCollectiveContact && v.contactId === undefined)).toBe(true);
		expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(0);
		const byNumber = new Map(vouchers.map((v) => [v.voucherNumber, v]));
		expect(byNumber.get((await numberOf(mixed)) ?? '')).toMatchObject({
			totalGrossAmount: 172.5,
			totalTaxAmount: 22.5,
			voucherItems: [
				{ amount: 100, taxAmount: 19, taxRatePercent: 19 },
				{ amount: 50, taxAmount: 3.5, taxRatePercent: 7 },
			],
		});
		expect(byNumber.get((await numberOf(grossPriced)) ?? '')).toMatchObject({
			totalGrossAmount: 119,
			totalTaxAmount: 19,
			voucherItems: [{ amount: 100, taxAmount: 19, taxRatePercent: 19 }],
		});

		// The link store is lost: the target index (voucherlist) finds every voucher by its number.
		const fresh = new SqliteLinkStore(join(h.dir, 'links-lost-b2l.sqlite'));
		try {
			const again = await importWorkers(
				h.env,
				h.bundle,
				taskQueue,
				[source.connection, target.connection],
				fresh,
			);
			await runWorkersUntil(again, async () => {
				const second = await run({ ...options, runKey: 'second' });
				expect(second.result.stats).toEqual({
					processed: 5,
					created: 0,
					updated: 0,
					unchanged: 5,
					skipped: 0,
					failed: 0,
				});
			});
			expect(await records('lexoffice', target.token, 'vouchers')).toHaveLength(5);
		} finally {
			await fresh.close();
		}
	}, 180_000);

	it('lexoffice → bexio with down payment invoices; after a lost link store the bexio api_reference finds every invoice, and one voided since is cancelled', async () => {
		const source = await fastTenant('lexoffice', 'inv-lex-void');
		const target = await fastTenant('bexio', 'inv-bexio-void');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: source.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Anzahlung GmbH' } },
		});
		const invoices = (await seed('lexoffice', source.token, 'invoices', 3, {
			status: 'open',
			contactId: customer.id,
			amount: 120,
		})) as { ids: string[] };
		await seed('lexoffice', source.token, 'down-payment-invoices', 1, {
			status: 'open',
			contactId: customer.id,
		});
		const taskQueue = uniqueQueue('invoices-void');
		const options = {
			source: source.ref,
			target: target.ref,
			pageSize: 10,
			includeDownPayments: true,
			taxRateMap: { '19': 8.1 },
			taxPolicy: 'keepGross' as const,
			taskQueue,
		};

		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		await runWorkersUntil(workers, async () => {
			const first = await run({ ...options, runKey: 'first' });
			expect(first.result.stats).toEqual({
				processed: 4,
				created: 4,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
		});
		expect(await records('bexio', target.token, 'invoices')).toHaveLength(4);

		await adminCall('lexoffice', 'POST', '/void', {
			token: source.token,
			voucherId: invoices.ids[0],
		});
		const fresh = new SqliteLinkStore(join(h.dir, 'links-lost-l2b.sqlite'));
		try {
			const again = await importWorkers(
				h.env,
				h.bundle,
				taskQueue,
				[source.connection, target.connection],
				fresh,
			);
			await runWorkersUntil(again, async () => {
				const second = await run({ ...options, runKey: 'second' });
				expect(second.result.stats).toEqual({
					processed: 4,
					created: 0,
					updated: 1,
					unchanged: 3,
					skipped: 0,
					failed: 0,
				});
			});
		} finally {
			await fresh.close();
		}
		const after = await records<BexioInvoice>('bexio', target.token, 'invoices');
		expect(after).toHaveLength(4);
		expect(
			after.find((i) => i.api_reference === `lexoffice:${invoices.ids[0]}`)?.kb_item_status_id,
		).toBe(19);
		expect(after.filter((i) => i.kb_item_status_id === 19)).toHaveLength(1);
	}, 180_000);

	it('bexio → lexoffice with PDFs: each voucher gets its invoice PDF once; one over 5 MB fails its invoice with the reason until switched off', async () => {
		const source = await fastTenant('bexio', 'inv-bexio-pdf');
		const target = await fastTenant('lexoffice', 'inv-lex-pdf');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		await seed('bexio', source.token, 'invoices', 3, { status: 8, amount: 100, currency: 'EUR' });
		const contactId = (await records<{ id: number }>('bexio', source.token, 'contacts'))[0].id;
		const taxes = (await bexio.call('tax.getAll', {
			query: { types: 'sales_tax', scope: 'active' },
		})) as unknown as Array<{ id: number; value: string }>;
		// A position text long enough that bexio's PDF has more than lexoffice's 5 MB.
		const huge = (await bexio.call('invoice.create', {
			body: {
				contact_id: contactId,
				user_id: 1,
				currency_id: await eur(bexio),
				positions: [
					{
						type: 'KbPositionCustom',
						amount: '1',
						unit_price: '10',
						tax_id: taxes.find((t) => Number(t.value) === 8.1)?.id,
						text: 'x'.repeat(5_400_000),
					},
				],
			} as never,
		})) as { id: number };
		await bexio.call('invoice.issue', { path: { invoice_id: huge.id } });
		const invoices = await records<BexioInvoice>('bexio', source.token, 'invoices');
		const hugeNr = invoices.find((i) => i.id === huge.id)!.document_nr;

		const taskQueue = uniqueQueue('invoices-pdf');
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
			collectiveContact: true,
			taxRateMap: { '8.1': 19 },
			taxPolicy: 'keepNet' as const,
			taskQueue,
		};
		const vouchers = () =>
			records<LexVoucher & { files: string[] }>('lexoffice', target.token, 'vouchers');

		await runWorkersUntil(workers, async () => {
			const first = await run({ ...options, runKey: 'first' });
			expect(first.result.stats).toMatchObject({ processed: 4, created: 3, failed: 1 });
			expect(first.result.failures).toEqual([
				{
					sourceId: String(huge.id),
					reason: expect.stringMatching(
						new RegExp(
							`is booked, but the PDF of bexio invoice ${hugeNr} has 5\\.\\d\\d MB, more than lexoffice's 5 MB limit.*attachPdf off`,
						),
					),
				},
			]);
			const booked = await vouchers();
			expect(booked).toHaveLength(4);
			for (const voucher of booked.filter((v) => v.voucherNumber !== hugeNr)) {
				// The file is the invoice's own PDF, byte for byte.
				expect(voucher.files).toHaveLength(1);
				const invoice = invoices.find((i) => i.document_nr === voucher.voucherNumber)!;
				const pdf = (await bexio.call('invoice.getPdf', {
					path: { invoice_id: String(invoice.id) },
				})) as { content: string };
				const file = await fetch(`${sandboxUrl('lexoffice')}/v1/files/${voucher.files[0]}`, {
					headers: { Authorization: `Bearer ${target.token}`, Accept: 'application/pdf' },
				});
				expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from(pdf.content, 'base64'));
			}
			expect(booked.find((v) => v.voucherNumber === hugeNr)!.files).toEqual([]);

			// Again: the booked voucher is found, not booked twice, and its PDF still refused by name.
			const again = await run({ ...options, runKey: 'again' });
			expect(again.result.stats).toMatchObject({ processed: 4, unchanged: 3, failed: 1 });
			expect(again.result.failures[0].reason).toContain("more than lexoffice's 5 MB limit");
			// Switched off: the voucher is linked without a file; nobody else got a second file.
			const off = await run({ ...options, runKey: 'off', attachPdf: false });
			expect(off.result.stats).toMatchObject({ processed: 4, created: 1, unchanged: 3, failed: 0 });
			const after = await vouchers();
			expect(after).toHaveLength(4);
			expect(after.map((v) => v.files.length).sort()).toEqual([0, 1, 1, 1]);
		});
	}, 240_000);

	it('lost responses on every write: both directions still create each invoice exactly once', async () => {
		const lex = await fastTenant('lexoffice', 'inv-lex-lost');
		const bex = await fastTenant('bexio', 'inv-bexio-lost');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Verlust GmbH' } },
		});
		await seed('lexoffice', lex.token, 'invoices', 8, {
			status: 'open',
			contactId: customer.id,
			amount: 70,
		});
		await seed('bexio', bex.token, 'invoices', 8, { status: 8, amount: 90, currency: 'EUR' });
		const taskQueue = uniqueQueue('invoices-lost');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bex.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			// The write is applied, its answer lost (a 5xx): the intent makes the retry look it up first.
			await setFaults('bexio', bex.token, { lostResponseRate: 0.3, seed: 11 });
			const l2b = await run({
				source: lex.ref,
				target: bex.ref,
				runKey: 'lost',
				pageSize: 4,
				taxRateMap: { '19': 8.1 },
				taxPolicy: 'keepGross' as const,
				heartbeatTimeoutSeconds: 5,
				taskQueue,
			});
			await setFaults('bexio', bex.token, {});
			expect(l2b.result.stats).toEqual({
				processed: 8,
				created: 8,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 0,
			});
			const bexioInvoices = await records<BexioInvoice>('bexio', bex.token, 'invoices');
			const imported = bexioInvoices.filter((i) => i.api_reference?.startsWith('lexoffice:'));
			expect(imported).toHaveLength(8);
			expect(new Set(imported.map((i) => i.api_reference)).size).toBe(8);
			expect(imported.every((i) => i.kb_item_status_id === 8)).toBe(true);
			expect(await records('bexio', bex.token, 'contacts')).toHaveLength(2);

			await setFaults('lexoffice', lex.token, { lostResponseRate: 0.3, seed: 5 });
			const b2l = await run({
				source: bex.ref,
				target: lex.ref,
				runKey: 'lost',
				pageSize: 4,
				taxRateMap: { '8.1': 19 },
				taxPolicy: 'keepGross' as const,
				heartbeatTimeoutSeconds: 5,
				taskQueue,
			});
			await setFaults('lexoffice', lex.token, {});
			// The 8 seeded bexio invoices; the 8 just imported from lexoffice are skipped (lexoffice has them).
			expect(b2l.result.stats).toEqual({
				processed: 16,
				created: 8,
				updated: 0,
				unchanged: 0,
				skipped: 8,
				failed: 0,
			});
			const vouchers = await records<LexVoucher & { files: string[] }>(
				'lexoffice',
				lex.token,
				'vouchers',
			);
			expect(vouchers).toHaveLength(8);
			expect(new Set(vouchers.map((v) => v.voucherNumber)).size).toBe(8);
			// A create whose answer was lost got its PDF on the retry, and a repeated upload no second one.
			expect(vouchers.map((v) => v.files.length)).toEqual(Array(8).fill(1));
		});
	}, 240_000);

	it('from the command line: a dry run of bexio → lexoffice on the collective customer prints its plan and writes nothing, the import then books it', async () => {
		const source = await fastTenant('bexio', 'inv-cli-bexio');
		const target = await fastTenant('lexoffice', 'inv-cli-lex');
		await seed('bexio', source.token, 'invoices', 3, { status: 9, amount: 10, currency: 'EUR' });
		const taskQueue = uniqueQueue('invoices-cli');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const cli = (args: string[]) =>
			new Promise<{ code: number; stdout: string }>((resolve) => {
				const root = join(__dirname, '..', '..');
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
					(error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
				);
			});
		const args = [
			'import',
			'invoices',
			'--from',
			'bexio',
			'--to',
			'lexoffice',
			'--source',
			'inv-cli-bexio',
			'--target',
			'inv-cli-lex',
			'--tax-rate-map',
			'{"8.1":19}',
			'--tax-policy',
			'keepNet',
			'--collective-contact',
		];

		await runWorkersUntil(workers, async () => {
			const dry = await cli([...args, '--dry-run', '--run-key', 'dry']);
			expect(dry.code).toBe(0);
			expect(JSON.parse(dry.stdout.split('\n')[0])).toMatchObject({
				dryRun: true,
				stats: { processed: 3, created: 3, failed: 0 },
			});
			expect(dry.stdout.split('\n').filter((l) => l.startsWith('plan create '))).toHaveLength(3);
			expect(await records('lexoffice', target.token, 'vouchers')).toHaveLength(0);

			// Without PDFs: the vouchers are booked with no file.
			const real = await cli([...args, '--no-pdf', '--run-key', 'real']);
			expect(real.code).toBe(0);
			expect(JSON.parse(real.stdout.split('\n')[0])).toMatchObject({
				dryRun: false,
				stats: { processed: 3, created: 3, failed: 0 },
			});
			const vouchers = await records<LexVoucher & { files: string[] }>(
				'lexoffice',
				target.token,
				'vouchers',
			);
			expect(vouchers).toHaveLength(3);
			expect(vouchers.every((v) => v.useCollectiveContact && v.totalGrossAmount === 11.9)).toBe(
				true,
			);
			expect(vouchers.map((v) => v.files)).toEqual([[], [], []]);
		});
	}, 180_000);

	it('bexio → lexoffice past the voucher list window: more than 10,000 vouchers are indexed month by month, and one booked late is still found by its number', async () => {
		const source = await fastTenant('bexio', 'inv-bexio-window');
		const target = await fastTenant('lexoffice', 'inv-lex-window');
		await seed('bexio', source.token, 'invoices', 2, { status: 8, amount: 100, currency: 'EUR' });
		const [first, second] = (await records<BexioInvoice>('bexio', source.token, 'invoices')).sort(
			(a, b) => a.id - b.id,
		);
		await seed('lexoffice', target.token, 'vouchers', 10_050, {
			type: 'salesinvoice',
			voucherDateFrom: '2025-01-01',
			spreadDays: 400,
		});
		// Dated after all the others: beyond the first 10,000 rows in voucher date order.
		await seed('lexoffice', target.token, 'vouchers', 1, {
			type: 'salesinvoice',
			voucherNumber: second.document_nr,
			voucherDateFrom: '2026-03-01',
		});
		const taskQueue = uniqueQueue('invoices-window');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			const done = await run({
				source: source.ref,
				target: target.ref,
				runKey: 'window',
				pageSize: 250,
				collectiveContact: true,
				taxRateMap: { '8.1': 19 },
				taxPolicy: 'keepGross' as const,
				taskQueue,
			});
			expect(done.result.stats).toEqual({
				processed: 2,
				created: 1,
				updated: 0,
				unchanged: 1,
				skipped: 0,
				failed: 0,
			});
			expect((await getProgress(h.env.client, done.workflowId)).indexed).toBe(10_051);
		});
		const vouchers = await records<LexVoucher>('lexoffice', target.token, 'vouchers');
		expect(vouchers).toHaveLength(10_052);
		expect(vouchers.filter((v) => v.voucherNumber === first.document_nr)).toHaveLength(1);
		expect(vouchers.filter((v) => v.voucherNumber === second.document_nr)).toHaveLength(1);
	}, 240_000);

	it('more failures than the result holds: the first 100 in the result, all of them in the report file', async () => {
		const source = await fastTenant('bexio', 'inv-bexio-report');
		const target = await fastTenant('lexoffice', 'inv-lex-report');
		await seed('bexio', source.token, 'invoices', 105, { status: 8, amount: 10, currency: 'EUR' });
		const taskQueue = uniqueQueue('invoices-report');
		const reportDir = join(h.dir, 'reports');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
			reportDir,
		);

		await runWorkersUntil(workers, async () => {
			// No tax rate map: 8.1 % cannot be booked in lexoffice.
			const done = await run({
				source: source.ref,
				target: target.ref,
				runKey: 'report',
				pageSize: 50,
				collectiveContact: true,
				taskQueue,
			});
			expect(done.result.stats).toEqual({
				processed: 105,
				created: 0,
				updated: 0,
				unchanged: 0,
				skipped: 0,
				failed: 105,
			});
			expect(done.result.failures).toHaveLength(100);
			expect(done.result.failures[0].reason).toContain(
				'bexio tax rate 8.1 % does not exist in lexoffice',
			);
			const lines = readFileSync(done.result.failuresFile ?? '', 'utf8')
				.trim()
				.split('\n');
			expect(lines).toHaveLength(105);
			expect(JSON.parse(lines[104])).toMatchObject({
				reason: expect.stringContaining('taxRateMap'),
			});
		});
		expect(await records('lexoffice', target.token, 'vouchers')).toHaveLength(0);
	}, 180_000);
});
