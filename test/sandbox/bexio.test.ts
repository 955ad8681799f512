import { connect } from 'node:net';

import { startBexioSandbox, type BexioTenant } from '../../sandbox/bexio';
import type { RunningSandbox } from '../../sandbox/core/server';

/** The bexio simulator over plain HTTP: the contract the client, the nodes and the workflows rely on. */

let sandbox: RunningSandbox<BexioTenant>;
type Body = Record<string, unknown> & Array<Record<string, unknown>>;

beforeAll(async () => {
	sandbox = await startBexioSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

async function admin<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
	const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as T;
}

async function tenant(rateLimit: Record<string, unknown> = { disabled: true }): Promise<string> {
	return (await admin<{ token: string }>('/tenants', { rateLimit })).token;
}

async function api(
	token: string,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
) {
	const res = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			Accept: 'application/json',
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return {
		status: res.status,
		headers: res.headers,
		body: (text ? JSON.parse(text) : undefined) as Body,
	};
}

/** Manual-entry lines: `entries` clashes with the Array method of the loose body type. */
const linesOf = (body: unknown) => (body as { entries: Array<Record<string, unknown>> }).entries;
const contact = (name: string, extra: Record<string, unknown> = {}) => ({
	contact_type_id: 1,
	name_1: name,
	user_id: 1,
	owner_id: 1,
	...extra,
});
const custom = (amount: string, price: string, extra: Record<string, unknown> = {}) => ({
	type: 'KbPositionCustom',
	amount,
	unit_price: price,
	tax_id: 1,
	text: 'Beratung',
	...extra,
});

/** A raw request without Content-Length or chunking, which fetch cannot produce. */
function rawPost(token: string, path: string): Promise<number> {
	const url = new URL(sandbox.url);
	return new Promise((resolve, reject) => {
		const socket = connect(Number(url.port), url.hostname, () => {
			socket.write(
				`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nAccept: application/json\r\nConnection: close\r\n\r\n`,
			);
		});
		let data = '';
		socket.on('data', (chunk) => (data += chunk.toString()));
		socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1])));
		socket.on('error', reject);
	});
}

describe('bexio sandbox: protocol', () => {
	it('answers 401 without or with an unknown token, 415 without a JSON Accept header, 411 without a length', async () => {
		const token = await tenant();
		const missing = await fetch(`${sandbox.url}/3.0/users/me`, {
			headers: { Accept: 'application/json' },
		});
		expect(missing.status).toBe(401);
		expect(await missing.json()).toMatchObject({ error_code: 401 });
		expect((await api('nope', 'GET', '/3.0/users/me')).status).toBe(401);
		const html = await api(token, 'GET', '/3.0/users/me', undefined, { Accept: 'text/html' });
		expect(html.status).toBe(415);
		expect(html.body.error_code).toBe(415);
		expect((await api(token, 'GET', '/3.0/users/me', undefined, { Accept: '*/*' })).body.id).toBe(
			1,
		);
		expect(await rawPost(token, '/2.0/kb_invoice/1/issue')).toBe(411);
	});

	it('answers unknown routes and ids with 404 "Page not found" and PUT on a 2.0 document with an empty 422', async () => {
		const token = await tenant();
		expect((await api(token, 'GET', '/2.0/contact/999')).body).toEqual({
			error_code: 404,
			message: 'Page not found',
		});
		expect((await api(token, 'GET', '/2.0/currency')).status).toBe(404);
		const put = await api(token, 'PUT', '/2.0/kb_invoice/1', { title: 'x' });
		expect(put.status).toBe(422);
		expect(put.body.message).toBe('The form could not be saved due to the following errors:');
	});

	it('pages with limit (default 500, max 2000) and offset, and orders with order_by', async () => {
		const token = await tenant();
		const created = await admin<{ created: { count: number; lastId: number; ids?: number[] } }>(
			'/seed',
			{
				token,
				resource: 'contacts',
				count: 2500,
				updatedAtFrom: '2026-01-01 08:00:00',
				spreadSeconds: 1,
			},
		);
		expect(created.created.count).toBe(2500);
		expect(created.created.ids).toBeUndefined();
		expect((await api(token, 'GET', '/2.0/contact')).body).toHaveLength(500);
		const last = await api(token, 'GET', '/2.0/contact?limit=2000&offset=2000');
		expect(last.body).toHaveLength(500);
		expect(last.body[499].id).toBe(created.created.lastId);
		expect((await api(token, 'GET', '/2.0/contact?limit=2001')).status).toBe(400);
		const desc = await api(token, 'GET', '/2.0/contact?limit=3&order_by=updated_at_desc');
		expect(desc.body.map((c) => c.updated_at)).toEqual([
			'2026-01-01 08:41:39',
			'2026-01-01 08:41:38',
			'2026-01-01 08:41:37',
		]);
		const byNr = await api(token, 'GET', '/2.0/contact?limit=2&order_by=nr_desc,id');
		expect(byNr.body.map((c) => c.nr)).toEqual(['2500', '2499']);
		expect((await api(token, 'GET', '/2.0/contact?order_by=mail')).status).toBe(422);
	});

	it('searches with the documented grammar: like by default, exact criteria, in with arrays or strings, 422 for unknown fields', async () => {
		const token = await tenant();
		for (const name of ['Meyer AG', 'Meyerhof GmbH', 'Müller AG'])
			await api(token, 'POST', '/2.0/contact', contact(name));
		const names = async (criteria: unknown, query = '') =>
			(await api(token, 'POST', `/2.0/contact/search${query}`, criteria)).body.map((c) => c.name_1);
		expect(await names([{ field: 'name_1', value: 'meyer' }])).toEqual([
			'Meyer AG',
			'Meyerhof GmbH',
		]);
		expect(await names([{ field: 'name_1', value: 'Meyer AG', criteria: '=' }])).toEqual([
			'Meyer AG',
		]);
		expect(
			await names([{ field: 'nr', value: ['1', '3'], criteria: 'in' }], '?order_by=id_desc'),
		).toEqual(['Müller AG', 'Meyer AG']);
		expect(await names([{ field: 'nr', value: '1,3', criteria: 'not_in' }])).toEqual([
			'Meyerhof GmbH',
		]);
		expect(
			await names([
				{ field: 'id', value: '2', criteria: '>=' },
				{ field: 'name_1', value: 'AG', criteria: 'like' },
			]),
		).toEqual(['Müller AG']);
		expect(
			await names([{ field: 'mail', value: '', criteria: 'is_null' }], '?limit=1&offset=1'),
		).toEqual(['Meyerhof GmbH']);
		const unknown = await api(token, 'POST', '/2.0/contact/search', [
			{ field: 'invoice_date', value: 'x' },
		]);
		expect(unknown.status).toBe(422);
		expect(
			(
				await api(token, 'POST', '/2.0/contact/search', [
					{ field: 'name_1', value: 'x', criteria: 'contains' },
				])
			).status,
		).toBe(422);
		expect(
			(await api(token, 'POST', '/2.0/contact/search', { field: 'name_1', value: 'x' })).status,
		).toBe(422);
	});
});

