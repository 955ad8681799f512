import { randomUUID } from 'node:crypto';

import { connectBexio } from '../../clients/bexio';
import { createCredential, n8nApi, testN8n } from '../helpers/n8n';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { postWhenRegistered } from '../helpers/nodeRunner';
import { holdNext, records, releaseHolds, sandboxUrl, stats, untilHeld } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';
import { activateTemplate, temporalCredential } from '../helpers/templates';
import { untilState } from '../helpers/wait';

/**
 * pos-orders-to-bexio-invoices.json in a real n8n, activated as imported, on the durable order invoice
 * job: the webhook refuses a POS without the header; one order delivered three times while its job is
 * held in the middle of writing the invoice gets one job and one issued invoice, and a delivery after
 * the job ended gets the same invoice; an order bexio would total differently is refused and leaves
 * nothing in bexio, and the corrected order is invoiced.
 */

jest.setTimeout(600_000);

const h = useImportHarness('template-pos-invoices');
const FILE = 'pos-orders-to-bexio-invoices.json';
const HEADER = 'X-POS-Key';
const CREATE_INVOICE = 'POST /2.0/kb_invoice';

interface Answer {
	status: string;
	workflowId: string;
	runId: string;
	orderId: string;
	outcome: string;
	invoiceId: number;
	contactId: number;
	contactCreated: boolean;
	invoiceStatus: string;
	total: number;
	reason?: string;
}
interface BexioInvoice {
	id: number;
	contact_id: number;
	kb_item_status_id: number;
	api_reference: string;
	total: string;
	mwst_is_net: boolean;
	positions: Array<{ text: string; amount: string; unit_price: string; tax_id: number }>;
}

const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
	orderId,
	lines: [
		{ text: 'Espresso', quantity: 2, unitPrice: 4.5, taxRate: 8.1 },
		// No rate: the job's Tax.
		{ text: 'Gipfeli', quantity: 1, unitPrice: 12 },
	],
	total: 21,
	...extra,
});

