import { randomUUID } from 'node:crypto';

import { connectLexoffice } from '../../clients/lexoffice';
import { activateLexofficeTrigger, deliverWebhook } from '../helpers/lexofficeWebhook';
import { untilState } from '../helpers/wait';
import {
	emittedItems,
	n8nApi,
	testN8n,
	workflowExecutions,
	type N8nInstance,
} from '../helpers/n8n';
import { adminCall, newTenant, records, sandboxUrl } from '../helpers/sandbox';

/** The webhook trigger in a real n8n, with deliveries signed and sent by the sandbox. */

let n8n: N8nInstance;

const executions = (workflowId: string) => workflowExecutions(n8n, workflowId);

const until = untilState;

interface Delivery {
	eventType: string;
	status: number;
	outcome: string;
}

beforeAll(() => {
	n8n = testN8n();
});

describe('Lexoffice Trigger in a real n8n', () => {
	it('subscribes on activation, runs once per signed event, ignores duplicates and forgeries, and unsubscribes on deactivation', async () => {
		const token = await newTenant('lexoffice', { disabled: true });
		const { workflowId, callbackUrl } = await activateLexofficeTrigger(n8n, token, {
			label: 'lexoffice trigger',
			nodeName: 'On Contact Events',
			events: ['contact.created', 'contact.changed'],
		});

		const subscriptions = await until(
			'subscriptions',
			() =>
				records<{ eventType: string; callbackUrl: string }>(
					'lexoffice',
					token,
					'event-subscriptions',
				),
			(s) => s.length === 2,
		);
		expect(subscriptions.map((s) => s.eventType).sort()).toEqual([
			'contact.changed',
			'contact.created',
		]);
		expect(subscriptions.every((s) => s.callbackUrl === callbackUrl)).toBe(true);

		// A real change in lexoffice: the sandbox signs and delivers contact.created.
		const client = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token });
		const contact = await client.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Webhook GmbH' } },
		});
		const first = await until(
			'one execution',
			() => executions(workflowId),
			(e) => e.length >= 1,
		);
		expect(first).toHaveLength(1);
		expect(JSON.stringify(first[0])).toContain(contact.id);

		// The same event (type, resource, date) delivered twice starts one execution.
		const eventDate = Date.now() - 60_000;
		await adminCall('lexoffice', 'POST', '/events', {
			token,
			eventType: 'contact.changed',
			resourceId: contact.id,
			eventDate,
		});
		await adminCall('lexoffice', 'POST', '/events', {
			token,
			eventType: 'contact.changed',
			resourceId: contact.id,
			eventDate,
		});
		await until(
			'both deliveries acknowledged',
			() => adminCall<Delivery[]>('lexoffice', 'GET', `/deliveries?token=${token}`),
			(d) =>
				d.filter((x) => x.eventType === 'contact.changed' && x.outcome === 'delivered').length ===
				2,
		);
		expect(
			await until(
				'two executions',
				() => executions(workflowId),
				(e) => e.length >= 2,
			),
		).toHaveLength(2);

		// Forged and tampered deliveries are refused with 401 and start nothing.
		const body = JSON.stringify({
			organizationId: 'x',
			eventType: 'contact.created',
			resourceId: contact.id,
			eventDate: '2026-11-02T10:00:00.000+01:00',
		});
		const forged = [
			await deliverWebhook(callbackUrl, body),
			await deliverWebhook(callbackUrl, body, Buffer.from('not a signature').toString('base64')),
		];
		expect(forged.map((r) => r.status)).toEqual([401, 401]);
		// A real signature of another body (the sandbox's signed contact.created) on this body.
		const otherSignature = await adminCall<{ signature: string }>('lexoffice', 'POST', '/sign', {
			body: JSON.stringify({
				organizationId: 'y',
				eventType: 'contact.created',
				resourceId: contact.id,
			}),
		});
		expect((await deliverWebhook(callbackUrl, body, otherSignature.signature)).status).toBe(401);

		// Another lexoffice organisation subscribes this URL: its events are genuinely signed, and start nothing.
		const foreignToken = await newTenant('lexoffice', { disabled: true });
		const foreign = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: foreignToken });
		await foreign.call('eventSubscription.create', {
			body: { eventType: 'contact.created', callbackUrl },
		});
		await foreign.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Fremde Organisation GmbH' } },
		});
		await until(
			'the foreign event delivered and acknowledged',
			() => adminCall<Delivery[]>('lexoffice', 'GET', `/deliveries?token=${foreignToken}`),
			(d) => d.some((x) => x.eventType === 'contact.created' && x.outcome === 'delivered'),
		);
		// Forged, mismatched and foreign deliveries were answered before any execution could start.
		expect(await executions(workflowId)).toHaveLength(2);

		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`);
		await until(
			'subscriptions removed',
			() => records('lexoffice', token, 'event-subscriptions'),
			(s) => s.length === 0,
		);
	});

	it('with Fetch Full Resource, items carry the changed record, or the API error when it is gone again', async () => {
		const token = await newTenant('lexoffice', { disabled: true });
		const { workflowId } = await activateLexofficeTrigger(n8n, token, {
			label: 'lexoffice fetch',
			nodeName: 'On Articles',
			events: ['article.created', 'article.changed'],
			fetchResource: true,
		});
		await until(
			'subscriptions',
			() => records('lexoffice', token, 'event-subscriptions'),
			(s) => s.length === 2,
		);

		const client = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token });
		const article = await client.call('article.create', {
			body: {
				title: 'Beratungsstunde',
				type: 'SERVICE',
				articleNumber: 'H-1',
				unitName: 'Stunde',
				price: { leadingPrice: 'NET', netPrice: 120, taxRate: 19 },
			},
		});
		const first = await until(
			'one execution',
			() => emittedItems(n8n, workflowId, 'On Articles'),
			(runs) => runs.length >= 1,
		);
		expect(first[0]).toHaveLength(1);
		expect(first[0][0]).toMatchObject({
			eventType: 'article.created',
			resourceId: article.id,
			resource: {
				id: article.id,
				title: 'Beratungsstunde',
				articleNumber: 'H-1',
				price: { netPrice: 120, grossPrice: 142.8, taxRate: 19 },
			},
		});

		// An event whose record no longer exists: the item keeps the event and carries lexoffice's 404.
		const gone = randomUUID();
		await adminCall('lexoffice', 'POST', '/events', {
			token,
			eventType: 'article.changed',
			resourceId: gone,
		});
		const runs = await until(
			'two executions',
			() => emittedItems(n8n, workflowId, 'On Articles'),
			(r) => r.length >= 2,
		);
		const missing = runs.flat().find((item) => item.resourceId === gone);
		expect(missing).toMatchObject({ eventType: 'article.changed', resourceError: { status: 404 } });
		expect(missing?.resource).toBeUndefined();

		await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`);
	});
});