describe('bexio sandbox: contacts', () => {
	it('assigns customer numbers, validates them, archives on delete, lists archived only with show_archived and restores', async () => {
		const token = await tenant();
		const a = await api(token, 'POST', '/2.0/contact', contact('Alpha AG', { nr: null }));
		expect(a.status).toBe(201);
		expect(a.body.nr).toBe('1');
		expect(a.body.updated_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(typeof a.body.profile_image).toBe('string');
		const b = await api(token, 'POST', '/2.0/contact', contact('Beta AG', { nr: '500' }));
		expect(b.body.nr).toBe('500');
		expect((await api(token, 'POST', '/2.0/contact', contact('Gamma AG'))).body.nr).toBe('501');
		const duplicate = await api(token, 'POST', '/2.0/contact', contact('Delta AG', { nr: '500' }));
		expect(duplicate.status).toBe(422);
		expect(Object.keys(duplicate.body.errors as object)).toEqual(['nr']);
		expect(
			(await api(token, 'POST', '/2.0/contact', contact('Epsilon AG', { nr: 'K-7' }))).status,
		).toBe(422);
		const missing = await api(token, 'POST', '/2.0/contact', { name_1: 'No Type' });
		expect(missing.status).toBe(422);
		expect(missing.body.message).toContain(
			'The form could not be saved due to the following errors:',
		);
		expect(Object.keys(missing.body.errors as object)).toEqual([
			'contact_type_id',
			'user_id',
			'owner_id',
		]);

		const list = await api(token, 'GET', '/2.0/contact');
		expect(list.body[0].profile_image).toBeUndefined();
		expect((await api(token, 'DELETE', `/2.0/contact/${a.body.id}`)).body).toEqual({
			success: true,
		});
		expect((await api(token, 'GET', '/2.0/contact')).body.map((c) => c.id)).not.toContain(
			a.body.id,
		);
		expect(
			(await api(token, 'GET', '/2.0/contact?show_archived=true')).body.map((c) => c.id),
		).toEqual([a.body.id]);
		expect(
			(
				await api(token, 'POST', '/2.0/contact/search?show_archived=true', [
					{ field: 'name_1', value: 'Alpha' },
				])
			).body,
		).toHaveLength(1);
		expect((await api(token, 'GET', `/2.0/contact/${a.body.id}`)).status).toBe(404);
		expect(
			(await api(token, 'GET', `/2.0/contact/${a.body.id}?show_archived=true`)).body.name_1,
		).toBe('Alpha AG');
		expect((await api(token, 'PATCH', `/2.0/contact/${a.body.id}/restore`)).status).toBe(200);
		expect((await api(token, 'GET', '/2.0/contact')).body).toHaveLength(3);
	});

	it('edits with POST, requires the create fields again and keeps updated_at on the tenant clock', async () => {
		const token = await tenant();
		const c = await api(
			token,
			'POST',
			'/2.0/contact',
			contact('Alpha AG', { street_name: 'Seestrasse', house_number: '5' }),
		);
		expect(c.body.address).toBe('Seestrasse 5');
		expect((await api(token, 'POST', `/2.0/contact/${c.body.id}`, { city: 'Bern' })).status).toBe(
			422,
		);
		await admin('/clock', { token, offsetSeconds: 86_400 * 400 });
		const edited = await api(
			token,
			'POST',
			`/2.0/contact/${c.body.id}`,
			contact('Alpha AG', { city: 'Bern' }),
		);
		expect(edited.body).toMatchObject({ city: 'Bern', nr: c.body.nr, address: 'Seestrasse 5' });
		expect(String(edited.body.updated_at) > String(c.body.updated_at)).toBe(true);
		expect(
			(await api(token, 'POST', '/2.0/contact', contact('Beta', { house_number: '3' }))).body
				.errors,
		).toEqual({ street_name: expect.any(String) });
		const bulk = await api(token, 'POST', '/2.0/contact/_bulk_create', [
			contact('Bulk 1'),
			contact('Bulk 2'),
		]);
		expect(bulk.status).toBe(201);
		expect(bulk.body.map((x) => x.nr)).toEqual(['2', '3']);
		const bad = await api(token, 'POST', '/2.0/contact/_bulk_create', [
			contact('Bulk 3'),
			{ name_1: 'broken' },
		]);
		expect(bad.status).toBe(422);
		expect((await api(token, 'GET', '/2.0/contact')).body).toHaveLength(3);
	});

	it('manages relations, groups and additional addresses under their contact', async () => {
		const token = await tenant();
		const company = (await api(token, 'POST', '/2.0/contact', contact('Firma AG'))).body;
		const person = (
			await api(token, 'POST', '/2.0/contact', { ...contact('Muster'), contact_type_id: 2 })
		).body;
		const rel = await api(token, 'POST', '/2.0/contact_relation', {
			contact_id: company.id,
			contact_sub_id: person.id,
		});
		expect(rel.status).toBe(201);
		expect(
			(
				await api(token, 'POST', '/2.0/contact_relation', {
					contact_id: company.id,
					contact_sub_id: 999,
				})
			).status,
		).toBe(422);
		const address = await api(token, 'POST', `/2.0/contact/${company.id}/additional_address`, {
			name: 'Lager',
			street_name: 'Hafenweg',
			house_number: '2',
		});
		expect(address.body.address).toBe('Hafenweg 2');
		expect(
			(await api(token, 'GET', `/2.0/contact/${person.id}/additional_address/${address.body.id}`))
				.status,
		).toBe(404);
		expect(
			(await api(token, 'GET', `/2.0/contact/${company.id}/additional_address`)).body,
		).toHaveLength(1);
		expect(
			(
				await api(token, 'POST', '/2.0/contact_group/search', [
					{ field: 'name', value: 'Kunden', criteria: '=' },
				])
			).body,
		).toHaveLength(1);
		expect((await api(token, 'POST', '/2.0/contact_branch', { name: 'x' })).status).toBe(405);
	});
});

describe('bexio sandbox: sales documents', () => {
	it('runs the invoice lifecycle: totals as strings, issue, mark_as_sent, payments to paid, and refuses illegal transitions', async () => {
		const token = await tenant();
		const customer = (await api(token, 'POST', '/2.0/contact', contact('Kunde AG'))).body;
		const invoice = await api(token, 'POST', '/2.0/kb_invoice', {
			contact_id: customer.id,
			user_id: 1,
			api_reference: 'shop-1',
			positions: [custom('2', '50')],
		});
		expect(invoice.status).toBe(201);
		expect(invoice.body).toMatchObject({
			document_nr: 'RE-00001',
			kb_item_status_id: 7,
			total_net: '100.000000',
			total_taxes: '8.1000',
			total: '108.100000',
			api_reference: 'shop-1',
		});
		expect(invoice.body.taxs).toEqual([{ percentage: '8.10', value: '8.1000' }]);
		expect((invoice.body.positions as Body)[0]).toMatchObject({
			amount: '2.000000',
			unit_price: '50.000000',
			position_total: '100.000000',
		});
		const id = invoice.body.id;
		expect((await api(token, 'GET', '/2.0/kb_invoice')).body[0].positions).toBeUndefined();
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/mark_as_sent`)).status).toBe(422);
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/cancel`)).status).toBe(422);
		expect(
			(await api(token, 'POST', `/2.0/kb_invoice/${id}/payment`, { value: '10' })).status,
		).toBe(422);
		// 2.0 edits resend the create-required fields.
		expect(
			(await api(token, 'POST', `/2.0/kb_invoice/${id}`, { title: 'Neu' })).body,
		).toMatchObject({ error_code: 422, message: expect.stringMatching(/contact_id.*user_id/) });
		expect(
			(
				await api(token, 'POST', `/2.0/kb_invoice/${id}`, {
					contact_id: customer.id,
					user_id: 1,
					title: 'Neu',
				})
			).body.title,
		).toBe('Neu');
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/issue`)).body).toEqual({
			success: true,
		});
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/issue`)).status).toBe(422);
		expect(
			(
				await api(token, 'POST', `/2.0/kb_invoice/${id}`, {
					contact_id: customer.id,
					user_id: 1,
					title: 'Zu spät',
				})
			).status,
		).toBe(422);
		expect(
			(await api(token, 'POST', `/2.0/kb_invoice/${id}/kb_position_custom`, custom('1', '1')))
				.status,
		).toBe(422);
		expect(
			(
				await api(token, 'POST', `/2.0/kb_invoice/${id}/send`, {
					recipient_email: 'a@example.com',
					subject: 'Rechnung',
					message: 'Hallo',
				})
			).status,
		).toBe(422);
		expect(
			(
				await api(token, 'POST', `/2.0/kb_invoice/${id}/send`, {
					recipient_email: 'a@example.com',
					subject: 'Rechnung',
					message: 'Hallo [Network Link]',
				})
			).status,
		).toBe(200);
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/mark_as_sent`)).body).toEqual({
			success: true,
		});

		const partial = await api(token, 'POST', `/2.0/kb_invoice/${id}/payment`, {
			value: '50',
			date: '2026-11-02',
		});
		expect(partial.status).toBe(201);
		expect(partial.body).toMatchObject({
			value: '50.000000',
			title: 'Received Payment',
			kb_invoice_id: id,
		});
		expect((await api(token, 'GET', `/2.0/kb_invoice/${id}`)).body).toMatchObject({
			kb_item_status_id: 16,
			total_remaining_payments: '58.100000',
		});
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/revert_issue`)).status).toBe(422);
		const rest = await api(token, 'POST', `/2.0/kb_invoice/${id}/payment`, { value: '58.10' });
		expect((await api(token, 'GET', `/2.0/kb_invoice/${id}`)).body.kb_item_status_id).toBe(9);
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/cancel`)).status).toBe(422);
		expect((await api(token, 'GET', `/2.0/kb_invoice/${id}/payment`)).body).toHaveLength(2);
		expect(
			(await api(token, 'DELETE', `/2.0/kb_invoice/${id}/payment/${rest.body.id}`)).body,
		).toEqual({ success: true });
		expect((await api(token, 'GET', `/2.0/kb_invoice/${id}`)).body.kb_item_status_id).toBe(16);
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/cancel`)).body).toEqual({
			success: true,
		});
		expect((await api(token, 'GET', `/2.0/kb_invoice/${id}`)).body.kb_item_status_id).toBe(19);

		const found = await api(token, 'POST', '/2.0/kb_invoice/search', [
			{ field: 'api_reference', value: 'shop-1', criteria: '=' },
		]);
		expect(found.body.map((i) => i.id)).toEqual([id]);
		expect(
			(
				await api(token, 'POST', '/2.0/kb_invoice/search', [
					{ field: 'invoice_date', value: '2026' },
				])
			).status,
		).toBe(422);
		const pdf = await api(token, 'GET', `/2.0/kb_invoice/${id}/pdf?logopaper=0`);
		expect(pdf.body).toMatchObject({ name: 'RE-00001.pdf', mime: 'application/pdf' });
		expect(Buffer.from(String(pdf.body.content), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
		const copy = await api(token, 'POST', `/2.0/kb_invoice/${id}/copy`, {
			contact_id: customer.id,
		});
		expect(copy.body).toMatchObject({
			document_nr: 'RE-00002',
			kb_item_status_id: 7,
			total: '108.100000',
		});
	});

	it('computes mixed documents: discounts, subtotals, prices including tax and CHF rounding', async () => {
		const token = await tenant();
		const customer = (await api(token, 'POST', '/2.0/contact', contact('Kunde AG'))).body;
		const doc = await api(token, 'POST', '/2.0/kb_invoice', {
			contact_id: customer.id,
			user_id: 1,
			positions: [
				custom('1', '17.8', { tax_id: 1 }),
				custom('3', '10', { tax_id: 2, discount_in_percent: '10' }),
				{ type: 'KbPositionSubtotal', text: 'Zwischensumme' },
				{ type: 'KbPositionDiscount', text: 'Rabatt', is_percentual: true, value: '10' },
			],
		});
		expect(doc.status).toBe(201);
		const positions = doc.body.positions as Body;
		expect(positions[1].position_total).toBe('27.000000');
		expect(positions[2].value).toBe('44.800000');
		expect(positions[3].discount_total).toBe('4.480000');
		expect(doc.body).toMatchObject({
			total_gross: '44.800000',
			total_net: '40.320000',
			total_taxes: '1.9294',
			total: '42.250000',
			total_rounding_difference: 0,
		});
		const gross = await api(token, 'POST', '/2.0/kb_invoice', {
			contact_id: customer.id,
			user_id: 1,
			mwst_is_net: false,
			positions: [custom('1', '108.1')],
		});
		expect(gross.body).toMatchObject({
			total_net: '108.100000',
			total_taxes: '8.1000',
			total: '108.100000',
		});
		const invalid = await api(token, 'POST', '/2.0/kb_invoice', {
			contact_id: customer.id,
			user_id: 1,
			positions: [custom('1', '1', { tax_id: 6 })],
		});
		expect(invalid.status).toBe(422);
		expect(Object.keys(invalid.body.errors as object)).toEqual(['positions[0].tax_id']);
		expect(
			(
				await api(token, 'POST', '/2.0/kb_invoice', {
					contact_id: customer.id,
					user_id: 1,
					positions: [custom('1', '1.1234567')],
				})
			).status,
		).toBe(422);
		expect(
			(
				await api(token, 'POST', '/2.0/kb_invoice', {
					contact_id: customer.id,
					user_id: 1,
					document_nr: 'X-1',
				})
			).status,
		).toBe(422);
		expect(
			(
				await api(token, 'POST', '/2.0/kb_order', {
					contact_id: customer.id,
					user_id: 1,
					mwst_is_net: true,
				})
			).body.errors,
		).toEqual({ mwst_is_net: expect.any(String) });
	});

	it('converts only an accepted quote into an invoice and an order, taking the chosen positions', async () => {
		const token = await tenant();
		const customer = (await api(token, 'POST', '/2.0/contact', contact('Kunde AG'))).body;
		const quote = await api(token, 'POST', '/2.0/kb_offer', {
			contact_id: customer.id,
			user_id: 1,
			positions: [custom('1', '10'), custom('2', '5', { is_optional: true })],
		});
		expect(quote.body).toMatchObject({
			document_nr: 'AN-00001',
			kb_item_status_id: 1,
			total_net: '10.000000',
		});
		const qid = quote.body.id;
		const positions = [
			{ id: (quote.body.positions as Body)[0].id, type: 'KbPositionCustom', amount: '3' },
		];
		expect((await api(token, 'POST', `/2.0/kb_offer/${qid}/invoice`, { positions })).status).toBe(
			422,
		);
		expect((await api(token, 'POST', `/2.0/kb_offer/${qid}/accept`)).status).toBe(422);
		await api(token, 'POST', `/2.0/kb_offer/${qid}/issue`);
		expect((await api(token, 'POST', `/2.0/kb_offer/${qid}/revertIssue`)).body).toEqual({
			success: true,
		});
		expect((await api(token, 'POST', `/2.0/kb_offer/${qid}/revert_issue`)).status).toBe(404);
		await api(token, 'POST', `/2.0/kb_offer/${qid}/issue`);
		await api(token, 'POST', `/2.0/kb_offer/${qid}/reject`);
		await api(token, 'POST', `/2.0/kb_offer/${qid}/reissue`);
		expect((await api(token, 'POST', `/2.0/kb_offer/${qid}/accept`)).body).toEqual({
			success: true,
		});
		const invoice = await api(token, 'POST', `/2.0/kb_offer/${qid}/invoice`, { positions });
		expect(invoice.status).toBe(201);
		expect(invoice.body).toMatchObject({
			document_nr: 'RE-00001',
			kb_item_status_id: 7,
			total_net: '30.000000',
		});
		const order = await api(token, 'POST', `/2.0/kb_offer/${qid}/order`, { positions });
		expect(order.body).toMatchObject({ document_nr: 'AU-00001', kb_item_status_id: 5 });
		const delivery = await api(token, 'POST', `/2.0/kb_order/${order.body.id}/delivery`, {});
		expect(delivery.body).toMatchObject({ document_nr: 'LS-00001', kb_item_status_id: 10 });
		expect((await api(token, 'POST', `/2.0/kb_delivery/${delivery.body.id}/issue`)).body).toEqual({
			success: true,
		});
		expect(
			(await api(token, 'GET', `/2.0/kb_delivery/${delivery.body.id}`)).body.kb_item_status_id,
		).toBe(18);
		expect((await api(token, 'GET', `/2.0/kb_order/${order.body.id}/repetition`)).status).toBe(404);
		const repetition = {
			start: '2026-12-01',
			end: null,
			repetition: { type: 'monthly', interval: 1, schedule: 'first_day' },
		};
		expect(
			(await api(token, 'POST', `/2.0/kb_order/${order.body.id}/repetition`, repetition)).body,
		).toEqual(repetition);
		expect((await api(token, 'GET', `/2.0/kb_order/${order.body.id}`)).body.is_recurring).toBe(
			true,
		);
		expect(
			(
				await api(token, 'POST', `/2.0/kb_order/${order.body.id}/repetition`, {
					...repetition,
					repetition: { type: 'hourly', interval: 1 },
				})
			).status,
		).toBe(422);
		expect((await api(token, 'DELETE', `/2.0/kb_order/${order.body.id}/repetition`)).body).toEqual({
			success: true,
		});
	});

	it('serves the seven position endpoints with their rules', async () => {
		const token = await tenant();
		const customer = (await api(token, 'POST', '/2.0/contact', contact('Kunde AG'))).body;
		const article = (
			await api(token, 'POST', '/2.0/article', {
				intern_code: 'A-1',
				intern_name: 'Tastatur',
				sale_price: '40',
				tax_income_id: 1,
			})
		).body;
		const other = (
			await api(token, 'POST', '/2.0/article', { intern_code: 'A-2', intern_name: 'Maus' })
		).body;
		for (const segment of ['kb_offer', 'kb_order', 'kb_invoice']) {
			const doc = (
				await api(token, 'POST', `/2.0/${segment}`, { contact_id: customer.id, user_id: 1 })
			).body;
			const base = `/2.0/${segment}/${doc.id}`;
			const group = await api(token, 'POST', `${base}/kb_position_subposition`, {
				text: 'Hardware',
			});
			expect(group.status).toBe(201);
			const line = await api(token, 'POST', `${base}/kb_position_article`, {
				article_id: article.id,
				amount: '2',
				parent_id: group.body.id,
			});
			expect(line.body).toMatchObject({
				type: 'KbPositionArticle',
				text: 'Tastatur',
				position_total: '80.000000',
				parent_id: group.body.id,
			});
			expect(
				(await api(token, 'POST', `${base}/kb_position_custom`, custom('1', '20'))).status,
			).toBe(201);
			expect(
				(await api(token, 'POST', `${base}/kb_position_text`, { text: 'Hinweis' })).status,
			).toBe(201);
			expect(
				(
					await api(token, 'POST', `${base}/kb_position_discount`, {
						text: 'Rabatt',
						is_percentual: false,
						value: '5',
					})
				).status,
			).toBe(201);
			expect((await api(token, 'POST', `${base}/kb_position_subtotal`, {})).status).toBe(422);
			expect(
				(await api(token, 'POST', `${base}/kb_position_subtotal`, { text: 'Subtotal' })).body.value,
			).toBe('95.000000');
			expect((await api(token, 'POST', `${base}/kb_position_pagebreak`, {})).status).toBe(422);
			expect(
				(await api(token, 'POST', `${base}/kb_position_pagebreak`, { pagebreak: true })).status,
			).toBe(201);
			const optional = await api(
				token,
				'POST',
				`${base}/kb_position_custom`,
				custom('1', '1', { is_optional: true }),
			);
			expect(optional.status).toBe(segment === 'kb_invoice' ? 422 : 201);
			expect(
				(
					await api(token, 'POST', `${base}/kb_position_article/${line.body.id}`, {
						article_id: other.id,
					})
				).status,
			).toBe(422);
			expect(
				(
					await api(token, 'POST', `${base}/kb_position_article/${line.body.id}`, {
						parent_id: group.body.id,
					})
				).status,
			).toBe(422);
			expect(
				(await api(token, 'POST', `${base}/kb_position_article/${line.body.id}`, { amount: '3' }))
					.body.position_total,
			).toBe('120.000000');
			expect(
				(await api(token, 'GET', `${base}/kb_position_subposition/${group.body.id}`)).body
					.total_sum,
			).toBe('120.000000');
			expect((await api(token, 'GET', `${base}/kb_position_custom/${line.body.id}`)).status).toBe(
				404,
			);
			expect((await api(token, 'GET', `${base}/kb_position_article`)).body).toHaveLength(1);
			expect((await api(token, 'GET', base)).body.total_net).toBe('135.000000');
			expect(
				(
					await api(
						token,
						'DELETE',
						`${base}/kb_position_text/${(await api(token, 'GET', `${base}/kb_position_text`)).body[0].id}`,
					)
				).body,
			).toEqual({ success: true });
			const comment = await api(token, 'POST', `${base}/comment`, {
				text: 'Bitte prüfen',
				is_public: false,
			});
			expect(comment.body).toMatchObject({
				text: 'Bitte prüfen',
				user_id: 1,
				user_name: 'Rudolph Smith',
			});
			expect((await api(token, 'GET', `${base}/comment/${comment.body.id}`)).body.text).toBe(
				'Bitte prüfen',
			);
		}
	});

	it('creates reminders only for overdue open invoices and deletes only the newest', async () => {
		const token = await tenant();
		const customer = (await api(token, 'POST', '/2.0/contact', contact('Kunde AG'))).body;
		const inv = (
			await api(token, 'POST', '/2.0/kb_invoice', {
				contact_id: customer.id,
				user_id: 1,
				is_valid_from: '2026-01-01',
				is_valid_to: '2026-01-31',
				positions: [custom('1', '100')],
			})
		).body;
		const base = `/2.0/kb_invoice/${inv.id}/kb_reminder`;
		expect((await api(token, 'POST', base)).status).toBe(400);
		await api(token, 'POST', `/2.0/kb_invoice/${inv.id}/issue`);
		const first = await api(token, 'POST', base);
		expect(first.body).toMatchObject({ reminder_level: 1, is_sent: false, kb_invoice_id: inv.id });
		expect((await api(token, 'GET', `/2.0/kb_invoice/${inv.id}`)).body.kb_item_status_id).toBe(31);
		const second = await api(token, 'POST', base);
		expect((await api(token, 'DELETE', `${base}/${first.body.id}`)).status).toBe(422);
		expect((await api(token, 'POST', `${base}/${second.body.id}/mark_as_sent`)).body).toEqual({
			success: true,
		});
		expect(
			(
				await api(token, 'POST', `${base}/search`, [
					{ field: 'is_sent', value: 'true', criteria: '=' },
				])
			).body.map((r) => r.id),
		).toEqual([second.body.id]);
		expect((await api(token, 'GET', `${base}/${second.body.id}/pdf`)).body.mime).toBe(
			'application/pdf',
		);
		expect((await api(token, 'DELETE', `${base}/${second.body.id}`)).body).toEqual({
			success: true,
		});
	});
});

