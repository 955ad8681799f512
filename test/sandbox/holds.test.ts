import { startBexioSandbox, type BexioTenant } from '../../sandbox/bexio';
import type { RunningSandbox, TenantBase } from '../../sandbox/core/server';
import { startLexofficeSandbox, type LexofficeTenant } from '../../sandbox/lexoffice';

/**
 * Held writes (both simulators share them): the sandbox applies the next matching create and keeps its
 * answer back, so a test can kill the caller while the write is provably in flight.
 */

let lexoffice: RunningSandbox<LexofficeTenant>;
let bexio: RunningSandbox<BexioTenant>;

beforeAll(async () => {
	[lexoffice, bexio] = await Promise.all([startLexofficeSandbox(), startBexioSandbox()]);
});
afterAll(async () => {
	await Promise.all([lexoffice?.close(), bexio?.close()]);
});

interface Hold {
	id: number;
	state: string;
	status?: number;
	recordId?: string;
}

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

const tenant = async (sandbox: Sandbox) =>
	(await admin<{ token: string }>(sandbox, 'POST', '/tenants', { rateLimit: { disabled: true } }))
		.token;
const holdsOf = (sandbox: Sandbox, token: string) =>
	admin<Hold[]>(sandbox, 'GET', `/holds?token=${token}`);
const statsOf = (sandbox: Sandbox, token: string) =>
	admin<{ held: number; byRouteQuery: Record<string, Record<string, number>> }>(
		sandbox,
		'GET',
		`/stats?token=${token}`,
	);

function post(
	sandbox: Sandbox,
	token: string,
	path: string,
	body: unknown,
	signal?: AbortSignal,
): Promise<Response> {
	return fetch(`${sandbox.url}${path}`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${token}`,
			Accept: 'application/json',
			'Content-Type': 'application/json',
		},
		body: JSON.stringify(body),
		signal,
	});
}

/** Polls the admin API (bounded) until the hold reaches a state other than `from`. */
async function untilLeaves(
	sandbox: Sandbox,
	token: string,
	id: number,
	from: string,
): Promise<Hold> {
	for (let i = 0; i < 200; i++) {
		const hold = (await holdsOf(sandbox, token)).find((h) => h.id === id);
		if (hold && hold.state !== from) return hold;
		await new Promise((r) => setTimeout(r, 25));
	}
	throw new Error(`hold ${id} stayed ${from}`);
}

const cases = [
	{
		api: 'lexoffice',
		sandbox: () => lexoffice as unknown as Sandbox,
		path: '/v1/contacts',
		create: (note: string) => ({
			version: 0,
			roles: { customer: {} },
			company: { name: 'Halte AG' },
			note,
		}),
		stored: async (sandbox: Sandbox, token: string) =>
			(
				await admin<Array<{ id: string; note?: string }>>(
					sandbox,
					'GET',
					`/records/contacts?token=${token}`,
				)
			).map((c) => ({ id: c.id, text: c.note ?? '' })),
	},
	{
		api: 'bexio',
		sandbox: () => bexio as unknown as Sandbox,
		path: '/2.0/contact',
		create: (note: string) => ({
			contact_type_id: 1,
			name_1: 'Halte AG',
			user_id: 1,
			owner_id: 1,
			remarks: note,
		}),
		stored: async (sandbox: Sandbox, token: string) =>
			(
				await admin<Array<{ id: number; remarks?: string | null }>>(
					sandbox,
					'GET',
					`/records/contacts?token=${token}`,
				)
			).map((c) => ({ id: String(c.id), text: c.remarks ?? '' })),
	},
] as const;

describe.each(cases)('$api: held creates', ({ sandbox: sandboxOf, path, create, stored }) => {
	it('applies the matching create, reports it held until released, then answers it; other creates pass', async () => {
		const sandbox = sandboxOf();
		const token = await tenant(sandbox);
		const hold = await admin<Hold>(sandbox, 'POST', '/holds', {
			token,
			path,
			bodyContains: 'hold-me',
		});
		expect(hold.state).toBe('armed');

		// A create without the marker is answered at once and leaves the hold armed.
		expect((await post(sandbox, token, path, create('pass'))).status).toBe(201);
		expect((await holdsOf(sandbox, token))[0].state).toBe('armed');

		let answered = false;
		const pending = post(sandbox, token, path, create('hold-me')).then((res) => {
			answered = true;
			return res;
		});
		const held = await untilLeaves(sandbox, token, hold.id, 'armed');
		expect(held).toMatchObject({ state: 'held', status: 201 });
		// Applied while its caller still waits.
		expect(
			(await stored(sandbox, token)).filter((r) => r.text.includes('hold-me')).map((r) => r.id),
		).toEqual([held.recordId]);
		expect(answered).toBe(false);
		expect((await statsOf(sandbox, token)).held).toBe(1);

		await admin(sandbox, 'POST', '/holds/release', { token });
		const res = await pending;
		expect(res.status).toBe(201);
		expect(String(((await res.json()) as { id: string | number }).id)).toBe(held.recordId);
		expect((await holdsOf(sandbox, token))[0].state).toBe('released');
		// Released holds are spent: the next matching create passes.
		expect((await post(sandbox, token, path, create('hold-me again'))).status).toBe(201);
		expect((await stored(sandbox, token)).length).toBe(3);
	});

	it('ends a hold as connectionClosed when the caller goes away, with the write applied', async () => {
		const sandbox = sandboxOf();
		const token = await tenant(sandbox);
		const hold = await admin<Hold>(sandbox, 'POST', '/holds', { token, path });
		const abort = new AbortController();
		const pending = post(sandbox, token, path, create('caller dies'), abort.signal).catch(
			(error: unknown) => error,
		);
		await untilLeaves(sandbox, token, hold.id, 'armed');
		abort.abort();
		await pending;
		expect(await untilLeaves(sandbox, token, hold.id, 'held')).toMatchObject({
			state: 'connectionClosed',
		});
		expect((await stored(sandbox, token)).filter((r) => r.text === 'caller dies')).toHaveLength(1);
	});
});

it('counts requests by route and query parameter names, so a lookup by name tells itself from a page read', async () => {
	const sandbox = lexoffice as unknown as Sandbox;
	const token = await tenant(sandbox);
	const get = (query: string) =>
		fetch(`${sandbox.url}/v1/contacts?${query}`, {
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
		});
	expect((await get('page=0&size=250')).status).toBe(200);
	expect((await get('name=Halte&page=0&size=250')).status).toBe(200);
	expect((await get('size=250&name=Halte&page=0')).status).toBe(200);
	expect((await statsOf(sandbox, token)).byRouteQuery).toEqual({
		'GET /v1/contacts?page&size': { '200': 1 },
		'GET /v1/contacts?name&page&size': { '200': 2 },
	});
});

it('refuses a hold without a path', async () => {
	const res = await fetch(`${lexoffice.url}/_sandbox/holds`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ token: await tenant(lexoffice as unknown as Sandbox) }),
	});
	expect(res.status).toBe(400);
	expect(await res.text()).toContain('path');
});
