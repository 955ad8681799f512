import { verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startLexofficeSandbox, type RunningLexofficeSandbox } from '../../sandbox/lexoffice';
import officialExamples from '../../sandbox/lexoffice/fixtures/officialExamples.json';

type JsonRecord = Record<string, unknown>;
interface Example {
	method_path: string | null;
	request: unknown;
	response: unknown;
}
const examples = officialExamples as unknown as Record<string, Example>;

let sandbox: RunningLexofficeSandbox;

beforeAll(async () => {
	sandbox = await startLexofficeSandbox({ webhookTimeScale: 0.001 });
});

afterAll(async () => {
	await sandbox.close();
});

interface Reply {
	status: number;
	headers: Headers;
	body: Buffer;
	json: JsonRecord;
}

async function call(
	token: string | undefined,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<Reply> {
	const h: Record<string, string> = { ...headers };
	if (token !== undefined) h.Authorization = `Bearer ${token}`;
	let payload: string | FormData | undefined;
	if (body instanceof FormData) payload = body;
	else if (body !== undefined) {
		payload = JSON.stringify(body);
		if (!('Content-Type' in h)) h['Content-Type'] = 'application/json';
	}
	const res = await fetch(`${sandbox.url}${path}`, { method, headers: h, body: payload });
	const buf = Buffer.from(await res.arrayBuffer());
	let json: JsonRecord = {};
	if ((res.headers.get('content-type') ?? '').includes('json') && buf.length > 0)
		json = JSON.parse(buf.toString('utf8')) as JsonRecord;
	return { status: res.status, headers: res.headers, body: buf, json };
}

async function admin<T = JsonRecord>(method: string, path: string, body?: unknown): Promise<T> {
	const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status}: ${await res.text()}`);
	return (await res.json()) as T;
}

async function tenant(rateLimit: JsonRecord = { disabled: true }): Promise<string> {
	return (await admin<{ token: string }>('POST', '/tenants', { rateLimit })).token;
}

async function seed(
	token: string,
	resource: string,
	count: number,
	options: JsonRecord = {},
): Promise<{ count: number; ids?: string[]; firstId: string }> {
	return (
		await admin<{ created: { count: number; ids?: string[]; firstId: string } }>('POST', '/seed', {
			token,
			resource,
			count,
			...options,
		})
	).created;
}

/** Polls until the check passes or the bound is reached (a bound, not a duration assertion). */
async function until<T>(check: () => Promise<T | undefined>, bound = 10_000): Promise<T> {
	const deadline = Date.now() + bound;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('condition not reached');
		await new Promise((r) => setTimeout(r, 20));
	}
}

function example(name: string): Example {
	const e = examples[name];
	if (!e) throw new Error(`missing example ${name}`);
	return e;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function keys(value: unknown): string[] {
	return Object.keys(value as JsonRecord).sort();
}

/** The documented top-level keys must all be present (the simulator may add newer fields). */
function expectShape(actual: unknown, documented: unknown): void {
	const missing = keys(documented).filter((k) => !keys(actual).includes(k));
	expect(missing).toEqual([]);
}

const invoiceBody = (): JsonRecord =>
	clone(example('invoices-endpoint-create-an-invoice').request) as JsonRecord;

describe('authentication', () => {
	it('answers 401 for missing or unknown keys and 403 for a malformed header', async () => {
		const missing = await call(undefined, 'GET', '/v1/profile');
		expect(missing.status).toBe(401);
		expect(missing.json).toEqual({ message: 'Unauthorized' });
		const unknown = await call('not-a-known-key', 'GET', '/v1/profile');
		expect(unknown.status).toBe(401);
		expect(unknown.json).toEqual({ message: 'Unauthorized' });
		const malformed = await call(undefined, 'GET', '/v1/profile', undefined, {
			Authorization: 'Token abc',
		});
		expect(malformed.status).toBe(403);
		expect(String(malformed.json.message)).toContain('key=value');
		const ok = await call(await tenant(), 'GET', '/v1/profile');
		expect(ok.status).toBe(200);
	});

	it('keeps tenants apart', async () => {
		const a = await tenant();
		const b = await tenant();
		await seed(a, 'contacts', 3);
		expect((await call(a, 'GET', '/v1/contacts')).json.totalElements).toBe(3);
		expect((await call(b, 'GET', '/v1/contacts')).json.totalElements).toBe(0);
		expect((await call(a, 'GET', '/v1/profile')).json.organizationId).not.toBe(
			(await call(b, 'GET', '/v1/profile')).json.organizationId,
		);
	});
});

describe('conventions', () => {
	it('pages with the Spring envelope and per-endpoint size caps', async () => {
		const token = await tenant();
		await seed(token, 'contacts', 30);
		const page = await call(token, 'GET', '/v1/contacts?page=1&size=10');
		expect(page.status).toBe(200);
		expect(keys(page.json)).toEqual(
			[
				'content',
				'first',
				'last',
				'number',
				'numberOfElements',
				'size',
				'sort',
				'totalElements',
				'totalPages',
			].sort(),
		);
		expect(page.json).toMatchObject({
			first: false,
			last: false,
			totalPages: 3,
			totalElements: 30,
			numberOfElements: 10,
			size: 10,
			number: 1,
		});
		expect(page.json.sort).toEqual([
			{
				direction: 'ASC',
				property: 'name',
				ignoreCase: false,
				nullHandling: 'NATIVE',
				ascending: true,
			},
		]);
		expect((await call(token, 'GET', '/v1/contacts?size=500')).status).toBe(200);
		expect((await call(token, 'GET', '/v1/contacts?size=1000')).status).toBe(400);
		expect((await call(token, 'GET', '/v1/articles?size=251')).status).toBe(400);
		const list = await call(
			token,
			'GET',
			'/v1/voucherlist?voucherType=any&voucherStatus=any&size=251',
		);
		expect(list.status).toBe(400);
		expect(list.json.message).toBe("parameter 'size' must be equal or lower than 250");
	});

	it('answers master data as bare arrays of the documented shape', async () => {
		const token = await tenant();
		for (const [path, name] of [
			['/v1/countries', 'countries-endpoint-retrieve-list-of-countries'],
			['/v1/payment-conditions', 'payment-conditions-endpoint-retrieve-list-of-payment-conditions'],
			['/v1/posting-categories', 'posting-categories-endpoint-retrieve-list-of-posting-categories'],
			['/v1/print-layouts', 'print-layouts-endpoint-retrieve-list-of-print-layouts'],
		]) {
			const res = await fetch(`${sandbox.url}${path}`, {
				headers: { Authorization: `Bearer ${token}` },
			});
			const body = (await res.json()) as unknown[];
			expect(Array.isArray(body)).toBe(true);
			expectShape(body[0], (example(name).response as unknown[])[0]);
		}
		const categories = (await (
			await fetch(`${sandbox.url}/v1/posting-categories`, {
				headers: { Authorization: `Bearer ${token}` },
			})
		).json()) as JsonRecord[];
		expect(categories.map((c) => c.id)).toEqual(
			expect.arrayContaining([
				'8f8664a8-fd86-11e1-a21f-0800200c9a66',
				'380a20cb-d04c-426e-b49c-84c22adfa362',
			]),
		);
		const profile = await call(token, 'GET', '/v1/profile');
		expectShape(profile.json, example('profile-endpoint-retrieve-profile-information').response);
	});

	it('requires a Content-Type on bodies, strict timestamps and answers action results with Location', async () => {
		const token = await tenant();
		const noType = await call(token, 'POST', '/v1/articles', undefined, {});
		expect(noType.status).toBe(415);
		const res = await fetch(`${sandbox.url}/v1/invoices`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}` },
			body: new Uint8Array(Buffer.from(JSON.stringify(invoiceBody()))),
		});
		expect(res.status).toBe(415);
		for (const bad of [
			'2026-08-21',
			'2026-08-21T00:00:00',
			'2026-08-21T00:00:00.000',
			'2026-08-21T00:00:00Z',
		]) {
			const wrong = await call(token, 'POST', '/v1/invoices', {
				...invoiceBody(),
				voucherDate: bad,
			});
			expect(wrong.status).toBe(406);
			expect(wrong.json.details).toEqual(
				expect.arrayContaining([expect.objectContaining({ field: 'voucherDate' })]),
			);
		}
		const created = await call(token, 'POST', '/v1/invoices', invoiceBody());
		expect(created.status).toBe(201);
		expect(created.headers.get('location')).toBe(created.json.resourceUri);
		expect(String(created.json.resourceUri)).toBe(
			`${sandbox.url}/v1/invoices/${String(created.json.id)}`,
		);
		expect((await call(token, 'GET', '/v1/no-such-resource')).status).toBe(404);
	});
});