describe('bexio sandbox: invoice numbering', () => {
	it('takes document_nr only where invoices are numbered by hand, and then requires it', async () => {
		const token = await tenant();
		const customer = (await api(token, 'POST', '/2.0/contact', contact('Kunde AG'))).body;
		const invoice = (extra: Record<string, unknown>) =>
			api(token, 'POST', '/2.0/kb_invoice', { contact_id: customer.id, user_id: 1, ...extra });
		const setting = async () =>
			(
				(await api(token, 'GET', '/2.0/kb_item_setting')).body as unknown as Array<{
					kb_item_class: string;
					use_automatic_enumeration: boolean;
				}>
			).find((x) => x.kb_item_class === 'KbInvoice');
		expect((await setting())?.use_automatic_enumeration).toBe(true);
		expect((await invoice({ document_nr: 'RE0001' })).status).toBe(422);

		await admin('/document-settings', {
			token,
			kbItemClass: 'KbInvoice',
			useAutomaticEnumeration: false,
		});
		expect((await setting())?.use_automatic_enumeration).toBe(false);
		const manual = await invoice({ document_nr: 'RE0001' });
		expect(manual.status).toBe(201);
		expect(manual.body.document_nr).toBe('RE0001');
		expect((await invoice({})).status).toBe(422);
		// Other document types keep their own numbering.
		expect(
			(await api(token, 'POST', '/2.0/kb_offer', { contact_id: customer.id, user_id: 1 })).status,
		).toBe(201);
	});
});

