import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { createActiveWorkflow, createCredential, n8nApi, testN8n, type N8nInstance } from '../helpers/n8n';
import { fastTenant, importWorkers, runWorkersUntil, useImportHarness } from '../helpers/imports';
import { postWhenRegistered } from '../helpers/nodeRunner';
import { records, seed, stats } from '../helpers/sandbox';
import { uniqueQueue } from '../helpers/temporal';

/**
 * Templates from workflows/ imported into a real n8n as users import them, credentials swapped for test
 * ones and the manual trigger swapped for a webhook (the only documented transformation), then executed
 * against a real worker and the sandbox; the sandbox's state afterwards is what the test asserts.
 */

jest.setTimeout(300_000);

const h = useImportHarness('templates');
let n8n: N8nInstance;
beforeAll(() => {
	n8n = testN8n();
});

const TEMPLATE_DIR = join(__dirname, '..', '..', 'workflows');

interface Template {
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }>; [k: string]: unknown }>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

/** Runs a template once: its manual trigger becomes a webhook answering with the last node's items. */
async function runTemplate(file: string, credentials: Record<string, { id: string; name: string }>): Promise<Array<Record<string, unknown>>> {
	const template = JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as Template;
	const path = `template-${randomUUID()}`;
	const nodes = template.nodes.map((node) => {
		if (node.type === 'n8n-nodes-base.manualTrigger') {
			return { ...node, type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} } };
		}
		if (!node.credentials) return node;
		const swapped = Object.fromEntries(Object.keys(node.credentials).map((type) => [type, credentials[type]]));
		return { ...node, credentials: swapped };
	});
	const id = await createActiveWorkflow(n8n, { name: `${template.name} ${path}`, nodes, connections: template.connections, settings: template.settings });
	try {
		const res = await postWhenRegistered(`${n8n.url}/webhook/${path}`, '{}');
		const body = (await res.json()) as unknown;
		if (!res.ok) throw new Error(`template ${file} failed: ${res.status} ${JSON.stringify(body)}`);
		return Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [body as Record<string, unknown>];
	} finally {
		await n8nApi(n8n, 'DELETE', `/workflows/${id}`).catch(() => undefined);
	}
}

/** Template file → its end-to-end case. A template without a case fails the guard below. */
const cases: Record<string, () => Promise<void>> = {
	'bexio-customers-to-lexoffice.json': async () => {
		const source = await fastTenant('bexio', 'bexio-default');
		const target = await fastTenant('lexoffice', 'lexoffice-default');
		await seed('bexio', source.token, 'contacts', 40);
		const taskQueue = uniqueQueue('template-customers');
		const cred = await createCredential(n8n, `Temporal ${taskQueue}`, 'temporalApi', { address: process.env.TEMPORAL_TEST_ADDRESS, namespace: 'default', tls: false, apiKey: '', taskQueue });
		const workers = await importWorkers(h.env, h.bundle, taskQueue, [source.connection, target.connection], h.store);

		await runWorkersUntil(workers, async () => {
			// First run: the plan has 40 creates, so the import runs and writes exactly them.
			const [first] = await runTemplate('bexio-customers-to-lexoffice.json', { temporalApi: cred });
			expect(first).toMatchObject({ status: 'COMPLETED', dryRun: false, stats: { processed: 40, created: 40, failed: 0 } });
			const contacts = await records<{ note?: string }>('lexoffice', target.token, 'contacts');
			expect(contacts).toHaveLength(40);
			expect(contacts.every((c) => /\[bexio-contact:\d+\]/.test(c.note ?? ''))).toBe(true);

			// Second run: the dry run plans nothing, the workflow takes the "nothing to do" branch, no write.
			const before = await stats('lexoffice', target.token);
			const [second] = await runTemplate('bexio-customers-to-lexoffice.json', { temporalApi: cred });
			expect(second).toMatchObject({ status: 'COMPLETED', dryRun: true, stats: { processed: 40, created: 0, updated: 0 } });
			const after = await stats('lexoffice', target.token);
			expect(after.byRoute['POST /v1/contacts']).toEqual(before.byRoute['POST /v1/contacts']);
			expect(await records('lexoffice', target.token, 'contacts')).toHaveLength(40);
		});
	},
};

describe('templates in a real n8n', () => {
	it('has an end-to-end case for every template in workflows/', () => {
		const files = readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.json'));
		expect(files.length).toBeGreaterThan(0);
		expect(files.filter((f) => !(f in cases))).toEqual([]);
	});

	it('keeps templates importable: a sticky note, placeholder credentials, no pinned data', () => {
		for (const file of readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.json'))) {
			const t = JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as Template & { pinData?: Record<string, unknown> };
			expect(t.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote')).toBe(true);
			for (const n of t.nodes) for (const c of Object.values(n.credentials ?? {})) expect(c.id).toBe('');
			expect(Object.keys(t.pinData ?? {})).toEqual([]);
		}
	});

	it.each(Object.keys(cases))('%s', async (file) => {
		await cases[file]();
	});
});