describe('official examples', () => {
	it('accepts every documented create/update request and answers GETs of the documented shape', async () => {
		const token = await tenant();
		const actionKeys = keys(example('articles-endpoint-create-an-article').response);
		const covered = new Set<string>();
		const post = async (name: string, path: string, body?: unknown): Promise<Reply> => {
			covered.add(name);
			const res = await call(token, 'POST', path, body ?? example(name).request);
			expect({ name, status: res.status }).toEqual({ name, status: 201 });
			expect(keys(res.json)).toEqual(actionKeys);
			return res;
		};
		const get = async (path: string): Promise<JsonRecord> => {
			const res = await call(token, 'GET', path);
			expect({ path, status: res.status }).toEqual({ path, status: 200 });
			return res.json;
		};

		// Articles: create, read, update (version from the read), filter.
		const article = await post('articles-endpoint-create-an-article', '/v1/articles');
		const articleRead = await get(`/v1/articles/${String(article.json.id)}`);
		expect(articleRead.price).toEqual({
			netPrice: 61.9,
			grossPrice: 73.66,
			leadingPrice: 'NET',
			taxRate: 19,
		});
		covered.add('articles-endpoint-update-an-article');
		const update = {
			...(clone(example('articles-endpoint-update-an-article').request) as JsonRecord),
			version: articleRead.version,
		};
		const updated = await call(token, 'PUT', `/v1/articles/${String(article.json.id)}`, update);
		expect(updated.status).toBe(200);
		expect(keys(updated.json)).toEqual(actionKeys);
		// The update example sets every optional field, so the read matches the full documented shape.
		const articleAfter = await get(`/v1/articles/${String(article.json.id)}`);
		expectShape(articleAfter, example('articles-endpoint-article-properties').response);
		expectShape(articleAfter, example('articles-endpoint-retrieve-an-article').response);
		expectShape(
			await get('/v1/articles?articleNumber=LXW-BUHA-2024-001'),
			example('articles-endpoint-filtering-articles').response,
		);

		// Contacts.
		const contact = await post('contacts-endpoint-create-a-contact', '/v1/contacts');
		const contactRead = await get(`/v1/contacts/${String(contact.json.id)}`);
		expectShape(contactRead, example('contacts-endpoint-retrieve-a-contact').response);
		expect(contactRead.version).toBe(1);
		expectShape(
			await get('/v1/contacts'),
			example('contacts-endpoint-filtering-contacts').response,
		);

		// Invoices (draft and finalized), credit notes, delivery notes.
		const invoice = await post('invoices-endpoint-create-an-invoice', '/v1/invoices');
		expectShape(
			await get(`/v1/invoices/${String(invoice.json.id)}`),
			example('invoices-endpoint-retrieve-an-invoice').response,
		);
		const finalInvoice = await post(
			'invoices-endpoint-create-an-invoice',
			'/v1/invoices?finalize=true',
		);
		const creditNote = await post('credit-notes-endpoint-create-a-credit-note', '/v1/credit-notes');
		const creditRead = await get(`/v1/credit-notes/${String(creditNote.json.id)}`);
		expectShape(creditRead, example('credit-notes-endpoint-retrieve-a-credit-note').response);
		expect(creditRead.totalPrice).toEqual({
			currency: 'EUR',
			totalNetAmount: 31.8,
			totalGrossAmount: 36.89,
			totalTaxAmount: 5.09,
		});
		const deliveryNote = await post(
			'delivery-notes-endpoint-create-a-delivery-note',
			'/v1/delivery-notes',
		);
		expectShape(
			await get(`/v1/delivery-notes/${String(deliveryNote.json.id)}`),
			example('delivery-notes-endpoint-retrieve-a-delivery-note').response,
		);

		// Rendered documents carry files.documentFileId (order confirmations, quotations).
		const oc = await post(
			'order-confirmations-endpoint-create-an-order-confirmation',
			'/v1/order-confirmations?finalize=true',
		);
		const ocDoc = await get(`/v1/order-confirmations/${String(oc.json.id)}/document`);
		expectShape(
			ocDoc,
			example('order-confirmations-endpoint-render-an-order-confirmation-document-pdf').response,
		);
		expectShape(
			await get(`/v1/order-confirmations/${String(oc.json.id)}`),
			example('order-confirmations-endpoint-retrieve-an-order-confirmation').response,
		);
		const quotationBody = clone(
			example('quotations-endpoint-create-a-quotation').request,
		) as JsonRecord;
		(quotationBody.address as JsonRecord).contactId = contact.json.id;
		const quotation = await post(
			'quotations-endpoint-create-a-quotation',
			'/v1/quotations?finalize=true',
			quotationBody,
		);
		await get(`/v1/quotations/${String(quotation.json.id)}/document`);
		const quotationRead = await get(`/v1/quotations/${String(quotation.json.id)}`);
		expectShape(quotationRead, example('quotations-endpoint-retrieve-a-quotation').response);
		// Optional positions are not part of the totals (23.90 gross only).
		expect(quotationRead.totalPrice).toMatchObject({
			totalGrossAmount: 23.9,
			totalNetAmount: 20.08,
			totalTaxAmount: 3.82,
		});

		// Dunnings pursue a finalized invoice.
		const dunning = await post(
			'dunnings-endpoint-create-a-dunning',
			`/v1/dunnings?precedingSalesVoucherId=${String(finalInvoice.json.id)}`,
		);
		const dunningRead = await get(`/v1/dunnings/${String(dunning.json.id)}`);
		expectShape(dunningRead, example('dunnings-endpoint-retrieve-a-dunning').response);
		expect(dunningRead.voucherStatus).toBe('draft');
		expectShape(
			await get(`/v1/dunnings/${String(dunning.json.id)}/document`),
			example('dunnings-endpoint-render-a-dunning-document-pdf').response,
		);

		// Bookkeeping vouchers.
		const voucher = await post('vouchers-endpoint-create-a-voucher', '/v1/vouchers');
		expectShape(
			await get(`/v1/vouchers/${String(voucher.json.id)}`),
			example('vouchers-endpoint-retrieve-a-voucher').response,
		);
		const byNumber = await get('/v1/vouchers?voucherNumber=123-456');
		expectShape(byNumber, example('vouchers-endpoint-filtering-vouchers').response);
		expect(byNumber.sort).toBeUndefined();

		// Event subscriptions: the documented callback is replaced by a reachable local one.
		const receiver = await startReceiver(() => 200);
		try {
			const subBody = {
				...(clone(
					example('event-subscriptions-endpoint-create-an-event-subscription').request,
				) as JsonRecord),
				callbackUrl: receiver.url,
			};
			const sub = await post(
				'event-subscriptions-endpoint-create-an-event-subscription',
				'/v1/event-subscriptions',
				subBody,
			);
			expect(sub.json.version).toBe(0);
			const one = await get(`/v1/event-subscriptions/${String(sub.json.id)}`);
			expect(keys(one)).toEqual(
				keys(example('event-subscriptions-endpoint-retrieve-an-event-subscription').response),
			);
			const all = await get('/v1/event-subscriptions');
			expect(keys(all)).toEqual(['content']);
		} finally {
			await receiver.close();
		}

		// Read-only resources, seeded.
		const dpi = (await seed(token, 'down-payment-invoices', 1)).ids?.[0] ?? '';
		expect((await call(token, 'GET', `/v1/down-payment-invoices/${dpi}/file`)).status).toBe(200);
		expectShape(
			await get(`/v1/down-payment-invoices/${dpi}`),
			example('down-payment-invoices-endpoint-retrieve-a-down-payment-invoice').response,
		);
		const template = (await seed(token, 'recurring-templates', 2)).ids?.[0] ?? '';
		expectShape(
			await get(`/v1/recurring-templates/${template}`),
			example('recurring-templates-endpoint-recurring-template-properties').response,
		);
		const templates = await get('/v1/recurring-templates');
		expectShape(
			templates,
			example('recurring-templates-endpoint-retrieve-all-recurring-templates').response,
		);
		expectShape(
			(templates.content as unknown[])[0],
			(
				example('recurring-templates-endpoint-retrieve-all-recurring-templates').response as {
					content: unknown[];
				}
			).content[0],
		);
		const list = await get('/v1/voucherlist?voucherType=any&voucherStatus=any');
		expectShape(list, example('voucherlist-endpoint-retrieve-and-filter-voucherlist').response);
		expectShape(
			(list.content as unknown[])[0],
			(
				example('voucherlist-endpoint-retrieve-and-filter-voucherlist').response as {
					content: unknown[];
				}
			).content[0],
		);
		expectShape(
			await get(`/v1/payments/${String(finalInvoice.json.id)}`),
			example('payments-endpoint-retrieve-payment-information').response,
		);

		// Every documented POST/PUT request example was exercised above.
		const documented = Object.entries(examples)
			.filter(([, e]) => e.request !== null && /^(POST|PUT) /.test(e.method_path ?? ''))
			.map(([name]) => name);
		expect(documented.length).toBeGreaterThan(5);
		expect(documented.filter((n) => !covered.has(n))).toEqual([]);
	});
});