describe('bexio sandbox: projects, time and accounting', () => {
	it('tracks time as duration or range and reads durations back without a leading zero', async () => {
		const token = await tenant();
		const service = (await api(token, 'POST', '/2.0/client_service', { name: 'Beratung' })).body;
		const duration = await api(token, 'POST', '/2.0/timesheet', {
			user_id: 1,
			client_service_id: service.id,
			allowable_bill: true,
			tracking: { type: 'duration', date: '2026-11-02', duration: '01:15' },
		});
		expect(duration.body).toMatchObject({ date: '2026-11-02', duration: '1:15' });
		const range = await api(token, 'POST', '/2.0/timesheet', {
			user_id: 1,
			client_service_id: service.id,
			allowable_bill: false,
			tracking: { type: 'range', start: '2026-11-03 08:00:00', end: '2026-11-03 10:30:00' },
		});
		expect(range.body).toMatchObject({ date: '2026-11-03', duration: '2:30' });
		expect(
			(
				await api(token, 'POST', '/2.0/timesheet', {
					user_id: 1,
					client_service_id: 999,
					allowable_bill: true,
					tracking: { type: 'duration', date: '2026-11-02', duration: '1:00' },
				})
			).body.errors,
		).toEqual({ client_service_id: expect.any(String) });
		expect((await api(token, 'GET', `/2.0/client_service/${service.id}`)).status).toBe(404);
		expect(
			(await api(token, 'GET', '/2.0/timesheet?order_by=date_desc')).body.map((x) => x.id),
		).toEqual([range.body.id, duration.body.id]);
	});

	it('creates projects with numbers, archives them and edits milestones with POST', async () => {
		const token = await tenant();
		const customer = (await api(token, 'POST', '/2.0/contact', contact('Kunde AG'))).body;
		const body = {
			name: 'Villa',
			pr_state_id: 2,
			pr_project_type_id: 2,
			contact_id: customer.id,
			user_id: 1,
		};
		const project = await api(token, 'POST', '/2.0/pr_project', body);
		expect(project.body).toMatchObject({ nr: '000001', name: 'Villa' });
		expect(project.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
		expect(
			(await api(token, 'POST', '/2.0/pr_project', { ...body, document_nr: null })).status,
		).toBe(422);
		expect((await api(token, 'POST', `/2.0/pr_project/${project.body.id}/archive`)).body).toEqual({
			success: true,
		});
		expect((await api(token, 'POST', `/2.0/pr_project/${project.body.id}/archive`)).status).toBe(
			422,
		);
		expect(
			(await api(token, 'POST', `/2.0/pr_project/${project.body.id}/reactivate`)).body,
		).toEqual({ success: true });
		const base = `/3.0/projects/${project.body.id}/milestones`;
		const milestone = await api(token, 'POST', base, { name: 'Rohbau' });
		expect(
			(await api(token, 'POST', `${base}/${milestone.body.id}`, { name: 'Rohbau 2', comment: 'a' }))
				.body,
		).toMatchObject({ name: 'Rohbau 2', comment: 'a' });
		// The documented edit is a POST; no public source shows a PATCH form, so the sandbox has none.
		expect(
			(await api(token, 'PATCH', `${base}/${milestone.body.id}`, { comment: 'b' })).status,
		).toBe(405);
		const pkg = await api(token, 'POST', `/3.0/projects/${project.body.id}/packages`, {
			name: 'Planung',
			pr_milestone_id: milestone.body.id,
		});
		expect(
			(
				await api(token, 'PATCH', `/3.0/projects/${project.body.id}/packages/${pkg.body.id}`, {
					spent_time_in_hours: 3,
				})
			).body.spent_time_in_hours,
		).toBe(3);
		expect((await api(token, 'GET', `/3.0/projects/999/milestones`)).status).toBe(404);
	});

	it('creates, replaces and deletes manual entries, refusing unbalanced, unknown and locked ones', async () => {
		const token = await tenant();
		const entry = {
			type: 'manual_single_entry',
			date: '2026-11-02',
			reference_nr: '7',
			entries: [{ debit_account_id: 1, credit_account_id: 6, amount: 42.5, description: 'Kasse' }],
		};
		const created = await api(token, 'POST', '/3.0/accounting/manual_entries', entry);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ is_locked: false, created_by_user_id: 1 });
		const line = linesOf(created.body)[0];
		expect((await api(token, 'GET', '/3.0/accounting/manual_entries/next_ref_nr')).body).toEqual({
			next_ref_nr: '8',
		});
		expect(
			(await api(token, 'GET', `/3.0/accounting/manual_entries/${created.body.id}`)).status,
		).toBe(405);
		const replaced = await api(token, 'PUT', `/3.0/accounting/manual_entries/${created.body.id}`, {
			...entry,
			id: created.body.id,
			entries: [{ ...entry.entries[0], id: line.id, amount: 50 }],
		});
		expect(linesOf(replaced.body)[0]).toMatchObject({ id: line.id, amount: 50 });
		expect(
			(
				await api(token, 'PUT', `/3.0/accounting/manual_entries/${created.body.id}`, {
					...entry,
					id: 999,
				})
			).status,
		).toBe(422);
		const unknown = await api(token, 'POST', '/3.0/accounting/manual_entries', {
			...entry,
			entries: [{ debit_account_id: 999, credit_account_id: 6, amount: 1 }],
		});
		expect(Object.keys(unknown.body.errors as object)).toEqual(['entries[0].debit_account_id']);
		const compound = {
			type: 'manual_compound_entry',
			date: '2026-11-02',
			entries: [
				{ debit_account_id: 2, amount: 100 },
				{ credit_account_id: 6, amount: 60 },
				{ credit_account_id: 7, amount: 30 },
			],
		};
		expect((await api(token, 'POST', '/3.0/accounting/manual_entries', compound)).status).toBe(422);
		const balanced = await api(token, 'POST', '/3.0/accounting/manual_entries', {
			...compound,
			entries: [...compound.entries.slice(0, 2), { credit_account_id: 7, amount: 40 }],
		});
		expect(balanced.status).toBe(201);
		expect(
			(await api(token, 'POST', '/3.0/accounting/manual_entries', { ...entry, date: '2024-05-01' }))
				.status,
		).toBe(422);
		const locked = await admin<{ created: { ids: number[] } }>('/seed', {
			token,
			resource: 'manual_entries',
			count: 1,
			locked: true,
		});
		expect(
			(await api(token, 'DELETE', `/3.0/accounting/manual_entries/${locked.created.ids[0]}`))
				.status,
		).toBe(422);
		expect(
			(await api(token, 'DELETE', `/3.0/accounting/manual_entries/${created.body.id}`)).body,
		).toEqual({ success: true });
		const journal = await api(
			token,
			'GET',
			`/3.0/accounting/journal?from=2026-11-01&to=2026-11-30`,
		);
		expect(journal.body.map((j) => j.amount)).toEqual([100, 60, 40]);
	});

	it('stores manual entry attachments from multipart uploads', async () => {
		const token = await tenant();
		const created = (
			await api(token, 'POST', '/3.0/accounting/manual_entries', {
				type: 'manual_single_entry',
				date: '2026-11-02',
				entries: [{ debit_account_id: 1, credit_account_id: 6, amount: 1 }],
			})
		).body;
		const lineId = linesOf(created)[0].id;
		const form = new FormData();
		form.append(
			'fileName1',
			new Blob([Buffer.from('%PDF-1.4 beleg')], { type: 'application/pdf' }),
			'beleg.pdf',
		);
		const url = `${sandbox.url}/3.0/accounting/manual_entries/${created.id}/entries/${lineId}/files`;
		const upload = await fetch(url, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
			body: form,
		});
		expect(upload.status).toBe(201);
		const [file] = (await upload.json()) as Array<{ id: number; name: string }>;
		expect(file.name).toBe('beleg.pdf');
		const shown = await api(
			token,
			'GET',
			`/3.0/accounting/manual_entries/${created.id}/entries/${lineId}/files/${file.id}`,
		);
		expect(Buffer.from(String(shown.body.data), 'base64').toString()).toBe('%PDF-1.4 beleg');
		expect(
			(await api(token, 'GET', `/3.0/accounting/manual_entries/${created.id}/files`)).status,
		).toBe(422);
		expect(
			(
				await api(
					token,
					'DELETE',
					`/3.0/accounting/manual_entries/${created.id}/entries/${lineId}/files/${file.id}`,
				)
			).body,
		).toEqual({ success: true });
	});

	it('filters taxes and refuses deleting used taxes (409) and used currencies (422)', async () => {
		const token = await tenant();
		const active = await api(token, 'GET', '/3.0/taxes?scope=active&types=sales_tax');
		expect(active.body.map((x) => x.code)).toEqual(['UN81', 'UR26', 'US38', 'UN00']);
		expect((await api(token, 'GET', '/3.0/taxes?scope=inactive')).body.map((x) => x.value)).toEqual(
			[7.7, 7.7],
		);
		expect(
			(await api(token, 'GET', '/3.0/taxes?date=2023-06-01&types=sales_tax')).body.map(
				(x) => x.code,
			),
		).toEqual(['UN00', 'UN77']);
		expect((await api(token, 'DELETE', '/3.0/taxes/4')).status).toBe(409);
		await api(token, 'POST', '/2.0/article', {
			intern_code: 'A',
			intern_name: 'A',
			tax_income_id: 2,
		});
		expect((await api(token, 'DELETE', '/3.0/taxes/2')).status).toBe(409);
		expect((await api(token, 'DELETE', '/3.0/taxes/3')).body).toEqual({ success: true });
		const gbp = await api(token, 'POST', '/3.0/currencies', { name: 'GBP', round_factor: 0.01 });
		expect(gbp.status).toBe(201);
		expect(
			(await api(token, 'POST', '/3.0/currencies', { name: 'GBP', round_factor: 0.01 })).status,
		).toBe(422);
		expect(
			(await api(token, 'PATCH', `/3.0/currencies/${gbp.body.id}`, { round_factor: 0.05 })).body
				.round_factor,
		).toBe(0.05);
		expect((await api(token, 'DELETE', '/3.0/currencies/2')).status).toBe(422);
		expect((await api(token, 'DELETE', `/3.0/currencies/${gbp.body.id}`)).body).toEqual({
			success: true,
		});
		expect((await api(token, 'GET', '/3.0/currencies?embed=exchange_rate')).body[1]).toMatchObject({
			name: 'EUR',
			exchange_rate: 0.93,
		});
		expect((await api(token, 'GET', '/3.0/currencies/codes')).body).toContain('CHF');
	});

	it('keeps e-mail addresses unique across users and fictional users', async () => {
		const token = await tenant();
		expect(
			(
				await api(token, 'POST', '/3.0/fictional_users', {
					salutation_type: 'male',
					firstname: 'A',
					lastname: 'B',
					email: 'rudolph.smith@example.com',
				})
			).status,
		).toBe(422);
		const created = await api(token, 'POST', '/3.0/fictional_users', {
			salutation_type: 'female',
			firstname: 'Eva',
			lastname: 'Frei',
			email: 'eva@example.com',
		});
		expect(created.status).toBe(201);
		expect(
			(await api(token, 'POST', '/2.0/contact', contact('Von Eva', { user_id: created.body.id })))
				.status,
		).toBe(201);
		expect((await api(token, 'GET', '/3.0/users')).body).toHaveLength(2);
	});
});

