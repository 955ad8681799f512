import { connectLexoffice } from '../../clients/lexoffice';
import { createSchedule, deleteSchedule, describeSchedule } from '../../temporal/schedules';
import type { InvoiceSyncResult } from '../../temporal/shared';
import { createCredential, testN8n } from '../helpers/n8n';
import {
	fastTenant,
	fireSchedule,
	importWorkers,
	runWorkersUntil,
	useImportHarness,
} from '../helpers/imports';
import { adminCall, records, sandboxUrl, seed } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';
import { activateTemplate, temporalCredential } from '../helpers/templates';
import { untilState } from '../helpers/wait';

/**
 * lexoffice-payments-to-bexio.json in a real n8n, activated as imported: a payment booked in lexoffice
 * (the sandbox sends the signed `payment.changed` event, as lexoffice does) starts the invoice sync's
 * schedule at once, and that run records the payment on the bexio invoice, by day and amount, once.
 */

jest.setTimeout(600_000);

const h = useImportHarness('template-payments');
const FILE = 'lexoffice-payments-to-bexio.json';

interface Payment {
	kb_invoice_id: number;
	date: string;
	value: string;
}

describe(FILE, () => {
	it('records each lexoffice payment on the bexio invoice through a sync run the payment event starts, and a re-run records nothing', async () => {
		const lex = await fastTenant('lexoffice', 'lexoffice-default');
		const bex = await fastTenant('bexio', 'bexio-default');
		const taskQueue = uniqueQueue('template-payments');
		const scheduleId = `payments-${taskQueue}`;
		const credentials = {
			temporalApi: await temporalCredential(taskQueue),
			lexofficeApi: await createCredential(testN8n(), `lexoffice ${taskQueue}`, 'lexofficeApi', {
				apiKey: lex.token,
				baseUrl: sandboxUrl('lexoffice'),
			}),
		};
		const lexoffice = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: lex.token });
		const customer = await lexoffice.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Zahler GmbH' } },
		});
		const [invoiceId] = (
			(await seed('lexoffice', lex.token, 'invoices', 1, {
				status: 'open',
				contactId: customer.id,
				amount: 100,
			})) as { ids: string[] }
		).ids;
		const bexioInvoice = async () =>
			(
				await records<{ id: number; api_reference: string; kb_item_status_id: number }>(
					'bexio',
					bex.token,
					'invoices',
				)
			).find((i) => i.api_reference === `lexoffice:${invoiceId}`);
		const payments = async () =>
			(await records<Payment>('bexio', bex.token, 'payments'))
				.map((p) => ({ invoice: p.kb_invoice_id, date: p.date, value: Number(p.value) }))
				.sort((a, b) => a.date.localeCompare(b.date));
		const runs = async () => (await describeSchedule(h.env.client, scheduleId)).recentActions;
		const result = (workflowId: string) =>
			h.env.client.workflow.getHandle(workflowId).result() as Promise<InvoiceSyncResult>;
		const pay = (amount: number, postingDate: string) =>
			adminCall('lexoffice', 'POST', '/payments', {
				token: lex.token,
				voucherId: invoiceId,
				amount,
				postingDate,
			});
		const workers = await importWorkers(
			h.env,
			h.bundle,
			taskQueue,
			[lex.connection, bex.connection],
			h.store,
		);

		await runWorkersUntil(workers, async () => {
			// The schedule the scheduled-invoice-sync template sets up (a timetable that does not fire here).
			await createSchedule(h.env.client, {
				scheduleId,
				workflowType: 'invoiceSync',
				taskQueue,
				spec: { cron: ['0 6 1 1 *'] },
				input: {
					source: lex.ref,
					target: bex.ref,
					since: '2000-01-01',
					taxRateMap: { '19': 8.1 },
					taxPolicy: 'keepGross',
					watermarkName: scheduleId,
				},
			});
			const template = await activateTemplate(FILE, credentials, (node) =>
				node.name === 'Sync invoices now'
					? { ...node, parameters: { ...node.parameters, scheduleId } }
					: node,
			);
			try {
				// The invoice is in bexio, still open.
				expect((await result(await fireSchedule(h.env.client, scheduleId))).stats).toMatchObject({
					created: 1,
					failed: 0,
				});
				const invoice = (await bexioInvoice())!;
				expect(invoice.kb_item_status_id).toBe(8);
				await untilState(
					'the template subscribed to payment.changed',
					() => records<{ eventType: string }>('lexoffice', lex.token, 'event-subscriptions'),
					(subscriptions) => subscriptions.some((s) => s.eventType === 'payment.changed'),
					60_000,
				);

				// A part paid in lexoffice: the event starts the next run, which records it.
				await pay(50, '2026-03-02');
				const second = await untilState('a run started by the payment', runs, (r) => r.length >= 2);
				expect(second).toHaveLength(2);
				expect(await result(second[1].workflowId)).toMatchObject({ paymentsRecorded: 1 });
				expect(await payments()).toEqual([{ invoice: invoice.id, date: '2026-03-02', value: 50 }]);
				expect((await bexioInvoice())!.kb_item_status_id).toBe(16);

				// The rest: paid in bexio too.
				await pay(69, '2026-03-09');
				const third = await untilState(
					'a run started by the second payment',
					runs,
					(r) => r.length >= 3,
				);
				expect(third).toHaveLength(3);
				expect(await result(third[2].workflowId)).toMatchObject({ paymentsRecorded: 1 });
				expect(await payments()).toEqual([
					{ invoice: invoice.id, date: '2026-03-02', value: 50 },
					{ invoice: invoice.id, date: '2026-03-09', value: 69 },
				]);
				expect((await bexioInvoice())!.kb_item_status_id).toBe(9);

				// A run without a new payment records nothing again.
				expect(await result(await fireSchedule(h.env.client, scheduleId))).toMatchObject({
					paymentsRecorded: 0,
					stats: { created: 0, failed: 0 },
				});
				expect(await payments()).toHaveLength(2);
			} finally {
				await template.remove();
				await deleteSchedule(h.env.client, scheduleId);
			}
		});
	});
});
