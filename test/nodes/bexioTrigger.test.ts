import { randomUUID } from 'node:crypto';

import { connectBexio } from '../../clients/bexio';
import {
	PACKAGE_NAME,
	awayFromPollBoundary,
	createActiveWorkflow,
	createCredential,
	emittedItems,
	n8nApi,
	testN8n,
	untilEmitted,
	untilPolled,
	type N8nInstance,
} from '../helpers/n8n';
import { adminCall, newTenant, sandboxUrl, seed, stats } from '../helpers/sandbox';

/**
 * The bexio polling trigger in a real n8n across three polls (n8n polls at most once a minute): first
 * poll starts from the newest record, the second emits exactly the changes, the third nothing.
 */

let n8n: N8nInstance;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls so far, counted by the sandbox (each poll of a small account is one request per trigger). */
async function pollCount(token: string): Promise<number> {
	const s = await stats('bexio', token);
	return Math.min(s.byRoute['POST /2.0/contact/search']?.['200'] ?? 0, s.byRoute['GET /2.0/article']?.['200'] ?? 0);
}
const untilPolledTimes = (token: string, n: number) => untilPolled(async () => (await pollCount(token)) >= n, `${n} polls`);

beforeAll(() => {
	n8n = testN8n();
});

describe('Bexio Trigger in a real n8n', () => {
	it('emits new and updated contacts once, including ones sharing the watermark second, new articles by id, changed invoices and orders, and invoice status changes', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const client = connectBexio({ baseUrl: sandboxUrl('bexio'), token });
		const existing = (await client.call('contact.create', { body: { contact_type_id: 1, name_1: 'Bestand AG', user_id: 1, owner_id: 1 } })) as { id: number; updated_at: string };
		await client.call('article.create', { body: { intern_code: 'A-1', intern_name: 'Bestand' } });
		const invoiceBody = { contact_id: existing.id, user_id: 1, positions: [{ type: 'KbPositionCustom', amount: '1', unit_price: '100', tax_id: 1, text: 'Beratung' }] };
		const draft = (await client.call('invoice.create', { body: invoiceBody })) as { id: number };
		const cred = await createCredential(n8n, `bexio poll ${token.slice(-6)}`, 'bexioApi', { accessToken: token, baseUrl: sandboxUrl('bexio') });
		const credentials = { bexioApi: { id: cred.id, name: cred.name } };
		const pollTimes = { item: [{ mode: 'everyMinute' }] };
		const workflowId = await createActiveWorkflow(n8n, {
			name: `bexio poll ${token.slice(-6)}`,
			nodes: [
				{ id: randomUUID(), name: 'Contacts', type: `${PACKAGE_NAME}.bexioTrigger`, typeVersion: 1, position: [0, 0], parameters: { authentication: 'accessToken', pollTimes, watch: 'contact' }, credentials },
				{ id: randomUUID(), name: 'Articles', type: `${PACKAGE_NAME}.bexioTrigger`, typeVersion: 1, position: [0, 200], parameters: { authentication: 'accessToken', pollTimes, watch: 'article' }, credentials },
				{ id: randomUUID(), name: 'Invoices', type: `${PACKAGE_NAME}.bexioTrigger`, typeVersion: 1, position: [0, 400], parameters: { authentication: 'accessToken', pollTimes, watch: 'invoice' }, credentials },
				{ id: randomUUID(), name: 'Statuses', type: `${PACKAGE_NAME}.bexioTrigger`, typeVersion: 1, position: [0, 600], parameters: { authentication: 'accessToken', pollTimes, watch: 'invoiceStatus' }, credentials },
				{ id: randomUUID(), name: 'Orders', type: `${PACKAGE_NAME}.bexioTrigger`, typeVersion: 1, position: [0, 800], parameters: { authentication: 'accessToken', pollTimes, watch: 'order' }, credentials },
			],
			connections: {},
		});
		await untilPolledTimes(token, 1);
		await awayFromPollBoundary();
		const polled = await pollCount(token);

		// Two new contacts stamped with exactly the watermark second, one update a few seconds later.
		const twins = (await seed('bexio', token, 'contacts', 2, { updatedAtFrom: existing.updated_at, sameTimestamp: true })) as { ids: number[] };
		await adminCall('bexio', 'POST', '/clock', { token, offsetSeconds: 5 });
		await client.call('contact.update', { path: { contact_id: existing.id }, body: { contact_type_id: 1, name_1: 'Bestand AG', user_id: 1, owner_id: 1, city: 'Luzern' } });
		const articles = [
			(await client.call('article.create', { body: { intern_code: 'A-2', intern_name: 'Neu 1' } })) as { id: number },
			(await client.call('article.create', { body: { intern_code: 'A-3', intern_name: 'Neu 2' } })) as { id: number },
		];

		// The draft invoice is issued (status and updated_at change), a second invoice and an order are new.
		await client.call('invoice.issue', { path: { invoice_id: draft.id } });
		const newInvoice = (await client.call('invoice.create', { body: invoiceBody })) as { id: number };
		const order = (await client.call('order.create', { body: invoiceBody })) as { id: number };

		await untilPolledTimes(token, polled + 1);
		const invoiceRuns = await untilEmitted(n8n, workflowId, 'Invoices', 1);
		const statusRuns = await untilEmitted(n8n, workflowId, 'Statuses', 1);
		const orderRuns = await untilEmitted(n8n, workflowId, 'Orders', 1);
		expect(invoiceRuns).toHaveLength(1);
		expect(invoiceRuns[0].map((i) => i.id).sort()).toEqual([draft.id, newInvoice.id].sort());
		expect(statusRuns).toHaveLength(1);
		expect(statusRuns[0]).toHaveLength(1);
		expect(statusRuns[0][0]).toMatchObject({ id: draft.id, kb_item_status_id: 8, previous_kb_item_status_id: 7 });
		expect(orderRuns).toHaveLength(1);
		expect(orderRuns[0].map((o) => o.id)).toEqual([order.id]);
		const contactRuns = await untilEmitted(n8n, workflowId, 'Contacts', 1);
		const articleRuns = await untilEmitted(n8n, workflowId, 'Articles', 1);
		expect(contactRuns).toHaveLength(1);
		expect(contactRuns[0].map((c) => c.id).sort()).toEqual([...twins.ids, existing.id].sort());
		expect(articleRuns).toHaveLength(1);
		expect(articleRuns[0].map((a) => a.id)).toEqual(articles.map((a) => a.id));

		await untilPolledTimes(token, polled + 2);
		await sleep(3000);
		expect(await emittedItems(n8n, workflowId, 'Contacts')).toHaveLength(1);
		expect(await emittedItems(n8n, workflowId, 'Articles')).toHaveLength(1);
		for (const node of ['Invoices', 'Statuses', 'Orders']) expect(await emittedItems(n8n, workflowId, node)).toHaveLength(1);
		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`);
	}, 300_000);
});
