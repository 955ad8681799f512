import { connectLexoffice } from '../../clients/lexoffice';
import { activateLexofficeTrigger } from '../helpers/lexofficeWebhook';
import { untilState } from '../helpers/wait';
import {
	restartN8n,
	startN8n,
	untilStaticData,
	workflowExecutions,
	type N8nInstance,
} from '../helpers/n8n';
import { adminCall, newTenant, records, sandboxUrl } from '../helpers/sandbox';

/**
 * Replay protection across a restart, in a real n8n of its own: an event delivered before n8n restarts
 * and delivered again afterwards (same body, same signature) starts no second execution.
 */

interface Delivery {
	eventType: string;
	resourceId: string;
	outcome: string;
}

const until = <T>(what: string, read: () => Promise<T>, done: (v: T) => boolean) =>
	untilState(what, read, done, 60_000);

let n8n: N8nInstance | undefined;

afterAll(async () => {
	await n8n?.stop();
});

describe('Lexoffice Trigger after an n8n restart', () => {
	it('refuses a replay of an event it ran before the restart, and runs a new one', async () => {
		n8n = await startN8n();
		const token = await newTenant('lexoffice', { disabled: true });
		const { workflowId } = await activateLexofficeTrigger(n8n, token, {
			label: 'lexoffice restart',
			nodeName: 'On Contact Changes',
			events: ['contact.changed'],
		});
		await until(
			'the subscription',
			() => records<{ eventType: string }>('lexoffice', token, 'event-subscriptions'),
			(s) => s.length === 1,
		);
		const client = connectLexoffice({ baseUrl: sandboxUrl('lexoffice'), apiKey: token });
		const contact = await client.call('contact.create', {
			body: { version: 0, roles: { customer: {} }, company: { name: 'Neustart GmbH' } },
		});
		const delivered = (n: number) =>
			until(
				`${n} deliveries acknowledged`,
				() => adminCall<Delivery[]>('lexoffice', 'GET', `/deliveries?token=${token}`),
				(d) =>
					d.filter((x) => x.eventType === 'contact.changed' && x.outcome === 'delivered').length >=
					n,
			);

		const eventDate = Date.now() - 60_000;
		await adminCall('lexoffice', 'POST', '/events', {
			token,
			eventType: 'contact.changed',
			resourceId: contact.id,
			eventDate,
		});
		await delivered(1);
		await until(
			'the first execution finished',
			() => workflowExecutions(n8n!, workflowId),
			(e) => e.length === 1,
		);
		await untilStaticData(n8n, workflowId, (data) =>
			JSON.stringify(data ?? {}).includes(`contact.changed|${contact.id}`),
		);

		await n8n.stop({ keepData: true });
		n8n = await restartN8n(n8n);

		// The same event again: the sandbox signs the identical body, so this is a byte-for-byte replay.
		await adminCall('lexoffice', 'POST', '/events', {
			token,
			eventType: 'contact.changed',
			resourceId: contact.id,
			eventDate,
		});
		await delivered(2);
		// A new change afterwards runs; only then are the executions counted, so the replay had its chance to run first.
		await adminCall('lexoffice', 'POST', '/events', {
			token,
			eventType: 'contact.changed',
			resourceId: contact.id,
			eventDate: eventDate + 1000,
		});
		await delivered(3);
		const executions = await until(
			'the new event ran',
			() => workflowExecutions(n8n!, workflowId),
			(e) => e.length >= 2,
		);
		expect(executions).toHaveLength(2);
	}, 300_000);
});