describe(FILE, () => {
	it('refuses a POS without the header and issues one invoice per order under concurrent, repeated and corrected deliveries', async () => {
		const bexio = await fastTenant('bexio', 'bexio-default');
		const taskQueue = uniqueQueue('template-pos-invoices');
		const secret = randomUUID();
		const credentials = {
			temporalApi: await temporalCredential(taskQueue),
			httpHeaderAuth: await createCredential(
				testN8n(),
				`POS header ${taskQueue}`,
				'httpHeaderAuth',
				{ name: HEADER, value: secret },
			),
		};
		const api = connectBexio({ baseUrl: sandboxUrl('bexio'), token: bexio.token });
		const taxes = (await api.list('tax.getAll', {}, { returnAll: true })) as unknown as Array<{
			id: number;
			value: string;
			type: string;
			is_active: boolean;
		}>;
		const taxOf = (rate: number) =>
			taxes.find((t) => t.type === 'sales_tax' && t.is_active && Number(t.value) === rate)!.id;
		const regular = (await api.call('contact.create', {
			body: {
				contact_type_id: 1,
				name_1: 'Stammkunde AG',
				mail: 'stamm@example.com',
				user_id: 1,
				owner_id: 1,
			},
		})) as { id: number };
		const invoices = () => records<BexioInvoice>('bexio', bexio.token, 'invoices');
		const creates = async () => (await stats('bexio', bexio.token)).byRoute[CREATE_INVOICE] ?? {};
		const url = `${testN8n().url}/webhook/pos-order`;
		const post = async (body: unknown, headers: Record<string, string> = { [HEADER]: secret }) =>
			postWhenRegistered(url, JSON.stringify(body), headers);
		const deliver = async (body: unknown) => {
			const res = await post(body);
			return { code: res.status, answer: (await res.json()) as Answer };
		};
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [bexio.connection], h.store);

		await runWorkersUntil(workers, async () => {
			// Tailored as the sticky note says: the default tax of lines without a rate (2.6 %, a shop's food rate).
			const template = await activateTemplate(FILE, credentials, (node) =>
				node.name === 'Invoice the order'
					? { ...node, parameters: { ...node.parameters, orderTaxId: taxOf(2.6) } }
					: node,
			);
			try {
				// Without the header, or with a wrong value, n8n refuses the request before the workflow runs.
				expect((await post(order('K1-0'), {})).status).toBe(403);
				expect((await post(order('K1-0'), { [HEADER]: 'guessed' })).status).toBe(403);
				expect(await invoices()).toHaveLength(0);

				// One order delivered three times while its job is inside the invoice create: bexio has
				// applied the create and holds its answer back until all three deliveries are in n8n.
				const customer = { name: 'Stammkunde AG', email: 'stamm@example.com' };
				const hold = await holdNext('bexio', bexio.token, {
					path: '/2.0/kb_invoice',
					bodyContains: 'pos:K1-1',
				});
				const first = deliver(order('K1-1', { customer }));
				await untilHeld('bexio', bexio.token, hold.id);
				const others = [deliver(order('K1-1', { customer })), deliver(order('K1-1', { customer }))];
				await untilState(
					'three deliveries of K1-1 running in n8n',
					async () =>
						(
							await n8nApi<{ data: unknown[] }>(
								testN8n(),
								'GET',
								`/executions?workflowId=${template.workflowId}&status=running`,
							)
						).data.length,
					(running) => running >= 3,
					60_000,
				);
				await releaseHolds('bexio', bexio.token);
				const answers = await Promise.all([first, ...others]);
				for (const { code, answer } of answers) {
					expect(code).toBe(200);
					expect(answer).toMatchObject({
						status: 'COMPLETED',
						orderId: 'K1-1',
						outcome: 'created',
						contactId: regular.id,
						contactCreated: false,
						invoiceStatus: 'issued',
						total: 21,
					});
				}
				// One job (the same run answered all three) and one create request.
				expect(new Set(answers.map((a) => `${a.answer.workflowId} ${a.answer.runId}`)).size).toBe(
					1,
				);
				expect(await creates()).toEqual({ '201': 1 });
				const [invoice] = await invoices();
				expect(invoice).toMatchObject({
					id: answers[0].answer.invoiceId,
					contact_id: regular.id,
					kb_item_status_id: 8,
					api_reference: 'pos:K1-1',
					mwst_is_net: false,
				});
				expect(Number(invoice.total)).toBe(21);
				expect(
					invoice.positions.map((p) => [p.text, Number(p.amount), Number(p.unit_price), p.tax_id]),
				).toEqual([
					['Espresso', 2, 4.5, taxOf(8.1)],
					['Gipfeli', 1, 12, taxOf(2.6)],
				]);

				// The order again after its job ended: the same job's invoice, nothing written.
				const again = await deliver(order('K1-1', { customer }));
				expect(again.code).toBe(200);
				expect(again.answer).toMatchObject({
					workflowId: answers[0].answer.workflowId,
					runId: answers[0].answer.runId,
					invoiceId: invoice.id,
				});
				expect(await creates()).toEqual({ '201': 1 });

				// Walk-in orders: the walk-in contact is created once, then found.
				const walkIn1 = await deliver(order('K1-2'));
				const walkIn2 = await deliver(order('K1-3'));
				expect(walkIn1.answer).toMatchObject({ status: 'COMPLETED', contactCreated: true });
				expect(walkIn2.answer).toMatchObject({
					status: 'COMPLETED',
					contactCreated: false,
					contactId: walkIn1.answer.contactId,
				});
				const contacts = await records<{ id: number; name_1: string }>(
					'bexio',
					bexio.token,
					'contacts',
				);
				expect(contacts.map((c) => c.name_1).sort()).toEqual(['Barverkauf', 'Stammkunde AG']);

				// A total bexio computes otherwise (the POS says 25): refused with the reason, the draft deleted.
				const wrong = await deliver(order('K1-4', { total: 25 }));
				expect(wrong.code).toBe(422);
				expect(wrong.answer).toMatchObject({ status: 'FAILED' });
				expect(wrong.answer.reason).toContain('bexio computed a total of 21.00, the POS 25.00');
				// A rate bexio lacks: refused before anything is written.
				const unknownRate = await deliver(
					order('K1-5', { lines: [{ text: 'Tee', unitPrice: 4, taxRate: 7.7 }], total: 4 }),
				);
				expect(unknownRate.code).toBe(422);
				expect(unknownRate.answer.reason).toContain(
					'taxRate 7.7 % is not an active bexio sales tax',
				);
				// The corrected order: its failed job runs again and invoices it.
				const fixed = await deliver(order('K1-4'));
				expect(fixed.code).toBe(200);
				expect(fixed.answer).toMatchObject({ status: 'COMPLETED', outcome: 'created', total: 21 });

				const all = await invoices();
				expect(all.map((i) => i.api_reference).sort()).toEqual([
					'pos:K1-1',
					'pos:K1-2',
					'pos:K1-3',
					'pos:K1-4',
				]);
				expect(all.every((i) => i.kb_item_status_id === 8 && Number(i.total) === 21)).toBe(true);
				// Five creates: K1-1 once, K1-2, K1-3, K1-4 refused (then deleted) and K1-4 corrected.
				expect(await creates()).toEqual({ '201': 5 });
			} finally {
				await releaseHolds('bexio', bexio.token);
				await template.remove();
			}
		});
	});
});
