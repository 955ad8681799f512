import { randomUUID } from 'node:crypto';

import { connectLexoffice } from '../../clients/lexoffice';
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
import { newTenant, sandboxUrl, seed, stats } from '../helpers/sandbox';

/**
 * The polling trigger in a real n8n, with n8n's own scheduler: n8n gives each trigger node its own random
 * second, so the test synchronises on each trigger's polls as the sandbox counts them (one list route per
 * trigger) and asserts semantics, not timing: every change is emitted exactly once across all executions.
 * The cursor rules themselves are tested poll by poll in lexofficePollingTriggerPoll.test.ts.
 */

let n8n: N8nInstance;

/** Polls per trigger so far: Contacts lists /v1/contacts, Invoices /v1/voucherlist (one request each on a small account). */
async function polls(token: string): Promise<{ contacts: number; vouchers: number }> {
	const s = await stats('lexoffice', token);
	return {
		contacts: s.byRoute['GET /v1/contacts']?.['200'] ?? 0,
		vouchers: s.byRoute['GET /v1/voucherlist']?.['200'] ?? 0,
	};
}
/** Until each trigger has polled more often than `than` says. */
const untilEachPolledAfter = (token: string, than: { contacts: number; vouchers: number }) =>
	untilPolled(async () => {
		const now = await polls(token);
		return now.contacts > than.contacts && now.vouchers > than.vouchers;
	}, 'each trigger once more');

beforeAll(() => {
	n8n = testN8n();
});

describe('Lexoffice Polling Trigger in a real n8n', () => {
	it('emits each new or changed contact and voucher exactly once across polls, including rows that share a timestamp', async () => {
		const token = await newTenant('lexoffice', { disabled: true });
		const client = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token });
		const existing = await client.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Bestand AG' } },
		});
		const cred = await createCredential(n8n, `lexoffice poll ${token.slice(-6)}`, 'lexofficeApi', {
			apiKey: token,
			baseUrl: sandboxUrl('lexoffice'),
		});
		const credentials = { lexofficeApi: { id: cred.id, name: cred.name } };
		const everyMinute = { item: [{ mode: 'everyMinute' }] };
		const workflowId = await createActiveWorkflow(n8n, {
			name: `poll ${token.slice(-6)}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'Contacts',
					type: `${PACKAGE_NAME}.lexofficePollingTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: everyMinute, watch: 'contacts' },
					credentials,
				},
				{
					id: randomUUID(),
					name: 'Invoices',
					type: `${PACKAGE_NAME}.lexofficePollingTrigger`,
					typeVersion: 1,
					position: [0, 200],
					parameters: {
						pollTimes: everyMinute,
						watch: 'vouchers',
						voucherTypes: ['invoice'],
						voucherStatuses: 'any',
					},
					credentials,
				},
			],
			connections: {},
		});
		// Each trigger's baseline: n8n 2.x polls once at activation but keeps that poll's cursor only once a
		// scheduled poll ran, so the changes start after each trigger's first scheduled poll (its second poll).
		await untilEachPolledAfter(token, { contacts: 1, vouchers: 1 });

		// Changes after the baseline: two new contacts, one changed, three invoices created in one go.
		const created = [
			await client.call('contact.create', {
				body: { version: 0, roles: { customer: {} }, company: { name: 'Neu Eins GmbH' } },
			}),
			await client.call('contact.create', {
				body: { version: 0, roles: { vendor: {} }, company: { name: 'Neu Zwei GmbH' } },
			}),
		];
		const current = await client.call('contact.get', { path: { id: existing.id } });
		await client.call('contact.update', {
			path: { id: existing.id },
			body: { ...current, note: 'geändert' },
		});
		const invoices = (await seed('lexoffice', token, 'invoices', 3, { status: 'open' })) as {
			ids: string[];
		};
		const expectedContacts = [...created.map((c) => c.id), existing.id];

		// Every change arrives, possibly split over several polls; then each trigger polls once more with nothing new.
		await untilEmittedIds(n8n, workflowId, 'Contacts', expectedContacts);
		await untilEmittedIds(n8n, workflowId, 'Invoices', invoices.ids);
		await untilEachPolledAfter(token, await polls(token));
		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`);
		await untilExecutionsSettled(n8n, workflowId);
		const once = (ids: string[]) => new Map(ids.map((id) => [id, 1]));
		expect(await untilEmittedIds(n8n, workflowId, 'Contacts', expectedContacts)).toEqual(
			once(expectedContacts),
		);
		expect(await untilEmittedIds(n8n, workflowId, 'Invoices', invoices.ids)).toEqual(
			once(invoices.ids),
		);
		// Above the sum of the bounded waits inside (two polls of up to 300 s each, the emitted ids), so a
		// slow machine fails on the wait that did not happen, with its message, not on jest's limit.
	}, 1_200_000);
});
