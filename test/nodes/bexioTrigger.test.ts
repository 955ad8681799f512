import { randomUUID } from 'node:crypto';

import { connectBexio } from '../../clients/bexio';
import {
	PACKAGE_NAME,
	createActiveWorkflow,
	createCredential,
	n8nApi,
	testN8n,
	untilEmittedIds,
	untilExecutionsSettled,
	untilPolled,
	type N8nInstance,
} from '../helpers/n8n';
import { adminCall, newTenant, sandboxUrl, seed, stats } from '../helpers/sandbox';

/**
 * The bexio polling trigger in a real n8n, with n8n's own scheduler: n8n gives each trigger node its own
 * random second, so the test synchronises on each trigger's polls as the sandbox counts them (each watch
 * below reads its own routes) and asserts semantics: every change emitted exactly once across all
 * executions. Status changes and the cursor rules are tested poll by poll in bexioTriggerPoll.test.ts.
 */

let n8n: N8nInstance;

/**
 * The request each trigger sends exactly once per poll on a small account: contacts and invoices search by
 * updated_at on every poll (the first poll after a newest-record read), articles list by id, and orders,
 * which start empty, read the newest order on the first poll and search afterwards.
 */
const ROUTES = {
	Contacts: ['POST /2.0/contact/search'],
	Articles: ['GET /2.0/article'],
	Invoices: ['POST /2.0/kb_invoice/search'],
	Orders: ['GET /2.0/kb_order', 'POST /2.0/kb_order/search'],
} as const;
type Trigger = keyof typeof ROUTES;

/** Polls per trigger so far, as the sandbox counts them. */
async function polls(token: string): Promise<Record<Trigger, number>> {
	const s = await stats('bexio', token);
	const count = (routes: readonly string[]) =>
		routes.reduce((n, r) => n + (s.byRoute[r]?.['200'] ?? 0), 0);
	return {
		Contacts: count(ROUTES.Contacts),
		Articles: count(ROUTES.Articles),
		Invoices: count(ROUTES.Invoices),
		Orders: count(ROUTES.Orders),
	};
}
const untilEachPolledAfter = (token: string, than: Record<Trigger, number>) =>
	untilPolled(
		async () => {
			const now = await polls(token);
			return (Object.keys(ROUTES) as Trigger[]).every((t) => now[t] > than[t]);
		},
		'each trigger once more',
		// Which trigger lagged, and every status its routes were answered with.
		async () => {
			const { byRoute } = await stats('bexio', token);
			return JSON.stringify({ expectedMoreThan: than, polls: await polls(token), byRoute });
		},
	);

beforeAll(() => {
	n8n = testN8n();
});

describe('Bexio Trigger in a real n8n', () => {
	it('emits new and updated contacts once, including ones sharing the watermark second, new articles by id, changed invoices and orders, and invoice status changes', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const client = connectBexio({ baseUrl: sandboxUrl('bexio'), token });
		const existing = (await client.call('contact.create', {
			body: { contact_type_id: 1, name_1: 'Bestand AG', user_id: 1, owner_id: 1 },
		})) as { id: number; updated_at: string };
		await client.call('article.create', { body: { intern_code: 'A-1', intern_name: 'Bestand' } });
		const invoiceBody = {
			contact_id: existing.id,
			user_id: 1,
			positions: [
				{ type: 'KbPositionCustom', amount: '1', unit_price: '100', tax_id: 1, text: 'Beratung' },
			],
		};
		const draft = (await client.call('invoice.create', { body: invoiceBody })) as { id: number };
		const cred = await createCredential(n8n, `bexio poll ${token.slice(-6)}`, 'bexioApi', {
			accessToken: token,
			baseUrl: sandboxUrl('bexio'),
		});
		const credentials = { bexioApi: { id: cred.id, name: cred.name } };
		const pollTimes = { item: [{ mode: 'everyMinute' }] };
		const workflowId = await createActiveWorkflow(n8n, {
			name: `bexio poll ${token.slice(-6)}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'Contacts',
					type: `${PACKAGE_NAME}.bexioTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { authentication: 'accessToken', pollTimes, watch: 'contact' },
					credentials,
				},
				{
					id: randomUUID(),
					name: 'Articles',
					type: `${PACKAGE_NAME}.bexioTrigger`,
					typeVersion: 1,
					position: [0, 200],
					parameters: { authentication: 'accessToken', pollTimes, watch: 'article' },
					credentials,
				},
				{
					id: randomUUID(),
					name: 'Invoices',
					type: `${PACKAGE_NAME}.bexioTrigger`,
					typeVersion: 1,
					position: [0, 400],
					parameters: { authentication: 'accessToken', pollTimes, watch: 'invoice' },
					credentials,
				},
				{
					id: randomUUID(),
					name: 'Orders',
					type: `${PACKAGE_NAME}.bexioTrigger`,
					typeVersion: 1,
					position: [0, 800],
					parameters: { authentication: 'accessToken', pollTimes, watch: 'order' },
					credentials,
				},
			],
			connections: {},
		});
		// Each trigger's baseline: n8n 2.x polls once at activation but keeps that poll's cursor only once a
		// scheduled poll ran, so the changes start after each trigger's first scheduled poll (its second poll).
		await untilEachPolledAfter(token, { Contacts: 1, Articles: 1, Invoices: 1, Orders: 1 });

		// Two new contacts stamped with exactly the watermark second, one update a few seconds later.
		const twins = (await seed('bexio', token, 'contacts', 2, {
			updatedAtFrom: existing.updated_at,
			sameTimestamp: true,
		})) as { ids: number[] };
		await adminCall('bexio', 'POST', '/clock', { token, offsetSeconds: 5 });
		await client.call('contact.update', {
			path: { contact_id: existing.id },
			body: { contact_type_id: 1, name_1: 'Bestand AG', user_id: 1, owner_id: 1, city: 'Luzern' },
		});
		const articles = [
			(await client.call('article.create', {
				body: { intern_code: 'A-2', intern_name: 'Neu 1' },
			})) as { id: number },
			(await client.call('article.create', {
				body: { intern_code: 'A-3', intern_name: 'Neu 2' },
			})) as { id: number },
		];
		// The draft invoice is issued (updated_at changes), a second invoice and an order are new.
		await client.call('invoice.issue', { path: { invoice_id: draft.id } });
		const newInvoice = (await client.call('invoice.create', { body: invoiceBody })) as {
			id: number;
		};
		const order = (await client.call('order.create', { body: invoiceBody })) as { id: number };

		const expected: Record<Trigger, string[]> = {
			Contacts: [...twins.ids, existing.id].map(String),
			Articles: articles.map((a) => String(a.id)),
			Invoices: [draft.id, newInvoice.id].map(String),
			Orders: [String(order.id)],
		};
		// Every change arrives, possibly split over several polls; then each trigger polls once more with nothing new.
		for (const [node, ids] of Object.entries(expected))
			await untilEmittedIds(n8n, workflowId, node, ids);
		await untilEachPolledAfter(token, await polls(token));
		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`);
		await untilExecutionsSettled(n8n, workflowId);
		for (const [node, ids] of Object.entries(expected))
			expect({ node, emitted: await untilEmittedIds(n8n, workflowId, node, ids) }).toEqual({
				node,
				emitted: new Map(ids.map((id) => [id, 1])),
			});
		// Above the sum of the bounded waits inside (two polls of up to 300 s each, the emitted ids), so a
		// slow machine fails on the wait that did not happen, with its message, not on jest's limit.
	}, 1_200_000);
});