describe('contacts', () => {
	it('locks optimistically with a 406 naming version and replaces fully', async () => {
		const token = await tenant();
		const created = await call(token, 'POST', '/v1/contacts', {
			version: 0,
			roles: { customer: {} },
			company: { name: 'Bike & Ride GmbH' },
			note: 'first',
		});
		expect(created.status).toBe(201);
		expect(created.json.version).toBe(1);
		const id = String(created.json.id);
		const read = await call(token, 'GET', `/v1/contacts/${id}`);
		expect((read.json.roles as JsonRecord).customer).toEqual({ number: 10000 });
		const put = await call(token, 'PUT', `/v1/contacts/${id}`, {
			version: 1,
			roles: { customer: {}, vendor: {} },
			company: { name: 'Bike & Ride GmbH' },
		});
		expect(put.status).toBe(200);
		expect(put.json.version).toBe(2);
		const after = await call(token, 'GET', `/v1/contacts/${id}`);
		expect(after.json.note).toBeUndefined();
		expect((after.json.roles as JsonRecord).vendor).toEqual({ number: 70000 });
		const stale = await call(token, 'PUT', `/v1/contacts/${id}`, {
			version: 1,
			roles: { customer: {} },
			company: { name: 'X' },
		});
		expect(stale.status).toBe(406);
		expect(stale.json.IssueList).toEqual([
			expect.objectContaining({ source: 'version', i18nKey: 'invalid_value' }),
		]);
		expect((await call(token, 'DELETE', `/v1/contacts/${id}`)).status).toBe(404);
	});

	it('validates in the legacy format naming the field', async () => {
		const token = await tenant();
		const noName = await call(token, 'POST', '/v1/contacts', {
			version: 0,
			roles: { customer: {} },
			company: {},
		});
		expect(noName.status).toBe(406);
		expect(noName.json.IssueList).toEqual([
			expect.objectContaining({
				source: 'company.name',
				i18nKey: 'missing_entity',
				type: 'validation_failure',
			}),
		]);
		const noRole = await call(token, 'POST', '/v1/contacts', {
			version: 0,
			roles: {},
			person: { lastName: 'A' },
		});
		expect(noRole.json.IssueList).toEqual([
			expect.objectContaining({ source: 'roles.customer or roles.vendor' }),
		]);
		const both = await call(token, 'POST', '/v1/contacts', {
			version: 0,
			roles: { vendor: {} },
			person: { lastName: 'A' },
			company: { name: 'B' },
		});
		expect(both.json.IssueList).toEqual([
			expect.objectContaining({ source: 'company and person', i18nKey: 'invalid_value' }),
		]);
		const twoMails = await call(token, 'POST', '/v1/contacts', {
			version: 0,
			roles: { vendor: {} },
			person: { lastName: 'A' },
			emailAddresses: { business: ['a@example.com', 'b@example.com'] },
		});
		expect(twoMails.status).toBe(406);
		const seeded = await seed(token, 'contacts', 1, { multipleEntries: true });
		const readOnly = await call(token, 'PUT', `/v1/contacts/${seeded.firstId}`, {
			version: 1,
			roles: { customer: {} },
			company: { name: 'C' },
		});
		expect(readOnly.status).toBe(406);
	});

	it('filters by name with wildcards, HTML entities and the 3-character minimum', async () => {
		const token = await tenant();
		for (const name of ['Johnson & Partner', 'Johnsons Bakery', 'Other GmbH']) {
			await call(token, 'POST', '/v1/contacts', {
				version: 0,
				roles: { customer: {} },
				company: { name },
			});
		}
		await call(token, 'POST', '/v1/contacts', {
			version: 0,
			roles: { vendor: {} },
			person: { firstName: 'Inge', lastName: 'Musterfrau' },
			emailAddresses: { business: ['inge@example.org'] },
		});
		const names = async (query: string): Promise<string[]> =>
			((await call(token, 'GET', `/v1/contacts?${query}`)).json.content as JsonRecord[]).map((c) =>
				String((c.company as JsonRecord | undefined)?.name ?? (c.person as JsonRecord).lastName),
			);
		expect(await names(`name=${encodeURIComponent('johnson &amp; partner')}`)).toEqual([
			'Johnson & Partner',
		]);
		expect(await names('name=johns%25')).toEqual(['Johnson & Partner', 'Johnsons Bakery']);
		expect(await names('name=johnson_')).toEqual(['Johnson & Partner', 'Johnsons Bakery']);
		expect(await names('email=inge%40')).toEqual(['Musterfrau']);
		expect(await names('vendor=true')).toEqual(['Musterfrau']);
		expect(await names('number=10001')).toEqual(['Johnsons Bakery']);
		const short = await call(token, 'GET', '/v1/contacts?name=jo');
		expect(short.status).toBe(400);
		expect(short.json.IssueList).toBeDefined();
	});

	it('seeds 20,000 contacts in memory and pages through them', async () => {
		const token = await tenant();
		const created = await seed(token, 'contacts', 20_000, { role: 'both' });
		expect(created.count).toBe(20_000);
		expect(created.ids).toBeUndefined();
		const page = await call(token, 'GET', '/v1/contacts?size=500&page=39');
		expect(page.json).toMatchObject({ totalElements: 20_000, numberOfElements: 500, last: true });
	});
});

