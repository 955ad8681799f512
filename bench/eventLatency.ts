import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	createActiveWorkflow,
	createCredential,
	n8nApi,
	type N8nInstance,
} from '../test/helpers/n8n';
import { untilState } from '../test/helpers/wait';
import { buildAndStartN8n } from './nodeVsHttp';
import { admin, requestCounts, type Stack } from './stack';

/**
 * p8: lexoffice event → bexio record through the CRM sync template (workflows/lexoffice-crm-sync-to-bexio.json)
 * active in a real n8n. Contacts are created and changed in the lexoffice sandbox as in its web app (outside
 * the account's API budget, as a user's edits are); the sandbox fires its event subscriptions, which the
 * template's Lexoffice Trigger registered, with real signed deliveries. The account is at lexoffice's real
 * 2 requests/s. Latency per event: the sandbox's send time of its first delivery → the bexio sandbox's store
 * time of the write that made the matching record (found by customer number and content). Both sandboxes run
 * in this process, so both times come from one clock.
 */

export interface EventLatencyFigures {
	events: number;
	eventsPerSecond: number;
	/** How long after the last event an event could still land. */
	settleSeconds: number;
	creates: number;
	updates: number;
	p8_event_latency_p50_ms: number | null;
	p8_event_latency_p95_ms: number | null;
	p8_events_lost: number;
	maxMs: number | null;
	/** bexio contacts with the same customer number more than once. */
	duplicated: number;
	/** Delivery attempts beyond the first per event (the sandbox's log). */
	redeliveries: number;
	lexofficeRequests: number;
	lexoffice429: number;
	executions: Record<string, number>;
	/** Median / p95 per step: delivery sent → execution started (n8n's clock), then each node's own time. */
	steps: string;
}

const TEMPLATE = join(__dirname, '..', 'workflows', 'lexoffice-crm-sync-to-bexio.json');
/** lexoffice's published limit. */
const LEXOFFICE_PER_SECOND = 2;
/** Every n-th event changes a contact created earlier instead of creating one. */
const UPDATE_EVERY = 4;
/** An update only touches a contact created at least this many events before (its create has landed). */
const UPDATE_DISTANCE = 10;
/** How long after the last event an event may still land before it counts as lost (covers lexoffice's first redeliveries at 10, 20 and 40 s). */
const SETTLE_MS = 120_000;

interface Expected {
	n: number;
	eventType: 'contact.created' | 'contact.changed';
	resourceId: string;
	nr: string;
	name: string;
	city: string;
}

interface BexioContact {
	id: number;
	nr: string | null;
	name_1: string;
	city: string | null;
}