describe('bexio sandbox: limits and seeding', () => {
	it('limits per company window with RateLimit headers on every response and a 429 carrying RateLimit-Reset, no Retry-After', async () => {
		const token = await tenant({ perWindow: 2, windowMs: 60_000 });
		const other = await tenant({ perWindow: 2, windowMs: 60_000 });
		const first = await api(token, 'GET', '/3.0/users/me');
		expect(first.headers.get('ratelimit-limit')).toBe('2');
		expect(first.headers.get('ratelimit-remaining')).toBe('1');
		expect((await api(token, 'GET', '/2.0/contact/999')).headers.get('ratelimit-remaining')).toBe(
			'0',
		);
		const limited = await api(token, 'GET', '/3.0/users/me');
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ error_code: 429, message: 'Too Many Requests' });
		expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
		expect(limited.headers.get('retry-after')).toBeNull();
		expect((await api(other, 'GET', '/3.0/users/me')).status).toBe(200);
	});

	it('seeds 20 000 contacts with sequential numbers and shared timestamps on request', async () => {
		const token = await tenant();
		const big = await admin<{ created: { count: number; firstId: number; lastId: number } }>(
			'/seed',
			{ token, resource: 'contacts', count: 20_000 },
		);
		expect(big.created).toMatchObject({ count: 20_000, firstId: 1, lastId: 20_000 });
		expect((await api(token, 'GET', '/2.0/contact?limit=1&offset=19999')).body[0].nr).toBe('20000');
		const twins = await admin<{ created: { ids: number[] } }>('/seed', {
			token,
			resource: 'contacts',
			count: 2,
			updatedAtFrom: '2026-05-05 10:00:00',
			sameTimestamp: true,
		});
		const found = await api(token, 'POST', '/2.0/contact/search', [
			{ field: 'updated_at', value: '2026-05-05 10:00:00', criteria: '=' },
		]);
		expect(found.body.map((c) => c.id)).toEqual(twins.created.ids);
		const invoices = await admin<{ created: { ids: number[] } }>('/seed', {
			token,
			resource: 'invoices',
			count: 3,
			status: 9,
		});
		expect(
			(await api(token, 'GET', `/2.0/kb_invoice/${invoices.created.ids[2]}`)).body,
		).toMatchObject({ kb_item_status_id: 9, total_remaining_payments: '0.000000' });
		for (const resource of [
			'articles',
			'projects',
			'client_services',
			'timesheets',
			'manual_entries',
		]) {
			expect(
				(await admin<{ created: { count: number } }>('/seed', { token, resource, count: 5 }))
					.created.count,
			).toBe(5);
		}
		const records = (await (
			await fetch(`${sandbox.url}/_sandbox/records/timesheets?token=${token}`)
		).json()) as Array<{ duration: string }>;
		expect(records.map((r) => r.duration)).toEqual(['0:15', '0:30', '0:45', '1:00', '1:15']);
	});
});