describe('articles', () => {
	it('computes prices, enforces unique numbers and GTINs and locks with 409', async () => {
		const token = await tenant();
		const base = {
			title: 'Schloss',
			type: 'PRODUCT',
			unitName: 'Stück',
			price: { leadingPrice: 'GROSS', grossPrice: 11.9, taxRate: 19 },
		};
		const created = await call(token, 'POST', '/v1/articles', { ...base, articleNumber: 'A-1' });
		expect(created.json.version).toBe(0);
		const id = String(created.json.id);
		expect((await call(token, 'GET', `/v1/articles/${id}`)).json.price).toMatchObject({
			netPrice: 10,
			grossPrice: 11.9,
		});
		const dup = await call(token, 'POST', '/v1/articles', { ...base, articleNumber: 'A-1' });
		expect(dup.status).toBe(406);
		expect(dup.json.details).toEqual([
			expect.objectContaining({
				field: 'materialNumber',
				violation: 'MATERIAL_NUMBER_ALREADY_EXISTS',
			}),
		]);
		const gtin = await call(token, 'POST', '/v1/articles', { ...base, gtin: '9783648170633' });
		expect(gtin.json.details).toEqual([
			expect.objectContaining({ field: 'gtin', violation: 'VALIDGTIN' }),
		]);
		const missing = await call(token, 'POST', '/v1/articles', {
			type: 'PRODUCT',
			unitName: 'x',
			price: { leadingPrice: 'NET', taxRate: 19 },
		});
		expect((missing.json.details as JsonRecord[]).map((d) => d.field).sort()).toEqual([
			'price.netPrice',
			'title',
		]);
		expect((await call(token, 'PUT', `/v1/articles/${id}`, { ...base, version: 0 })).status).toBe(
			200,
		);
		const stale = await call(token, 'PUT', `/v1/articles/${id}`, { ...base, version: 0 });
		expect(stale.status).toBe(409);
		expect((await call(token, 'DELETE', `/v1/articles/${id}`)).status).toBe(204);
		expect((await call(token, 'DELETE', `/v1/articles/${id}`)).status).toBe(404);
	});
});

