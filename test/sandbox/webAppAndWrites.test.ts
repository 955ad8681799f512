import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startBexioSandbox, type BexioTenant } from '../../sandbox/bexio';
import type { RunningSandbox, TenantBase } from '../../sandbox/core/server';
import { startLexofficeSandbox, type LexofficeTenant } from '../../sandbox/lexoffice';
import { untilState } from '../helpers/wait';

/**
 * What the event latency bench (p8) reads: changes made as in the web app (outside the account's request
 * budget, same records and events), applied writes with their store time and record id, and the send time
 * of each webhook delivery attempt.
 */

let lexoffice: RunningSandbox<LexofficeTenant>;
let bexio: RunningSandbox<BexioTenant>;
let receiver: Server;
let received: number[] = [];

beforeAll(async () => {
	[lexoffice, bexio] = await Promise.all([startLexofficeSandbox(), startBexioSandbox()]);
	receiver = createServer((req, res) => {
		received.push(Date.now());
		req.resume();
		req.on('end', () => res.writeHead(200).end());
	});
	await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
	await Promise.all([lexoffice?.close(), bexio?.close(), new Promise((r) => receiver?.close(r))]);
});

type Sandbox = RunningSandbox<TenantBase>;

async function admin<T>(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as T;
}

interface Write {
	at: string;
	method: string;
	path: string;
	id?: number | string;
}

test('a web-app change uses none of the request budget, fires its event, and is listed with its store time', async () => {
	const lex = lexoffice as unknown as Sandbox;
	// A budget of one request a minute: the web app must not touch it.
	const { token } = await admin<{ token: string }>(lex, 'POST', '/tenants', {
		rateLimit: { perSecond: 1 / 60, burst: 1 },
	});
	const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	await admin(lex, 'POST', '/web-app', {
		token,
		method: 'POST',
		path: '/v1/event-subscriptions',
		body: { eventType: 'contact.created', callbackUrl },
	});
	received = [];
	const before = Date.now();
	const created = await admin<{ id: string }>(lex, 'POST', '/web-app', {
		token,
		method: 'POST',
		path: '/v1/contacts',
		body: { version: 0, roles: { customer: {} }, company: { name: 'Web App GmbH' } },
	});
	const after = Date.now();
	for (let i = 0; i < 3; i++)
		await admin(lex, 'POST', '/web-app', {
			token,
			method: 'GET',
			path: `/v1/contacts/${created.id}`,
		});

	const stats = await admin<{ total: number }>(lex, 'GET', `/stats?token=${token}`);
	expect(stats.total).toBe(0);
	const writes = await admin<Write[]>(lex, 'GET', `/writes?token=${token}`);
	expect(writes.map((w) => [w.method, w.path])).toEqual([
		['POST', '/v1/event-subscriptions'],
		['POST', '/v1/contacts'],
	]);
	expect(writes[1].id).toBe(created.id);
	expect(Date.parse(writes[1].at)).toBeGreaterThanOrEqual(before);
	expect(Date.parse(writes[1].at)).toBeLessThanOrEqual(after);

	const [delivery] = await untilState(
		'the delivery',
		() =>
			admin<Array<{ resourceId: string; sentAt: string; at: string }>>(
				lex,
				'GET',
				`/deliveries?token=${token}`,
			),
		(d) => d.length === 1,
	);
	expect(delivery.resourceId).toBe(created.id);
	expect(received).toHaveLength(1);
	expect(Date.parse(delivery.sentAt)).toBeLessThanOrEqual(received[0]);
	expect(Date.parse(delivery.sentAt)).toBeLessThanOrEqual(Date.parse(delivery.at));
	expect(Date.parse(delivery.sentAt)).toBeGreaterThanOrEqual(Date.parse(writes[1].at));
});

test('bexio: creates and edits through the API are listed with the record id; reads and refused writes are not', async () => {
	const bex = bexio as unknown as Sandbox;
	const { token } = await admin<{ token: string }>(bex, 'POST', '/tenants', {
		rateLimit: { disabled: true },
	});
	const call = (method: string, path: string, body?: unknown) =>
		fetch(`${bexio.url}${path}`, {
			method,
			headers: {
				Authorization: `Bearer ${token}`,
				Accept: 'application/json',
				'Content-Type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	const created = (await (
		await call('POST', '/2.0/contact', {
			contact_type_id: 1,
			name_1: 'Schreib AG',
			user_id: 1,
			owner_id: 1,
		})
	).json()) as { id: number };
	expect(
		(
			await call('POST', `/2.0/contact/${created.id}`, {
				contact_type_id: 1,
				name_1: 'Schreib AG',
				city: 'Bern',
				user_id: 1,
				owner_id: 1,
			})
		).ok,
	).toBe(true);
	expect((await call('GET', `/2.0/contact/${created.id}`)).ok).toBe(true);
	expect((await call('POST', '/2.0/contact', { name_1: 'ohne Typ' })).ok).toBe(false);

	const writes = await admin<Write[]>(bex, 'GET', `/writes?token=${token}`);
	expect(writes.map((w) => [w.method, w.path, w.id])).toEqual([
		['POST', '/2.0/contact', created.id],
		['POST', `/2.0/contact/${created.id}`, created.id],
	]);
});
