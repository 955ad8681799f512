import { adminCall, newTenant, sandboxUrl, stats } from '../helpers/sandbox';

/** The bexio simulator over plain HTTP: the contract the client and the nodes rely on. */

const base = () => sandboxUrl('bexio');

async function api(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(`${base()}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & Array<Record<string, unknown>> };
}

const contact = (name: string) => ({ contact_type_id: 1, name_1: name, user_id: 1, owner_id: 1 });

describe('bexio sandbox', () => {
	it('answers 401 without a valid token and 415 without a JSON Accept header', async () => {
		const token = await newTenant('bexio', { disabled: true });
		expect((await api(`${token}x`, 'GET', '/3.0/users/me')).status).toBe(401);
		expect((await api(token, 'GET', '/3.0/users/me', undefined, { Accept: 'text/html' })).status).toBe(415);
		expect((await api(token, 'GET', '/3.0/users/me')).body.id).toBe(1);
	});

	it('assigns customer numbers, refuses a duplicate one, archives on delete and restores', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const a = await api(token, 'POST', '/2.0/contact', contact('Alpha AG'));
		const b = await api(token, 'POST', '/2.0/contact', { ...contact('Beta AG'), nr: '500' });
		expect(a.status).toBe(201);
		expect(a.body.nr).toBe('1');
		expect(b.body.nr).toBe('500');
		const duplicate = await api(token, 'POST', '/2.0/contact', { ...contact('Gamma AG'), nr: '500' });
		expect(duplicate.status).toBe(422);
		expect(JSON.stringify(duplicate.body.errors)).toContain('nr');

		expect((await api(token, 'DELETE', `/2.0/contact/${a.body.id}`)).body).toEqual({ success: true });
		expect((await api(token, 'GET', '/2.0/contact')).body.map((c) => c.id)).toEqual([b.body.id]);
		expect((await api(token, 'GET', '/2.0/contact?show_archived=true')).body.map((c) => c.id)).toEqual([a.body.id]);
		await api(token, 'PATCH', `/2.0/contact/${a.body.id}/restore`);
		expect((await api(token, 'GET', '/2.0/contact')).body).toHaveLength(2);
	});

	it('searches with the documented grammar: like by default, exact criteria, lists for in, 422 for unknown fields', async () => {
		const token = await newTenant('bexio', { disabled: true });
		for (const name of ['Meyer AG', 'Meyerhof GmbH', 'Müller AG']) await api(token, 'POST', '/2.0/contact', contact(name));
		const like = await api(token, 'POST', '/2.0/contact/search', [{ field: 'name_1', value: 'Meyer' }]);
		const exact = await api(token, 'POST', '/2.0/contact/search', [{ field: 'name_1', value: 'Meyer AG', criteria: '=' }]);
		const inList = await api(token, 'POST', '/2.0/contact/search?order_by=id_desc', [{ field: 'nr', value: ['1', '3'], criteria: 'in' }]);
		expect(like.body).toHaveLength(2);
		expect(exact.body).toHaveLength(1);
		expect(inList.body.map((c) => c.nr)).toEqual(['3', '1']);
		expect((await api(token, 'POST', '/2.0/contact/search', [{ field: 'invoice_date', value: 'x' }])).status).toBe(422);
	});

	it('pages with limit/offset up to 2000', async () => {
		const token = await newTenant('bexio', { disabled: true });
		await adminCall('bexio', 'POST', '/seed', { token, resource: 'contacts', count: 2500 });
		expect((await api(token, 'GET', '/2.0/contact')).body).toHaveLength(500);
		expect((await api(token, 'GET', '/2.0/contact?limit=2000&offset=2000')).body).toHaveLength(500);
		expect((await api(token, 'GET', '/2.0/contact?limit=2001')).status).toBe(400);
	});

	it('runs the invoice lifecycle: computed totals, issue, payments to paid, and refuses illegal transitions', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const customer = await api(token, 'POST', '/2.0/contact', contact('Kunde AG'));
		const invoice = await api(token, 'POST', '/2.0/kb_invoice', {
			contact_id: customer.body.id,
			user_id: 1,
			api_reference: 'shop-1',
			positions: [{ type: 'KbPositionCustom', amount: '2', unit_price: '50', tax_id: 1, text: 'Beratung' }],
		});
		expect(invoice.status).toBe(201);
		expect(invoice.body.document_nr).toBe('RE-00001');
		expect(invoice.body.total_net).toBe('100.000000');
		expect(invoice.body.total).toBe('108.100000');
		const id = invoice.body.id;
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/cancel`)).status).toBe(422);
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/issue`)).body).toEqual({ success: true });
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/issue`)).status).toBe(422);
		expect((await api(token, 'POST', `/2.0/kb_invoice/${id}/kb_position_custom`, { text: 'x', amount: '1', unit_price: '1' })).status).toBe(422);
		await api(token, 'POST', `/2.0/kb_invoice/${id}/payment`, { value: '50' });
		expect((await api(token, 'GET', `/2.0/kb_invoice/${id}`)).body.kb_item_status_id).toBe(16);
		await api(token, 'POST', `/2.0/kb_invoice/${id}/payment`, { value: '58.10' });
		expect((await api(token, 'GET', `/2.0/kb_invoice/${id}`)).body.kb_item_status_id).toBe(9);
		const found = await api(token, 'POST', '/2.0/kb_invoice/search', [{ field: 'api_reference', value: 'shop-1', criteria: '=' }]);
		expect(found.body.map((i) => i.id)).toEqual([id]);
	});

	it('converts only an accepted quote, with explicit positions', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const customer = await api(token, 'POST', '/2.0/contact', contact('Kunde AG'));
		const quote = await api(token, 'POST', '/2.0/kb_offer', { contact_id: customer.body.id, user_id: 1, positions: [{ type: 'KbPositionCustom', amount: '1', unit_price: '10', tax_id: 1 }] });
		const positions = [{ id: (quote.body.positions as Array<{ id: number }>)[0].id, type: 'KbPositionCustom' }];
		expect((await api(token, 'POST', `/2.0/kb_offer/${quote.body.id}/invoice`, { positions })).status).toBe(422);
		await api(token, 'POST', `/2.0/kb_offer/${quote.body.id}/issue`);
		await api(token, 'POST', `/2.0/kb_offer/${quote.body.id}/accept`);
		expect((await api(token, 'POST', `/2.0/kb_offer/${quote.body.id}/invoice`, { positions: [] })).status).toBe(422);
		const invoice = await api(token, 'POST', `/2.0/kb_offer/${quote.body.id}/invoice`, { positions });
		expect(invoice.status).toBe(201);
		expect(invoice.body.total_net).toBe('10.000000');
	});

	it('creates, replaces and deletes manual entries, validating accounts and amounts', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const entry = { type: 'manual_single_entry', date: '2026-11-02', reference_nr: 'K-1', entries: [{ debit_account_id: 1, credit_account_id: 6, amount: 42.5, description: 'Kasse' }] };
		const created = await api(token, 'POST', '/3.0/accounting/manual_entries', entry);
		expect(created.status).toBe(201);
		const lineId = (created.body as unknown as { entries: Array<{ id: number }> }).entries[0].id;
		const replaced = await api(token, 'PUT', `/3.0/accounting/manual_entries/${created.body.id}`, { ...entry, id: created.body.id, entries: [{ ...entry.entries[0], id: lineId, amount: 50 }] });
		expect((replaced.body as unknown as { entries: Array<{ amount: number }> }).entries[0].amount).toBe(50);
		const invalid = await api(token, 'POST', '/3.0/accounting/manual_entries', { ...entry, entries: [{ debit_account_id: 999, credit_account_id: 6, amount: 1 }] });
		expect(invalid.status).toBe(422);
		expect(JSON.stringify(invalid.body)).toContain('entries[0].debit_account_id');
		expect((await api(token, 'DELETE', `/3.0/accounting/manual_entries/${created.body.id}`)).body).toEqual({ success: true });
	});

	it('limits per company window with RateLimit headers and a 429 carrying RateLimit-Reset', async () => {
		const token = await newTenant('bexio', { perWindow: 2, windowMs: 60_000 });
		const first = await api(token, 'GET', '/3.0/users/me');
		expect(first.headers.get('ratelimit-limit')).toBe('2');
		expect(first.headers.get('ratelimit-remaining')).toBe('1');
		await api(token, 'GET', '/3.0/users/me');
		const limited = await api(token, 'GET', '/3.0/users/me');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
		expect(limited.headers.get('retry-after')).toBeNull();
		expect((await stats('bexio', token)).byStatus['429']).toBe(1);
	});

	it('runs the OAuth2 code flow with rotating refresh tokens; an expired access token is refused until refreshed', async () => {
		const token = await newTenant('bexio', { disabled: true });
		const client = await adminCall<{ client_id: string; client_secret: string }>('bexio', 'POST', '/oauth/clients', { token, accessTokenTtlSeconds: 600 });
		const redirect = 'http://127.0.0.1:9/callback';
		const auth = await fetch(`${base()}/realms/bexio/protocol/openid-connect/auth?client_id=${client.client_id}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=openid%20offline_access&state=xyz`, { redirect: 'manual' });
		expect(auth.status).toBe(302);
		const location = new URL(auth.headers.get('location')!);
		expect(location.searchParams.get('state')).toBe('xyz');
		const tokenUrl = `${base()}/realms/bexio/protocol/openid-connect/token`;
		const form = (fields: Record<string, string>) =>
			fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret, ...fields }) }).then(
				async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }),
			);
		const first = await form({ grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: redirect });
		expect(first.status).toBe(200);
		expect((await api(first.body.access_token, 'GET', '/3.0/users/me')).status).toBe(200);

		await adminCall('bexio', 'POST', '/oauth/expire', { accessToken: first.body.access_token });
		expect((await api(first.body.access_token, 'GET', '/3.0/users/me')).status).toBe(401);

		const refreshed = await form({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
		expect((await api(refreshed.body.access_token, 'GET', '/3.0/users/me')).status).toBe(200);
		expect((await form({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token })).status).toBe(400);
		const inQuery = await fetch(`${tokenUrl}?grant_type=refresh_token`, { method: 'POST' });
		expect(inQuery.status).toBe(400);
	});
});