describe('sales vouchers', () => {
	it('computes totals, numbers per type and names missing fields', async () => {
		const token = await tenant();
		const first = await call(token, 'POST', '/v1/invoices', invoiceBody());
		const second = await call(token, 'POST', '/v1/invoices?finalize=true', invoiceBody());
		const a = await call(token, 'GET', `/v1/invoices/${String(first.json.id)}`);
		const b = await call(token, 'GET', `/v1/invoices/${String(second.json.id)}`);
		expect([a.json.voucherNumber, b.json.voucherNumber]).toEqual(['RE0001', 'RE0002']);
		expect([a.json.voucherStatus, b.json.voucherStatus]).toEqual(['draft', 'open']);
		expect(a.json.dueDate).toBeUndefined();
		expect(b.json.dueDate).toBe('2023-03-24T00:00:00.000+01:00');
		const cn = await call(
			token,
			'POST',
			'/v1/credit-notes',
			example('credit-notes-endpoint-create-a-credit-note').request,
		);
		expect(
			(await call(token, 'GET', `/v1/credit-notes/${String(cn.json.id)}`)).json.voucherNumber,
		).toBe('GS0001');
		const body = invoiceBody();
		delete ((body.lineItems as JsonRecord[])[0].unitPrice as JsonRecord).taxRatePercentage;
		delete body.shippingConditions;
		const invalid = await call(token, 'POST', '/v1/invoices', body);
		expect(invalid.status).toBe(406);
		expect(invalid.json.message).toBe(
			'Validation failed for request. Please see details list for specific causes.',
		);
		expect((invalid.json.details as JsonRecord[]).map((d) => d.field).sort()).toEqual([
			'lineItems[0].unitPrice.taxRatePercentage',
			'shippingConditions',
		]);
	});

	it('is immutable, has no collection GET and no file for drafts', async () => {
		const token = await tenant();
		const draft = String((await call(token, 'POST', '/v1/invoices', invoiceBody())).json.id);
		const open = String(
			(await call(token, 'POST', '/v1/invoices?finalize=true', invoiceBody())).json.id,
		);
		expect([404, 405]).toContain(
			(await call(token, 'PUT', `/v1/invoices/${draft}`, invoiceBody())).status,
		);
		expect([404, 405]).toContain((await call(token, 'DELETE', `/v1/invoices/${draft}`)).status);
		expect((await call(token, 'GET', '/v1/invoices')).status).toBe(404);
		expect((await call(token, 'GET', `/v1/credit-notes/${draft}`)).status).toBe(404);
		expect((await call(token, 'GET', `/v1/invoices/${draft}/file`)).status).toBe(409);
		expect((await call(token, 'GET', `/v1/invoices/${draft}/document`)).status).toBe(406);
		const file = await call(token, 'GET', `/v1/invoices/${open}/file`, undefined, {
			Accept: 'application/pdf',
		});
		expect(file.status).toBe(200);
		expect(file.body.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
		expect(file.headers.get('content-disposition')).toContain('Rechnung_RE0002.pdf');
		expect(
			(
				await call(token, 'GET', `/v1/invoices/${open}/file`, undefined, {
					Accept: 'application/json',
				})
			).status,
		).toBe(406);
		expect(
			(
				await call(token, 'GET', `/v1/invoices/${open}/file`, undefined, {
					Accept: 'application/xml',
				})
			).status,
		).toBe(404);
		const docId = String(
			(await call(token, 'GET', `/v1/invoices/${open}/document`)).json.documentFileId,
		);
		expect((await call(token, 'GET', `/v1/invoices/${open}`)).json.files).toEqual({
			documentFileId: docId,
		});
	});

	it('links pursued vouchers both ways and lets a credit note reduce the open amount', async () => {
		const token = await tenant();
		const invoice = String(
			(await call(token, 'POST', '/v1/invoices?finalize=true', invoiceBody())).json.id,
		);
		expect((await call(token, 'GET', `/v1/payments/${invoice}`)).json).toMatchObject({
			openAmount: 5,
			paymentStatus: 'openRevenue',
		});
		const cnBody = clone(
			example('credit-notes-endpoint-create-a-credit-note').request,
		) as JsonRecord;
		cnBody.lineItems = [
			{
				type: 'custom',
				name: 'Gutschrift',
				quantity: 1,
				unitName: 'Stück',
				unitPrice: { currency: 'EUR', netAmount: 2, taxRatePercentage: 0 },
			},
		];
		const draftCredit = await call(
			token,
			'POST',
			`/v1/credit-notes?precedingSalesVoucherId=${String((await call(token, 'POST', '/v1/invoices', invoiceBody())).json.id)}`,
			cnBody,
		);
		expect(draftCredit.status).toBe(406);
		const cn = String(
			(
				await call(
					token,
					'POST',
					`/v1/credit-notes?finalize=true&precedingSalesVoucherId=${invoice}`,
					cnBody,
				)
			).json.id,
		);
		const cnRead = await call(token, 'GET', `/v1/credit-notes/${cn}`);
		expect(cnRead.json.voucherStatus).toBe('paidoff');
		expect(cnRead.json.relatedVouchers).toEqual([
			expect.objectContaining({ id: invoice, voucherType: 'invoice' }),
		]);
		const invRead = await call(token, 'GET', `/v1/invoices/${invoice}`);
		expect(invRead.json.relatedVouchers).toEqual([
			expect.objectContaining({ id: cn, voucherType: 'creditnote' }),
		]);
		expect((await call(token, 'GET', `/v1/payments/${invoice}`)).json).toMatchObject({
			openAmount: 3,
		});
		expect(
			(
				await call(
					token,
					'POST',
					`/v1/credit-notes?finalize=true&precedingSalesVoucherId=${invoice}`,
					cnBody,
				)
			).status,
		).toBe(406);
		expect((await call(token, 'POST', '/v1/dunnings', cnBody)).status).toBe(400);
	});
});

describe('payments booked outside the API', () => {
	it('books a payment on its posting day, lowers the open amount and moves updatedDate', async () => {
		const token = await tenant();
		const invoice = String(
			(await call(token, 'POST', '/v1/invoices?finalize=true', invoiceBody())).json.id,
		);
		const before = String((await call(token, 'GET', `/v1/invoices/${invoice}`)).json.updatedDate);
		await until(async () => (Date.now() > Date.parse(before) ? true : undefined));
		await admin('POST', '/payments', {
			token,
			voucherId: invoice,
			amount: 2,
			postingDate: '2026-03-02',
		});
		const payments = (await call(token, 'GET', `/v1/payments/${invoice}`)).json;
		expect(payments).toMatchObject({
			openAmount: 3,
			voucherStatus: 'open',
			paymentItems: [
				{
					paymentItemType: 'manualPayment',
					postingDate: '2026-03-02T00:00:00.000+01:00',
					amount: 2,
					currency: 'EUR',
				},
			],
		});
		const after = String((await call(token, 'GET', `/v1/invoices/${invoice}`)).json.updatedDate);
		expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
		await expect(
			admin('POST', '/payments', { token, voucherId: invoice, amount: 1, postingDate: '2.3.2026' }),
		).rejects.toThrow(/400/);
	});
});

describe('voucherlist', () => {
	it('requires type and status and reports overdue rows', async () => {
		const token = await tenant();
		expect((await call(token, 'GET', '/v1/voucherlist')).status).toBe(400);
		expect((await call(token, 'GET', '/v1/voucherlist?voucherType=invoice')).status).toBe(400);
		expect(
			(await call(token, 'GET', '/v1/voucherlist?voucherType=dunning&voucherStatus=any')).status,
		).toBe(400);
		expect(
			(await call(token, 'GET', '/v1/voucherlist?voucherType=any&voucherStatus=overdue,open'))
				.status,
		).toBe(400);
		await seed(token, 'invoices', 3, {
			status: 'open',
			voucherDateFrom: '2020-01-10',
			dueInDays: 10,
		});
		await seed(token, 'invoices', 2, { status: 'draft' });
		await seed(token, 'vouchers', 4, { type: 'purchaseinvoice' });
		const overdue = await call(
			token,
			'GET',
			'/v1/voucherlist?voucherType=invoice&voucherStatus=overdue',
		);
		expect(overdue.json.totalElements).toBe(3);
		expect((overdue.json.content as JsonRecord[]).every((r) => r.voucherStatus === 'overdue')).toBe(
			true,
		);
		expect(
			(await call(token, 'GET', '/v1/voucherlist?voucherType=invoice&voucherStatus=open')).json
				.totalElements,
		).toBe(3);
		expect(
			(await call(token, 'GET', '/v1/voucherlist?voucherType=invoice&voucherStatus=draft')).json
				.totalElements,
		).toBe(2);
		expect(
			(
				await call(
					token,
					'GET',
					'/v1/voucherlist?voucherType=purchaseinvoice,invoice&voucherStatus=any',
				)
			).json.totalElements,
		).toBe(9);
		expect(
			(
				await call(
					token,
					'GET',
					'/v1/voucherlist?voucherType=any&voucherStatus=any&sort=voucherNumber,ASC',
				)
			).status,
		).toBe(400);
	});

	it('enforces the 10,000-row window and slices by whole days', async () => {
		const token = await tenant();
		await seed(token, 'invoices', 12_000, { voucherDateFrom: '2024-01-01', spreadDays: 120 });
		const base = '/v1/voucherlist?voucherType=invoice&voucherStatus=any&size=250';
		const last = await call(token, 'GET', `${base}&page=39`);
		expect(last.status).toBe(200);
		expect(last.json.totalElements).toBe(10_000);
		const beyond = await call(token, 'GET', `${base}&page=40`);
		expect(beyond.status).toBe(400);
		expect(beyond.json.message).toBe('Maximum search window size exceeded');
		const first = await call(
			token,
			'GET',
			`${base}&voucherDateFrom=2024-01-01&voucherDateTo=2024-02-29`,
		);
		const second = await call(
			token,
			'GET',
			`${base}&voucherDateFrom=2024-03-01&voucherDateTo=2024-12-31`,
		);
		expect(Number(first.json.totalElements) + Number(second.json.totalElements)).toBe(12_000);
		const day = await call(
			token,
			'GET',
			`${base}&voucherDateFrom=2024-03-31&voucherDateTo=2024-03-31`,
		);
		expect(
			(day.json.content as JsonRecord[]).every((r) =>
				String(r.voucherDate).startsWith('2024-03-31T00:00:00.000+01:00'),
			),
		).toBe(true);
		expect(Number(day.json.totalElements)).toBeGreaterThan(0);
		expect(
			((first.json.content as JsonRecord[])[0].voucherDate as string) >=
				((first.json.content as JsonRecord[])[1].voucherDate as string),
		).toBe(true);
	});
});

describe('bookkeeping vouchers and files', () => {
	const voucherBody = (): JsonRecord =>
		clone(example('vouchers-endpoint-create-a-voucher').request) as JsonRecord;

	it('validates totals exactly and locks with 409', async () => {
		const token = await tenant();
		const wrongTotal = await call(token, 'POST', '/v1/vouchers', {
			...voucherBody(),
			totalGrossAmount: 119.01,
		});
		expect(wrongTotal.status).toBe(406);
		expect(wrongTotal.json.IssueList).toEqual([
			expect.objectContaining({ source: 'totalGrossAmount', i18nKey: 'invalid_total_amount' }),
		]);
		const wrongTax = voucherBody();
		(wrongTax.voucherItems as JsonRecord[])[0].taxAmount = 18;
		wrongTax.totalTaxAmount = 18;
		const taxRes = await call(token, 'POST', '/v1/vouchers', wrongTax);
		expect(taxRes.json.IssueList).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					source: 'voucherItems[0].taxAmount',
					i18nKey: 'invalid_taxamount',
				}),
			]),
		);
		const uncheckedNet = await call(token, 'POST', '/v1/vouchers', {
			type: 'purchaseinvoice',
			voucherStatus: 'unchecked',
			taxType: 'net',
			useCollectiveContact: true,
		});
		expect(uncheckedNet.status).toBe(406);
		const unchecked = await call(token, 'POST', '/v1/vouchers', {
			type: 'purchaseinvoice',
			voucherStatus: 'unchecked',
			taxType: 'gross',
			useCollectiveContact: true,
		});
		expect(unchecked.status).toBe(201);
		const id = String((await call(token, 'POST', '/v1/vouchers', voucherBody())).json.id);
		const read = await call(token, 'GET', `/v1/vouchers/${id}`);
		expect(read.json.voucherDate).toBe('2023-06-28T00:00:00.000+02:00');
		const put = await call(token, 'PUT', `/v1/vouchers/${id}`, {
			...voucherBody(),
			version: read.json.version,
			remark: 'changed',
		});
		expect(put.status).toBe(200);
		expect(
			(
				await call(token, 'PUT', `/v1/vouchers/${id}`, {
					...voucherBody(),
					version: read.json.version,
				})
			).status,
		).toBe(409);
		expect(
			(
				await call(token, 'PUT', `/v1/vouchers/${id}`, {
					...voucherBody(),
					version: put.json.version,
					voucherStatus: 'open',
				})
			).status,
		).toBe(406);
	});

	it('uploads files with dedupe, caps and the Accept matrix', async () => {
		const token = await tenant();
		const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
		const form = (name: string, data: Buffer, type: string | null = 'voucher'): FormData => {
			const f = new FormData();
			f.append('file', new Blob([new Uint8Array(data)]), name);
			if (type !== null) f.append('type', type);
			return f;
		};
		const up = await call(token, 'POST', '/v1/files', form('beleg.pdf', pdf));
		expect(up.status).toBe(202);
		expect(keys(up.json)).toEqual(['id', 'voucherId']);
		const again = await call(token, 'POST', '/v1/files', form('copy.pdf', pdf));
		expect(again.json).toEqual(up.json);
		expect((await call(token, 'POST', '/v1/files', form('beleg.pdf', pdf, null))).status).toBe(400);
		const exe = await call(token, 'POST', '/v1/files', form('tool.exe', Buffer.from('MZ')));
		expect(exe.json.IssueList).toEqual([
			expect.objectContaining({ i18nKey: 'inacceptable_file_extension' }),
		]);
		const big = await call(
			token,
			'POST',
			'/v1/files',
			form('big.pdf', Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024)])),
		);
		expect(big.status).toBe(406);
		expect(big.json.IssueList).toEqual([
			expect.objectContaining({ i18nKey: 'max_file_size_exceeded' }),
		]);
		const dl = await call(token, 'GET', `/v1/files/${String(up.json.id)}`, undefined, {
			Accept: 'application/pdf',
		});
		expect(dl.status).toBe(200);
		expect(dl.body.equals(pdf)).toBe(true);
		expect(
			(
				await call(token, 'GET', `/v1/files/${String(up.json.id)}`, undefined, {
					Accept: 'application/xml',
				})
			).status,
		).toBe(404);
		expect(
			(
				await call(token, 'GET', `/v1/files/${String(up.json.id)}`, undefined, {
					Accept: 'application/json',
				})
			).status,
		).toBe(406);
		const voucher = await until(async () => {
			const v = await call(token, 'GET', `/v1/vouchers/${String(up.json.voucherId)}`);
			return v.json.voucherStatus === 'unchecked' ? v.json : undefined;
		});
		expect(voucher.files).toEqual([up.json.id]);
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		const attach = new FormData();
		attach.append('file', new Blob([new Uint8Array(png)]), 'scan.png');
		const attached = await call(
			token,
			'POST',
			`/v1/vouchers/${String(up.json.voucherId)}/files`,
			attach,
		);
		expect(attached.status).toBe(202);
		expect(keys(attached.json)).toEqual(['id']);
	});
});