interface Template {
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		webhookId?: string;
		credentials?: Record<string, unknown>;
		[k: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export async function measureEventLatency(
	stack: Stack,
	options: { events: number; eventsPerSecond: number; log(line: string): void },
): Promise<EventLatencyFigures> {
	const { events, eventsPerSecond, log } = options;
	const n8n = await buildAndStartN8n('p8', log);
	try {
		return await run(stack, n8n, events, eventsPerSecond, log);
	} finally {
		await n8n.stop();
	}
}

async function run(
	stack: Stack,
	n8n: N8nInstance,
	events: number,
	eventsPerSecond: number,
	log: (line: string) => void,
): Promise<EventLatencyFigures> {
	const { token: lexToken } = await admin<{ token: string }>(
		stack,
		'lexoffice',
		'POST',
		'/tenants',
		{ rateLimit: { perSecond: LEXOFFICE_PER_SECOND, burst: 2 } },
	);
	// bexio at the sandbox's default budget (600 requests a minute).
	const { token: bexioToken } = await admin<{ token: string }>(
		stack,
		'bexio',
		'POST',
		'/tenants',
		{},
	);
	const workflowId = await activateTemplate(stack, n8n, lexToken, bexioToken);
	// The trigger registers its subscriptions on activation; events before that would go nowhere.
	await untilState(
		"p8: the template's event subscriptions",
		() =>
			admin<unknown[]>(stack, 'lexoffice', 'GET', `/records/event-subscriptions?token=${lexToken}`),
		(s) => s.length === 3,
		60_000,
	);
	log(`p8: template active; ${events} events at ${eventsPerSecond}/s`);

	const webApp = <T>(method: string, path: string, body?: unknown) =>
		admin<T>(stack, 'lexoffice', 'POST', '/web-app', { token: lexToken, method, path, body });
	const expected: Expected[] = [];
	const created: Expected[] = [];
	const began = Date.now();
	for (let n = 1; n <= events; n++) {
		// A steady arrival rate: the n-th change at its slot, however long the previous one took.
		const wait = began + ((n - 1) * 1000) / eventsPerSecond - Date.now();
		if (wait > 0) await sleep(wait);
		const city = `P8 Ort ${n}`;
		const target =
			n % UPDATE_EVERY === 0
				? created.find(
						(c, i) =>
							i <= created.length - UPDATE_DISTANCE &&
							!expected.some(
								(e) => e.eventType === 'contact.changed' && e.resourceId === c.resourceId,
							),
					)
				: undefined;
		if (target) {
			const current = await webApp<
				{ version: number; addresses?: { billing?: Array<Record<string, unknown>> } } & Record<
					string,
					unknown
				>
			>('GET', `/v1/contacts/${target.resourceId}`);
			const billing = [{ ...(current.addresses?.billing?.[0] ?? {}), city, countryCode: 'DE' }];
			await webApp('PUT', `/v1/contacts/${target.resourceId}`, {
				...current,
				addresses: { ...current.addresses, billing },
			});
			expected.push({ ...target, n, eventType: 'contact.changed', city });
		} else {
			const name = `P8 Firma ${n}`;
			const { id } = await webApp<{ id: string }>('POST', '/v1/contacts', {
				version: 0,
				roles: { customer: {} },
				company: { name },
				addresses: { billing: [{ street: `Weg ${n}`, zip: '10115', city, countryCode: 'DE' }] },
			});
			const stored = await webApp<{ roles: { customer: { number: number } } }>(
				'GET',
				`/v1/contacts/${id}`,
			);
			const e: Expected = {
				n,
				eventType: 'contact.created',
				resourceId: id,
				nr: String(stored.roles.customer.number),
				name,
				city,
			};
			expected.push(e);
			created.push(e);
		}
		if (n % 50 === 0) log(`  ${n} events sent`);
	}
	const lastSent = Date.now();

	// Landed: the bexio contact with the customer number carries the event's content.
	const landedContent = (contacts: BexioContact[], e: Expected) =>
		contacts.some((c) => c.nr === e.nr && c.name_1 === e.name && c.city === e.city);
	const bexioContacts = () =>
		admin<BexioContact[]>(stack, 'bexio', 'GET', `/records/contacts?token=${bexioToken}`);
	// The latest change of a contact is what its record must show; an earlier create of it has landed when the number is there.
	const latest = (e: Expected) =>
		expected.filter((x) => x.resourceId === e.resourceId).at(-1) === e;
	const allLanded = (contacts: BexioContact[]) =>
		expected.every((e) =>
			latest(e) ? landedContent(contacts, e) : contacts.some((c) => c.nr === e.nr),
		);
	await untilState('p8: every event in bexio', bexioContacts, allLanded, SETTLE_MS, 2000).catch(
		() => undefined,
	);
	log(`p8: settled ${((Date.now() - lastSent) / 1000).toFixed(1)} s after the last event`);
	await sleep(2000);

	const contacts = await bexioContacts();
	const deliveries = await admin<
		Array<{
			eventType: string;
			resourceId: string;
			attempt: number;
			sentAt: string;
			at: string;
			status: number;
		}>
	>(stack, 'lexoffice', 'GET', `/deliveries?token=${lexToken}`);
	const answers = new Map<string, number>();
	for (const d of deliveries)
		answers.set(
			`attempt ${d.attempt} → ${d.status || 'no answer'}`,
			(answers.get(`attempt ${d.attempt} → ${d.status || 'no answer'}`) ?? 0) + 1,
		);
	const answerMs = deliveries
		.map((d) => Date.parse(d.at) - Date.parse(d.sentAt))
		.sort((a, b) => a - b);
	log(
		`p8: deliveries ${[...answers].map(([k, v]) => `${v} × ${k}`).join(', ')}; n8n answered in ${percentile(answerMs, 0.5)} ms (median), ${percentile(answerMs, 0.95)} ms (p95)`,
	);
	const writes = await admin<
		Array<{ at: string; method: string; path: string; id?: number | string }>
	>(stack, 'bexio', 'GET', `/writes?token=${bexioToken}`);
	const latencies: number[] = [];
	let lost = 0;
	for (const e of expected) {
		const firstSent = deliveries
			.filter((d) => d.eventType === e.eventType && d.resourceId === e.resourceId)
			.map((d) => Date.parse(d.sentAt));
		const sentAt = firstSent.length ? Math.min(...firstSent) : undefined;
		const record = contacts.find(
			(c) => c.nr === e.nr && (latest(e) ? c.name_1 === e.name && c.city === e.city : true),
		);
		// The first write to that record (its create, or an edit of it) stored at or after the event left.
		const storedAt = record
			? writes
					.filter(
						(w) =>
							w.method !== 'GET' &&
							(String(w.id) === String(record.id) || w.path.endsWith(`/contact/${record.id}`)),
					)
					.map((w) => Date.parse(w.at))
					.filter((at) => sentAt !== undefined && at >= sentAt)
					.sort((a, b) => a - b)[0]
			: undefined;
		if (sentAt === undefined || storedAt === undefined) lost += 1;
		else latencies.push(storedAt - sentAt);
	}
	const byNr = new Map<string, number>();
	for (const c of contacts) if (c.nr) byNr.set(c.nr, (byNr.get(c.nr) ?? 0) + 1);
	// The change stored in lexoffice (its own write log) → the event's first delivery sent: the sandbox's part.
	const lexWrites = await admin<Array<{ at: string; method: string; path: string; id?: string }>>(
		stack,
		'lexoffice',
		'GET',
		`/writes?token=${lexToken}`,
	);
	const emitted: number[] = [];
	for (const e of expected) {
		const change = lexWrites.find((w) =>
			e.eventType === 'contact.created'
				? w.method === 'POST' && w.id === e.resourceId
				: w.method === 'PUT' && w.path.endsWith(e.resourceId),
		);
		const sent = deliveries
			.filter((d) => d.eventType === e.eventType && d.resourceId === e.resourceId)
			.map((d) => Date.parse(d.sentAt));
		if (change && sent.length) emitted.push(Math.min(...sent) - Date.parse(change.at));
	}
	emitted.sort((a, b) => a - b);
	const steps = `change stored → delivery sent ${percentile(emitted, 0.5)} / ${percentile(emitted, 0.95)} ms, ${await breakdown(n8n, workflowId, deliveries)}`;
	log(`p8: where the time went (median / p95): ${steps}`);
	const counts = await requestCounts(stack, 'lexoffice', lexToken);
	const { data } = await n8nApi<{ data: Array<{ status: string }> }>(
		n8n,
		'GET',
		`/executions?workflowId=${workflowId}&limit=250`,
	);
	const executions: Record<string, number> = {};
	for (const x of data) executions[x.status] = (executions[x.status] ?? 0) + 1;
	await n8nApi(n8n, 'POST', `/workflows/${workflowId}/deactivate`).catch(() => undefined);

	latencies.sort((a, b) => a - b);
	return {
		events,
		eventsPerSecond,
		settleSeconds: SETTLE_MS / 1000,
		creates: expected.filter((e) => e.eventType === 'contact.created').length,
		updates: expected.filter((e) => e.eventType === 'contact.changed').length,
		p8_event_latency_p50_ms: percentile(latencies, 0.5),
		p8_event_latency_p95_ms: percentile(latencies, 0.95),
		p8_events_lost: lost,
		maxMs: latencies.length ? latencies[latencies.length - 1] : null,
		duplicated: [...byNr.values()].filter((k) => k > 1).length,
		redeliveries: deliveries.filter((d) => d.attempt > 1).length,
		lexofficeRequests: counts.total,
		lexoffice429: counts.status429,
		executions,
		steps,
	};
}

interface RunData {
	startTime: number;
	executionTime: number;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/** Median and p95 per step, from n8n's own execution data: first delivery sent → execution started, then each node. */
async function breakdown(
	n8n: N8nInstance,
	workflowId: string,
	deliveries: Array<{ eventType: string; resourceId: string; sentAt: string }>,
): Promise<string> {
	const { data } = await n8nApi<{
		data: Array<{
			startedAt: string;
			data?: { resultData?: { runData?: Record<string, RunData[]> } };
		}>;
	}>(n8n, 'GET', `/executions?workflowId=${workflowId}&includeData=true&limit=250`);
	const steps = new Map<string, number[]>();
	const add = (step: string, ms: number) => steps.set(step, [...(steps.get(step) ?? []), ms]);
	for (const x of data) {
		const runData = x.data?.resultData?.runData ?? {};
		const event = runData['lexoffice events']?.[0]?.data?.main?.[0]?.[0]?.json;
		const sent = deliveries
			.filter((d) => d.eventType === event?.eventType && d.resourceId === event?.resourceId)
			.map((d) => Date.parse(d.sentAt));
		if (sent.length)
			add('delivery sent → execution started', Date.parse(x.startedAt) - Math.min(...sent));
		for (const [node, runs] of Object.entries(runData))
			if (runs[0]) add(node, runs[0].executionTime);
	}
	return [...steps]
		.map(
			([step, ms]) =>
				`${step} ${percentile(
					ms.sort((a, b) => a - b),
					0.5,
				)} / ${percentile(ms, 0.95)} ms`,
		)
		.join(', ');
}

/** Nearest rank over the events that landed. */
function percentile(sorted: number[], q: number): number | null {
	if (!sorted.length) return null;
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * The template as a user imports it, pointed at the sandbox: both credentials swapped, the Lexoffice
 * Trigger checking signatures with the sandbox's key, fresh webhook ids. Nothing else changes.
 */
async function activateTemplate(
	stack: Stack,
	n8n: N8nInstance,
	lexToken: string,
	bexioToken: string,
): Promise<string> {
	const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Template;
	const credentials: Record<string, { id: string; name: string }> = {
		lexofficeApi: await createCredential(n8n, `lexoffice p8 ${randomUUID()}`, 'lexofficeApi', {
			apiKey: lexToken,
			baseUrl: stack.urls.lexoffice,
		}),
		bexioApi: await createCredential(n8n, `bexio p8 ${randomUUID()}`, 'bexioApi', {
			accessToken: bexioToken,
			baseUrl: stack.urls.bexio,
		}),
	};
	const nodes = template.nodes.map((node) => {
		const parameters = node.type.endsWith('.lexofficeTrigger')
			? {
					...node.parameters,
					options: {
						...(node.parameters.options as object),
						publicKeyUrl: `${stack.urls.lexoffice}/_sandbox/webhook-public-key`,
					},
				}
			: node.parameters;
		const swapped = node.credentials
			? {
					credentials: Object.fromEntries(
						Object.keys(node.credentials).map((type) => [type, credentials[type]]),
					),
				}
			: {};
		return {
			...node,
			...(node.webhookId ? { webhookId: randomUUID() } : {}),
			parameters,
			...swapped,
		};
	});
	return createActiveWorkflow(n8n, {
		name: `${template.name} p8`,
		nodes,
		connections: template.connections,
		settings: template.settings,
	});
}
