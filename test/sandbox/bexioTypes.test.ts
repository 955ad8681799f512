import { startBexioSandbox, type BexioTenant } from '../../sandbox/bexio';
import type { RunningSandbox } from '../../sandbox/core/server';

/** The bexio simulator refuses bodies of the wrong JSON type, names the field and stores nothing. */

let sandbox: RunningSandbox<BexioTenant>;

beforeAll(async () => {
	sandbox = await startBexioSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

async function tenant(): Promise<string> {
	const res = await fetch(`${sandbox.url}/_sandbox/tenants`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rateLimit: { disabled: true } }),
	});
	return ((await res.json()) as { token: string }).token;
}

async function digest(token: string): Promise<{ records: number; digest: string }> {
	return (await (await fetch(`${sandbox.url}/_sandbox/records-digest?token=${token}`)).json()) as {
		records: number;
		digest: string;
	};
}

async function api(
	token: string,
	method: string,
	path: string,
	body: unknown,
): Promise<{ status: number; text: string }> {
	const res = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			Accept: 'application/json',
			'Content-Type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	return { status: res.status, text: await res.text() };
}

describe('bexio sandbox: wrong JSON types', () => {
	it.each([
		['a contact group name as a number', '/2.0/contact_group', { name: 12345 }, 422, 'name'],
		[
			'a contact name_1 as a number',
			'/2.0/contact',
			{ contact_type_id: 1, name_1: 12345, user_id: 1, owner_id: 1 },
			422,
			'name_1',
		],
		['a task subject as a number', '/2.0/task', { user_id: 1, subject: 12345 }, 422, 'subject'],
		[
			'an article number as a number',
			'/2.0/article',
			{ intern_code: 12345, intern_name: 'Beratung' },
			422,
			'intern_code',
		],
		[
			'an expense amount as a list',
			'/4.0/expenses',
			{ paid_on: '2026-01-15', currency_code: 'CHF', amount: [[null]], attachment_ids: [] },
			400,
			'amount',
		],
		[
			'expense attachments as a string',
			'/4.0/expenses',
			{ paid_on: '2026-01-15', currency_code: 'CHF', amount: 10, attachment_ids: 'none' },
			400,
			'attachment_ids',
		],
	])(
		'refuses %s, naming the field, and stores nothing',
		async (_name, path, body, status, field) => {
			const token = await tenant();
			const before = await digest(token);
			const answer = await api(token, 'POST', path, body);
			expect(answer.status).toBe(status);
			expect(answer.text).toContain(field);
			expect(await digest(token)).toEqual(before);
		},
	);

	it('still stores a valid body, which changes the digest', async () => {
		const token = await tenant();
		const before = await digest(token);
		expect((await api(token, 'POST', '/2.0/contact_group', { name: 'Kunden' })).status).toBe(201);
		const after = await digest(token);
		expect(after.records).toBe(before.records + 1);
		expect(after.digest).not.toBe(before.digest);
	});

	it('accepts a customer number and a postcode given as numbers (documented for nr, seen in older samples for postcode)', async () => {
		const token = await tenant();
		expect(
			(
				await api(token, 'POST', '/2.0/contact', {
					contact_type_id: 1,
					name_1: 'Muster AG',
					user_id: 1,
					owner_id: 1,
					nr: 1042,
					postcode: 8000,
				})
			).status,
		).toBe(201);
	});
});
