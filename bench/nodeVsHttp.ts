import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { PACKAGE_NAME, createActiveWorkflow, createCredential, n8nApi, startN8n } from '../test/helpers/n8n';
import { postWhenRegistered } from '../test/helpers/nodeRunner';
import { admin, requestCounts, type Stack } from './stack';

/**
 * p6: the same job (create N lexoffice contacts from N items) in one real n8n against the same
 * sandbox ceiling (lexoffice's real 2 requests/s, which our node paces to by default), once with our Lexoffice node and once with n8n's HTTP Request node configured the
 * way a careful user would (header auth, batching of one item per 1/ceiling seconds so it stays under
 * the limit). Records per second of each; both must create exactly N contacts.
 */

export interface NodeVsHttpFigures {
	items: number;
	ceilingPerSecond: number;
	node_records_per_second: number;
	http_records_per_second: number;
	p6_node_vs_http_ratio: number;
	node_created: number;
	http_created: number;
	http_429s: number;
}

const root = join(__dirname, '..');

export async function measureNodeVsHttp(stack: Stack, options: { items: number; ceilingPerSecond: number; log(line: string): void }): Promise<NodeVsHttpFigures> {
	const { items, ceilingPerSecond: ceiling } = options;
	options.log('p6: building the package and starting a real n8n');
	execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
	execFileSync(process.execPath, [join(root, 'node_modules', 'gulp', 'bin', 'gulp.js'), 'build:assets', '--silent'], { cwd: root, stdio: 'inherit' });
	const n8n = await startN8n();
	try {
		const limit = { rateLimit: { perSecond: ceiling, burst: 2 } };
		const nodeToken = (await admin<{ token: string }>(stack, 'lexoffice', 'POST', '/tenants', limit)).token;
		const httpToken = (await admin<{ token: string }>(stack, 'lexoffice', 'POST', '/tenants', limit)).token;
		const lexCred = await createCredential(n8n, 'lexoffice bench', 'lexofficeApi', { apiKey: nodeToken, baseUrl: stack.urls.lexoffice });
		const headerCred = await createCredential(n8n, 'lexoffice bench header', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${httpToken}` });
		const body = "={{ JSON.stringify({ version: 0, roles: { customer: {} }, company: { name: $json.name } }) }}";

		const ours = {
			type: `${PACKAGE_NAME}.lexoffice`,
			typeVersion: 1,
			parameters: { resource: 'contact', operation: 'create', bodyMode: 'json', jsonBody: body },
			credentials: { lexofficeApi: { id: lexCred.id, name: lexCred.name } },
		};
		const http = {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${stack.urls.lexoffice}/v1/contacts`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: body,
				options: { batching: { batch: { batchSize: 1, batchInterval: Math.ceil(1000 / ceiling) } } },
			},
			credentials: { httpHeaderAuth: { id: headerCred.id, name: headerCred.name } },
		};
		const names = Array.from({ length: items }, (_, i) => ({ name: `Bench ${i + 1}` }));
		const nodeSeconds = await timeWorkflow(n8n, ours, names);
		const httpSeconds = await timeWorkflow(n8n, http, names);
		const nodeCreated = (await admin<unknown[]>(stack, 'lexoffice', 'GET', `/records/contacts?token=${nodeToken}`)).length;
		const httpCreated = (await admin<unknown[]>(stack, 'lexoffice', 'GET', `/records/contacts?token=${httpToken}`)).length;
		const nodeRate = nodeCreated / nodeSeconds;
		const httpRate = httpCreated / httpSeconds;
		return {
			items,
			ceilingPerSecond: ceiling,
			node_records_per_second: round(nodeRate),
			http_records_per_second: round(httpRate),
			p6_node_vs_http_ratio: round(nodeRate / httpRate),
			node_created: nodeCreated,
			http_created: httpCreated,
			http_429s: (await requestCounts(stack, 'lexoffice', httpToken)).status429,
		};
	} finally {
		await n8n.stop();
	}
}

/** Webhook → Split Out → the node; seconds n8n recorded for the execution (start to stop). */
async function timeWorkflow(n8n: Awaited<ReturnType<typeof startN8n>>, node: Record<string, unknown>, items: Array<Record<string, unknown>>): Promise<number> {
	const path = `bench-${randomUUID()}`;
	const id = await createActiveWorkflow(n8n, {
		name: `bench ${path}`,
		nodes: [
			{ id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} } },
			{ id: randomUUID(), name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.items', options: {} } },
			{ id: randomUUID(), name: 'Create Contacts', position: [400, 0], ...node },
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Create Contacts', type: 'main', index: 0 }]] },
		},
	});
	try {
		const res = await postWhenRegistered(`${n8n.url}/webhook/${path}`, JSON.stringify({ items }));
		await res.text();
		if (!res.ok) throw new Error(`bench workflow answered ${res.status}`);
		const { data } = await n8nApi<{ data: Array<{ startedAt: string; stoppedAt: string }> }>(n8n, 'GET', `/executions?workflowId=${id}&limit=1`);
		return (Date.parse(data[0].stoppedAt) - Date.parse(data[0].startedAt)) / 1000;
	} finally {
		await n8nApi(n8n, 'DELETE', `/workflows/${id}`).catch(() => undefined);
	}
}

const round = (n: number) => Math.round(n * 1000) / 1000;
