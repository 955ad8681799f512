import { connectBexio } from '../../clients/bexio';
import { connectLexoffice } from '../../clients/lexoffice';
import {
	createSchedule,
	deleteSchedule,
	describeSchedule,
	triggerSchedule,
} from '../../temporal/schedules';
import type { InvoiceSyncInput, InvoiceSyncResult } from '../../temporal/shared';
import {
	checkHistory,
	fastTenant,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
	waitFor,
} from '../helpers/imports';
import { adminCall, records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

const h = useImportHarness('invoice-sync');

interface BexioInvoice {
	id: number;
	contact_id: number;
	api_reference: string | null;
	kb_item_status_id: number;
	title: string;
	total: string;
}
interface BexioContact {
	id: number;
	nr: string | null;
}

describe('invoiceSync on a Temporal schedule', () => {
	it('syncs finalised invoices and credit notes once, creates the customer on its first invoice, then only what is new, and cancels what was voided', async () => {
		const source = await fastTenant('lexoffice', 'sync-lex');
		const target = await fastTenant('bexio', 'sync-bexio');
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: source.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Kunde mit Rechnungen GmbH' } },
		});
		const customerNumber = (await lexoffice.call('contact.get', {
			path: { id: customer.id },
		})) as unknown as { roles: { customer: { number: number } } };
		const invoices = (await seed('lexoffice', source.token, 'invoices', 3, {
			status: 'open',
			contactId: customer.id,
			amount: 200,
		})) as { ids: string[] };
		const credit = (await seed('lexoffice', source.token, 'credit-notes', 1, {
			status: 'open',
			contactId: customer.id,
			amount: 50,
		})) as { ids: string[] };
		// Not synced: a draft and (by default) a down payment invoice.
		await seed('lexoffice', source.token, 'invoices', 1, {
			status: 'draft',
			contactId: customer.id,
		});
		await seed('lexoffice', source.token, 'down-payment-invoices', 1, {
			status: 'open',
			contactId: customer.id,
		});

		const taskQueue = uniqueQueue('invoice-sync');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const scheduleId = `invoice-sync-${source.token.slice(-8)}`;
		const input: InvoiceSyncInput = {
			source: source.ref,
			target: target.ref,
			since: '2000-01-01',
			taxRateMap: { '19': 8.1 },
			taxPolicy: 'keepGross',
			watermarkName: scheduleId,
		};

		await runWorkersUntil(workers, async () => {
			// Fires by its timetable (every minute) for the first run.
			await createSchedule(h.env.client, {
				scheduleId,
				workflowType: 'invoiceSync',
				input,
				spec: { everyMinutes: 1 },
				taskQueue,
			});
			try {
				const runResult = async (n: number): Promise<InvoiceSyncResult> => {
					const action = await waitFor(
						async () => (await describeSchedule(h.env.client, scheduleId)).recentActions[n - 1],
						`run ${n} of the schedule`,
						90_000,
					);
					return h.env.client.workflow
						.getHandle(action.workflowId)
						.result() as Promise<InvoiceSyncResult>;
				};
				const first = await runResult(1);
				expect(first.stats).toEqual({
					processed: 4,
					created: 4,
					updated: 0,
					unchanged: 0,
					skipped: 0,
					failed: 0,
				});
				expect(first.from).toBe('2000-01-01');

				const bexioInvoices = await records<BexioInvoice>('bexio', target.token, 'invoices');
				expect(bexioInvoices.map((i) => i.api_reference).sort()).toEqual(
					[...invoices.ids, ...credit.ids].map((id) => `lexoffice:${id}`).sort(),
				);
				// Issued, not drafts; the credit note is negative.
				expect(bexioInvoices.every((i) => i.kb_item_status_id !== 7)).toBe(true);
				const creditInBexio = bexioInvoices.find(
					(i) => i.api_reference === `lexoffice:${credit.ids[0]}`,
				);
				expect(Number(creditInBexio?.total)).toBeLessThan(0);
				// The customer was created once, with its lexoffice customer number.
				const contacts = await records<BexioContact>('bexio', target.token, 'contacts');
				expect(contacts).toHaveLength(1);
				expect(Number(contacts[0].nr)).toBe(customerNumber.roles.customer.number);
				expect(bexioInvoices.every((i) => i.contact_id === contacts[0].id)).toBe(true);

				// Two new invoices and one of the synced ones voided in lexoffice; the next run (triggered now) syncs exactly that.
				const fresh = (await seed('lexoffice', source.token, 'invoices', 2, {
					status: 'open',
					contactId: customer.id,
				})) as { ids: string[] };
				await adminCall('lexoffice', 'POST', '/void', {
					token: source.token,
					voucherId: invoices.ids[0],
				});
				await triggerSchedule(h.env.client, scheduleId);
				const second = await runResult(2);
				expect(second.stats).toMatchObject({ created: 2, updated: 1, failed: 0 });
				expect(second.stats.processed).toBe(
					second.stats.created + second.stats.updated + second.stats.unchanged,
				);
				const after = await records<BexioInvoice>('bexio', target.token, 'invoices');
				expect(after).toHaveLength(6);
				expect(
					after.filter((i) =>
						fresh.ids.map((id) => `lexoffice:${id}`).includes(i.api_reference ?? ''),
					),
				).toHaveLength(2);
				expect(
					after.find((i) => i.api_reference === `lexoffice:${invoices.ids[0]}`)?.kb_item_status_id,
				).toBe(19);
				expect(await records('bexio', target.token, 'contacts')).toHaveLength(1);

				// A third run finds nothing new: no write.
				await triggerSchedule(h.env.client, scheduleId);
				const third = await runResult(3);
				expect(third.stats).toMatchObject({ created: 0, updated: 0, failed: 0 });
				expect(await records('bexio', target.token, 'invoices')).toHaveLength(6);
				await checkHistory(
					h.env.client.workflow.getHandle(
						(await describeSchedule(h.env.client, scheduleId)).recentActions[2].workflowId,
					),
					'invoice-sync',
					[source.token, target.token],
				);
			} finally {
				await deleteSchedule(h.env.client, scheduleId);
			}
		});
	}, 240_000);

	it('bexio → lexoffice: issued invoices updated since the last run become bookkeeping vouchers, each once', async () => {
		const source = await fastTenant('bexio', 'rsync-bexio');
		const target = await fastTenant('lexoffice', 'rsync-lex');
		const bexio = connectBexio({ baseUrl: sandboxUrl('bexio'), token: source.token });
		const contact = (await bexio.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Kunde AG', user_id: 1, owner_id: 1 },
		})) as { id: number };
		// lexoffice books in EUR only: the exported invoices are in EUR.
		const eurId = (
			(await bexio.list('currency.getAll', {}, { returnAll: true })) as Array<{
				id: number;
				name: string;
			}>
		).find((c) => c.name === 'EUR')!.id;
		const invoice = async (price: string, issue: boolean) => {
			const created = (await bexio.call('invoice.create', {
				body: {
					contact_id: contact.id,
					user_id: 1,
					currency_id: eurId,
					positions: [
						{
							type: 'KbPositionCustom',
							amount: '1',
							unit_price: price,
							tax_id: 1,
							text: 'Beratung',
						},
					],
				},
			})) as { id: number; document_nr: string };
			if (issue) await bexio.call('invoice.issue', { path: { invoice_id: created.id } });
			return created;
		};
		const issued = [await invoice('100', true), await invoice('200', true)];
		await invoice('50', false);

		const taskQueue = uniqueQueue('invoice-sync-b2l');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const input: InvoiceSyncInput = {
			source: source.ref,
			target: target.ref,
			taxRateMap: { '8.1': 19 },
			taxPolicy: 'keepNet',
			watermarkName: `rsync-${source.token.slice(-8)}`,
		};
		const sync = (n: number) =>
			h.env.client.workflow.execute('invoiceSync', {
				args: [input],
				taskQueue,
				workflowId: `rsync-${source.token.slice(-8)}-${n}`,
			}) as Promise<InvoiceSyncResult>;
		const vouchers = () =>
			records<{ voucherNumber: string; type: string; totalGrossAmount: number }>(
				'lexoffice',
				target.token,
				'vouchers',
			);

		await runWorkersUntil(workers, async () => {
			const first = await sync(1);
			// The draft is read and skipped; the two issued invoices are booked.
			expect(first.stats).toEqual({
				processed: 3,
				created: 2,
				updated: 0,
				unchanged: 0,
				skipped: 1,
				failed: 0,
			});
			expect((await vouchers()).map((v) => v.voucherNumber).sort()).toEqual(
				issued.map((i) => i.document_nr).sort(),
			);
			expect((await vouchers()).every((v) => v.type === 'salesinvoice')).toBe(true);
			expect(first.watermark).toBe(first.from);

			issued.push(await invoice('300', true));
			const second = await sync(2);
			expect(second.stats).toMatchObject({ created: 1, updated: 0, failed: 0 });
			expect((await vouchers()).map((v) => v.voucherNumber).sort()).toEqual(
				issued.map((i) => i.document_nr).sort(),
			);
			expect(
				(await vouchers()).find((v) => v.voucherNumber === issued[2].document_nr)?.totalGrossAmount,
			).toBe(357);

			const third = await sync(3);
			expect(third.stats).toMatchObject({ created: 0, updated: 0, failed: 0 });
			expect(await vouchers()).toHaveLength(3);
			await checkHistory(
				h.env.client.workflow.getHandle(`rsync-${source.token.slice(-8)}-3`),
				'invoice-sync-b2l',
				[source.token, target.token],
			);
		});
	}, 180_000);
	it('lexoffice → bexio: the voucher number as document_nr where bexio numbers by hand, due date and terms, and a payment in two parts recorded exactly twice', async () => {
		const source = await fastTenant('lexoffice', 'pay-lex');
		const target = await fastTenant('bexio', 'pay-bexio');
		// This bexio account numbers invoices by hand.
		await adminCall('bexio', 'POST', '/document-settings', {
			token: target.token,
			kbItemClass: 'KbInvoice',
			useAutomaticEnumeration: false,
		});
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: source.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Zahler GmbH' } },
		});
		const [invoiceId] = (
			(await seed('lexoffice', source.token, 'invoices', 1, {
				status: 'open',
				contactId: customer.id,
				amount: 100,
				// Not bexio's default term (30 days): the due date must come from lexoffice.
				dueInDays: 14,
			})) as { ids: string[] }
		).ids;
		const [creditId] = (
			(await seed('lexoffice', source.token, 'credit-notes', 1, {
				status: 'open',
				contactId: customer.id,
				amount: 50,
			})) as { ids: string[] }
		).ids;
		const voucher = (await lexoffice.call('invoice.get', { path: { id: invoiceId } })) as {
			voucherNumber: string;
			voucherDate: string;
			dueDate: string;
			paymentConditions: { paymentTermLabel: string };
		};

		const taskQueue = uniqueQueue('invoice-sync-pay');
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[source.connection, target.connection],
			h.store,
		);
		const input: InvoiceSyncInput = {
			source: source.ref,
			target: target.ref,
			since: '2000-01-01',
			taxRateMap: { '19': 8.1 },
			taxPolicy: 'keepGross',
			watermarkName: `pay-${source.token.slice(-8)}`,
		};
		const sync = (n: number) =>
			h.env.client.workflow.execute('invoiceSync', {
				args: [input],
				taskQueue,
				workflowId: `pay-${source.token.slice(-8)}-${n}`,
			}) as Promise<InvoiceSyncResult>;
		const bexioInvoice = async (lexofficeId: string) =>
			(
				await records<
					BexioInvoice & {
						document_nr: string;
						is_valid_from: string;
						is_valid_to: string;
						footer: string;
					}
				>('bexio', target.token, 'invoices')
			).find((i) => i.api_reference === `lexoffice:${lexofficeId}`)!;
		const payments = async () =>
			(
				await records<{ kb_invoice_id: number; date: string; value: string }>(
					'bexio',
					target.token,
					'payments',
				)
			)
				.map((p) => ({ invoice: p.kb_invoice_id, date: p.date, value: Number(p.value) }))
				.sort((a, b) => a.date.localeCompare(b.date));
		const pay = (voucherId: string, amount: number, postingDate: string) =>
			adminCall('lexoffice', 'POST', '/payments', {
				token: source.token,
				voucherId,
				amount,
				postingDate,
			});

		await runWorkersUntil(workers, async () => {
			const first = await sync(1);
			expect(first.stats).toMatchObject({ created: 2, failed: 0 });
			expect(first.paymentsRecorded).toBe(0);
			const written = await bexioInvoice(invoiceId);
			expect(written.document_nr).toBe(voucher.voucherNumber);
			expect(written.is_valid_from).toBe(voucher.voucherDate.slice(0, 10));
			expect(written.is_valid_to).toBe(voucher.dueDate.slice(0, 10));
			expect(written.footer).toBe(
				`Zahlungsbedingungen: ${voucher.paymentConditions.paymentTermLabel}`,
			);
			expect(Number(written.total)).toBe(119);

			// Paid in two parts in lexoffice after the sync, each part seen by its own run; the credit note is settled too.
			await pay(invoiceId, 50, '2026-03-02');
			const second = await sync(2);
			expect(second.stats).toMatchObject({ created: 0, updated: 1, failed: 0 });
			expect(second.paymentsRecorded).toBe(1);
			expect((await bexioInvoice(invoiceId)).kb_item_status_id).toBe(16);

			await pay(invoiceId, 69, '2026-03-09');
			await pay(creditId, 59.5, '2026-03-09');
			const third = await sync(3);
			expect(third.stats).toMatchObject({ created: 0, updated: 1, failed: 0 });
			// Only the new part: the first is in bexio already.
			expect(third.paymentsRecorded).toBe(1);
			expect(await payments()).toEqual([
				{ invoice: written.id, date: '2026-03-02', value: 50 },
				{ invoice: written.id, date: '2026-03-09', value: 69 },
			]);
			expect((await bexioInvoice(invoiceId)).kb_item_status_id).toBe(9);

			// A re-run reads the same open amounts: no payment is recorded again.
			const fourth = await sync(4);
			expect(fourth.stats).toMatchObject({ created: 0, updated: 0, failed: 0 });
			expect(fourth.paymentsRecorded).toBe(0);
			expect(await payments()).toHaveLength(2);
		});
	}, 180_000);
});