interface Receiver {
	url: string;
	received: Array<{ body: Buffer; signature: string; path: string }>;
	close(): Promise<void>;
}

/** A local webhook receiver; `statusFor` decides the answer per request path. */
async function startReceiver(statusFor: (path: string) => number): Promise<Receiver> {
	const received: Receiver['received'] = [];
	const server: Server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'POST') {
				received.push({
					body: Buffer.concat(chunks),
					signature: String(req.headers['x-lxo-signature'] ?? ''),
					path: req.url ?? '/',
				});
			}
			res.writeHead(req.method === 'HEAD' ? 200 : statusFor(req.url ?? '/'));
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

interface Delivery {
	subscriptionId: string;
	attempt: number;
	status: number;
	outcome: string;
	nextAttemptInMs: number | null;
}

async function deliveries(token: string): Promise<Delivery[]> {
	return admin<Delivery[]>('GET', `/deliveries?token=${encodeURIComponent(token)}`);
}

describe('webhooks', () => {
	it('delivers signed events that verify against the published key', async () => {
		const token = await tenant();
		const receiver = await startReceiver(() => 200);
		try {
			const sub = await call(token, 'POST', '/v1/event-subscriptions', {
				eventType: 'contact.created',
				callbackUrl: receiver.url,
			});
			expect(sub.status).toBe(201);
			expect(sub.headers.get('location')).toBe(sub.json.resourceUri);
			const dup = await call(token, 'POST', '/v1/event-subscriptions', {
				eventType: 'contact.created',
				callbackUrl: receiver.url,
			});
			expect(dup.status).toBe(409);
			const unreachable = await call(token, 'POST', '/v1/event-subscriptions', {
				eventType: 'contact.changed',
				callbackUrl: 'http://127.0.0.1:1/hook',
			});
			expect(unreachable.status).toBe(406);
			const contact = await call(token, 'POST', '/v1/contacts', {
				version: 0,
				roles: { customer: {} },
				person: { lastName: 'Hook' },
			});
			const hit = await until(async () => receiver.received[0]);
			const body = JSON.parse(hit.body.toString('utf8')) as JsonRecord;
			expect(keys(body)).toEqual(
				keys(example('event-subscriptions-endpoint-webhook-callback-properties').response),
			);
			expect(body).toMatchObject({ eventType: 'contact.created', resourceId: contact.json.id });
			expect(body.organizationId).toBe(
				(await call(token, 'GET', '/v1/profile')).json.organizationId,
			);
			expect(hit.body.toString('utf8')).toBe(JSON.stringify(body));
			const pem = await (await fetch(sandbox.publicKeyUrl)).text();
			expect(pem).toContain('BEGIN PUBLIC KEY');
			const signature = Buffer.from(hit.signature, 'base64');
			expect(verify('sha512', hit.body, pem, signature)).toBe(true);
			const tampered = Buffer.from(hit.body);
			tampered[tampered.length - 2] ^= 1;
			expect(verify('sha512', tampered, pem, signature)).toBe(false);
			expect(
				(await call(token, 'DELETE', `/v1/event-subscriptions/${String(sub.json.id)}`)).status,
			).toBe(204);
			expect(
				(await call(token, 'GET', `/v1/event-subscriptions/${String(sub.json.id)}`)).status,
			).toBe(404);
		} finally {
			await receiver.close();
		}
	});

	it('retries failing callbacks per schedule and drops the subscription on 410 and after exhausted 404s', async () => {
		const token = await tenant();
		const receiver = await startReceiver((path) =>
			path.includes('gone') ? 410 : path.includes('missing') ? 404 : 503,
		);
		try {
			const failing = await call(token, 'POST', '/v1/event-subscriptions', {
				eventType: 'invoice.created',
				callbackUrl: `${receiver.url}/fail`,
			});
			const gone = await call(token, 'POST', '/v1/event-subscriptions', {
				eventType: 'article.created',
				callbackUrl: `${receiver.url}/gone`,
			});
			await admin('POST', '/events', {
				token,
				eventType: 'invoice.created',
				resourceId: '00000000-0000-4000-8000-000000000001',
			});
			await admin('POST', '/events', {
				token,
				eventType: 'article.created',
				resourceId: '00000000-0000-4000-8000-000000000002',
			});
			const attempts = await until(async () => {
				const list = (await deliveries(token)).filter((d) => d.subscriptionId === failing.json.id);
				return list.length >= 4 ? list : undefined;
			});
			expect(
				attempts.slice(0, 4).map((d) => [d.attempt, d.status, d.outcome, d.nextAttemptInMs]),
			).toEqual([
				[1, 503, 'retry', 10],
				[2, 503, 'retry', 20],
				[3, 503, 'retry', 40],
				[4, 503, 'retry', 80],
			]);
			const goneLog = (await deliveries(token)).filter((d) => d.subscriptionId === gone.json.id);
			expect(goneLog).toEqual([
				expect.objectContaining({ attempt: 1, status: 410, outcome: 'subscription-deleted' }),
			]);
			expect(
				(await call(token, 'GET', `/v1/event-subscriptions/${String(gone.json.id)}`)).status,
			).toBe(404);
			expect(
				(await call(token, 'DELETE', `/v1/event-subscriptions/${String(failing.json.id)}`)).status,
			).toBe(204);

			// Compress the whole ~40 h schedule to run 404s to exhaustion.
			await admin('POST', '/webhooks/time-scale', { scale: 0.000001 });
			const missing = await call(token, 'POST', '/v1/event-subscriptions', {
				eventType: 'contact.created',
				callbackUrl: `${receiver.url}/missing`,
			});
			await call(token, 'POST', '/v1/contacts', {
				version: 0,
				roles: { customer: {} },
				person: { lastName: 'Gone' },
			});
			const final = await until(async () => {
				const list = (await deliveries(token)).filter((d) => d.subscriptionId === missing.json.id);
				return list.some((d) => d.outcome === 'subscription-deleted') ? list : undefined;
			}, 30_000);
			expect(final.length).toBe(26);
			expect(final.slice(0, 25).every((d) => d.status === 404 && d.outcome === 'retry')).toBe(true);
			expect(
				(await call(token, 'GET', `/v1/event-subscriptions/${String(missing.json.id)}`)).status,
			).toBe(404);
		} finally {
			await admin('POST', '/webhooks/time-scale', { scale: 0.001 });
			await receiver.close();
		}
	});
});

describe('rate limit', () => {
	it('answers 429 with Retry-After when hammered', async () => {
		const token = await tenant({ perSecond: 2, burst: 2 });
		const replies = await Promise.all(
			Array.from({ length: 12 }, () => call(token, 'GET', '/v1/profile')),
		);
		const limited = replies.filter((r) => r.status === 429);
		expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
		expect(limited.length).toBeGreaterThanOrEqual(8);
		expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(limited[0].json).toMatchObject({ status: 429, error: 'Too Many Requests' });
	});
});
