import { randomUUID } from 'node:crypto';

import { connectBexio } from '../../clients/bexio';
import { PACKAGE_NAME, createActiveWorkflow, createCredential, n8nApi, testN8n, type N8nInstance } from '../helpers/n8n';
import { adminCall, newTenant, sandboxUrl, seed, stats } from '../helpers/sandbox';

/**
 * The bexio polling trigger in a real n8n across three polls (n8n polls at most once a minute): first
 * poll starts from the newest record, the second emits exactly the changes, the third nothing.
 */

let n8n: N8nInstance;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Execution {
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

async function emitted(workflowId: string, node: string): Promise<Array<Array<Record<string, unknown>>>> {
	const res = await n8nApi<{ data: Execution[] }>(n8n, 'GET', `/executions?workflowId=${workflowId}&includeData=true&limit=100`);
	return res.data
		.map((e) => e.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.map((i) => i.json))
		.filter((items): items is Array<Record<string, unknown>> => Array.isArray(items));
}

/** Polls so far, counted by the sandbox (each poll of a small account is one request per trigger). */
async function untilPolled(token: string, n: number): Promise<void> {
	for (let i = 0; i < 200; i++) {
		const s = await stats('bexio', token);
		if ((s.byRoute['POST /2.0/contact/search']?.['200'] ?? 0) >= n && (s.byRoute['GET /2.0/article']?.['200'] ?? 0) >= n) return;
		await sleep(1000);
	}
	throw new Error(`n8n did not poll ${n} times`);
}

async function untilEmitted(workflowId: string, node: string, count: number): Promise<Array<Array<Record<string, unknown>>>> {
	for (let i = 0; i < 40; i++) {
		const runs = await emitted(workflowId, node);
		if (runs.length >= count) return runs;
		await sleep(500);
	}
	return emitted(workflowId, node);
}

beforeAll(() => {
	n8n = testN8n();
});

describe('Bexio Trigger in a real n8n', () => {
	it('emits new and updated contacts once, including ones sharing the watermark second, and new articles by id', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const client = connectBexio({ baseUrl: sandboxUrl('bexio'), token });
		const existing = (await client.call('contact.create', { body: { contact_type_id: 1, name_1: 'Bestand AG', user_id: 1, owner_id: 1 } })) as { id: number; updated_at: string };
		await client.call('article.create', { body: { intern_code: 'A-1', intern_name: 'Bestand' } });
		const cred = await createCredential(n8n, `bexio poll ${token.slice(-6)}`, 'bexioApi', { accessToken: token, baseUrl: sandboxUrl('bexio') });
		const credentials = { bexioApi: { id: cred.id, name: cred.name } };
		const pollTimes = { item: [{ mode: 'everyMinute' }] };
		const workflowId = await createActiveWorkflow(n8n, {
			name: `bexio poll ${token.slice(-6)}`,
			nodes: [
				{ id: randomUUID(), name: 'Contacts', type: `${PACKAGE_NAME}.bexioTrigger`, typeVersion: 1, position: [0, 0], parameters: { authentication: 'accessToken', pollTimes, watch: 'contact' }, credentials },
				{ id: randomUUID(), name: 'Articles', type: `${PACKAGE_NAME}.bexioTrigger`, typeVersion: 1, position: [0, 200], parameters: { authentication: 'accessToken', pollTimes, watch: 'article' }, credentials },
			],
			connections: {},
		});
		await untilPolled(token, 1);

		// Two new contacts stamped with exactly the watermark second, one update a few seconds later.
		const twins = (await seed('bexio', token, 'contacts', 2, { updatedAtFrom: existing.updated_at, sameTimestamp: true })) as { ids: number[] };
		await adminCall('bexio', 'POST', '/clock', { token, offsetSeconds: 5 });
		await client.call('contact.update', { path: { contact_id: existing.id }, body: { contact_type_id: 1, name_1: 'Bestand AG', user_id: 1, owner_id: 1, city: 'Luzern' } });
		const articles = [
			(await client.call('article.create', { body: { intern_code: 'A-2', intern_name: 'Neu 1' } })) as { id: number },
			(await client.call('article.create', { body: { intern_code: 'A-3', intern_name: 'Neu 2' } })) as { id: number },
		];

		await untilPolled(token, 2);
		const contactRuns = await untilEmitted(workflowId, 'Contacts', 1);
		const articleRuns = await untilEmitted(workflowId, 'Articles', 1);
		expect(contactRuns).toHaveLength(1);
		expect(contactRuns[0].map((c) => c.id).sort()).toEqual([...twins.ids, existing.id].sort());
		expect(articleRuns).toHaveLength(1);
		expect(articleRuns[0].map((a) => a.id)).toEqual(articles.map((a) => a.id));

		await untilPolled(token, 3);
		await sleep(3000);
		expect(await emitted(workflowId, 'Contacts')).toHaveLength(1);
		expect(await emitted(workflowId, 'Articles')).toHaveLength(1);
		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`);
	}, 300_000);
});
