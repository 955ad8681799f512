import { randomUUID } from 'node:crypto';

import { connectLexoffice } from '../../clients/lexoffice';
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
import { newTenant, sandboxUrl, seed, stats } from '../helpers/sandbox';

/**
 * The polling trigger in a real n8n. n8n polls at most once a minute, so this test spans three polls:
 * activation (starts from now, emits nothing), one after changes, one without changes.
 */

let n8n: N8nInstance;

/** Polls so far, counted by the sandbox: each poll of a small account is one list request per trigger. */
async function pollCount(token: string): Promise<number> {
	const s = await stats('lexoffice', token);
	return Math.min(s.byRoute['GET /v1/contacts']?.['200'] ?? 0, s.byRoute['GET /v1/voucherlist']?.['200'] ?? 0);
}
const untilPolledTimes = (token: string, n: number) => untilPolled(async () => (await pollCount(token)) >= n, `${n} polls`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(() => {
	n8n = testN8n();
});

describe('Lexoffice Polling Trigger in a real n8n', () => {
	it('emits each new or changed contact and voucher exactly once across polls, including rows that share a timestamp', async () => {
		const token = await newTenant('lexoffice', { disabled: true });
		const client = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token });
		const existing = await client.call('contact.create', { body: { version: 0, roles: { customer: {} }, company: { name: 'Bestand AG' } } });
		const cred = await createCredential(n8n, `lexoffice poll ${token.slice(-6)}`, 'lexofficeApi', { apiKey: token, baseUrl: sandboxUrl('lexoffice') });
		const credentials = { lexofficeApi: { id: cred.id, name: cred.name } };
		const everyMinute = { item: [{ mode: 'everyMinute' }] };
		const workflowId = await createActiveWorkflow(n8n, {
			name: `poll ${token.slice(-6)}`,
			nodes: [
				{ id: randomUUID(), name: 'Contacts', type: `${PACKAGE_NAME}.lexofficePollingTrigger`, typeVersion: 1, position: [0, 0], parameters: { pollTimes: everyMinute, watch: 'contacts' }, credentials },
				{
					id: randomUUID(),
					name: 'Invoices',
					type: `${PACKAGE_NAME}.lexofficePollingTrigger`,
					typeVersion: 1,
					position: [0, 200],
					parameters: { pollTimes: everyMinute, watch: 'vouchers', voucherTypes: ['invoice'], voucherStatuses: 'any' },
					credentials,
				},
			],
			connections: {},
		});
		// First poll (at activation or at the next minute): starts from now and emits nothing.
		await untilPolledTimes(token, 1);
		await awayFromPollBoundary();
		const polled = await pollCount(token);

		// Changes after activation: two new contacts, one changed, three invoices created in one go.
		const created = [
			await client.call('contact.create', { body: { version: 0, roles: { customer: {} }, company: { name: 'Neu Eins GmbH' } } }),
			await client.call('contact.create', { body: { version: 0, roles: { vendor: {} }, company: { name: 'Neu Zwei GmbH' } } }),
		];
		const current = await client.call('contact.get', { path: { id: existing.id } });
		await client.call('contact.update', { path: { id: existing.id }, body: { ...current, note: 'geändert' } });
		const invoices = (await seed('lexoffice', token, 'invoices', 3, { status: 'open' })) as { ids: string[] };

		await untilPolledTimes(token, polled + 1);
		const contactsRun = await untilEmitted(n8n, workflowId, 'Contacts', 1);
		const invoicesRun = await untilEmitted(n8n, workflowId, 'Invoices', 1);
		expect(contactsRun).toHaveLength(1);
		expect(contactsRun[0].map((c) => c.id).sort()).toEqual([...created.map((c) => c.id), existing.id].sort());
		expect(invoicesRun).toHaveLength(1);
		expect(invoicesRun[0].map((r) => r.id).sort()).toEqual([...invoices.ids].sort());

		// Nothing changed: the next poll emits nothing (no execution).
		await untilPolledTimes(token, polled + 2);
		await sleep(3000);
		expect(await emittedItems(n8n, workflowId, 'Contacts')).toHaveLength(1);
		expect(await emittedItems(n8n, workflowId, 'Invoices')).toHaveLength(1);

		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`);
	}, 300_000);
});
