import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { bexioCatalog, createBexioClient } from '../../clients/bexio';
import { pathParamNames } from '../../clients/catalog';
import type { HttpRequest, HttpSend } from '../../clients/http/types';
import { startBexioSandbox, type BexioTenant } from '../../sandbox/bexio';
import type { RunningSandbox } from '../../sandbox/core/server';
import { shapeDiff, shapeOf } from '../helpers/shape';

/**
 * The bexio live-evidence corpus (test/fixtures/live/bexio): responses recorded from the live API by public
 * client libraries' test suites and the official documentation's samples, each with its provenance.
 * Client and sandbox are held against it, not against each other.
 */

interface Recorded {
	operation: string;
	kind: 'live' | 'official sample';
	provenance: {
		repository: string | null;
		path: string | null;
		commit: string | null;
		url: string | null;
		retrieved: string;
		licence: string;
	};
	request?: { method: string; path: string; query?: Record<string, string>; body?: unknown };
	response?: { status: number; body: unknown };
}

const ROOT = join(__dirname, '..', 'fixtures', 'live', 'bexio');
const corpus: Array<[string, Recorded]> = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
	.filter((f) => f.endsWith('.json'))
	.sort()
	.map((f) => [f, JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as Recorded]);

/** The list a recorded list body carries, as bexio sends it: a bare array or the 4.0 envelopes. */
function recordedItems(body: unknown): unknown[] {
	if (Array.isArray(body)) return body;
	const o = body as Record<string, unknown>;
	if (Array.isArray(o?.results)) return o.results;
	if (Array.isArray(o?.data)) return o.data;
	return [body];
}

/** Answers every request with one recorded response and notes what was asked. */
function replay(status: number, body: unknown, seen: HttpRequest[] = []): HttpSend {
	return async (request) => {
		seen.push(request);
		return { status, headers: {}, body: structuredClone(body) };
	};
}

const client = (send: HttpSend) =>
	createBexioClient({
		send,
		accountKey: 'corpus-replay',
		retry: false,
		rateLimit: { ratePerSecond: 1_000_000, burst: 1_000_000 },
	});

/** Path parameters for a replay: any value will do, the recorded response answers. */
function anyPath(path: string): Record<string, string> {
	return Object.fromEntries(
		pathParamNames(path).map((p) => [p, p === 'kb_document_type' ? 'kb_invoice' : '1']),
	);
}

describe('bexio live-evidence corpus', () => {
	it('names catalog operations and carries provenance', () => {
		expect(corpus.length).toBeGreaterThan(200);
		for (const [file, r] of corpus) {
			expect({ file, known: r.operation in bexioCatalog }).toEqual({ file, known: true });
			expect(['live', 'official sample']).toContain(r.kind);
			expect(r.provenance.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(r.provenance.repository ?? r.provenance.url).toBeTruthy();
			if (r.request)
				expect(`${r.request.method} ${r.request.path}`).toBe(
					`${bexioCatalog[r.operation].method} ${bexioCatalog[r.operation].path}`,
				);
		}
	});

	const answered = corpus.filter(
		([, r]) =>
			r.response &&
			r.response.status < 300 &&
			bexioCatalog[r.operation]?.responseKind === undefined,
	);
	it.each(answered)('%s parses through the client without losing a field', async (_file, r) => {
		const op = bexioCatalog[r.operation];
		const { status, body } = r.response!;
		const args = { path: anyPath(op.path) } as never;
		if (op.paging) {
			const pages = client(replay(status, body)).pages(r.operation as never, args);
			const first = await pages.next();
			await pages.return(undefined);
			expect(first.done).toBe(false);
			expect(first.value && first.value.items).toEqual(recordedItems(body));
		}
		expect(await client(replay(status, body)).call(r.operation as never, args)).toEqual(body);
	});

	const documented = corpus.filter(([, r]) => r.request?.body !== undefined);
	it.each(documented)('%s: the documented request body passes the request schema', (_file, r) => {
		const schema = bexioCatalog[r.operation].body;
		expect(schema).toBeDefined();
		const parsed = schema!.safeParse(r.request!.body);
		expect(
			parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
		).toEqual([]);
	});

	it('walks the banking payments envelope from page 1 and stops on a short page', async () => {
		const [, live] = corpus.find(
			([, r]) => r.operation === 'bankPayment.getAll' && r.kind === 'live',
		)!;
		// Live answered a request without `page` with `pagination.page: 1`: pages start at 1.
		expect((live.response!.body as { pagination: { page: number } }).pagination.page).toBe(1);
		const seen: HttpRequest[] = [];
		const full = {
			query: null,
			'sort-by': null,
			pagination: { page: 1, 'per-page': 2, 'max-results': 3 },
			results: [{ id: 'a' }, { id: 'b' }],
		};
		const sends: HttpSend[] = [
			replay(200, full, seen),
			replay(
				200,
				{
					...full,
					pagination: { page: 2, 'per-page': 2, 'max-results': 3 },
					results: [{ id: 'c' }],
				},
				seen,
			),
		];
		let n = 0;
		const c = client((req) => sends[n++](req));
		const ids: unknown[] = [];
		for await (const item of c.items('bankPayment.getAll', {}, { pageSize: 2 })) ids.push(item.id);
		expect(ids).toEqual(['a', 'b', 'c']);
		expect(seen.map((s) => s.query)).toEqual([
			{ page: 1, 'per-page': 2 },
			{ page: 2, 'per-page': 2 },
		]);
	});
});

/**
 * The sandbox answers the recorded requests with the live status and the live shape. Only operations
 * whose response shape does not depend on the account's data are compared, each against its strongest
 * evidence (live recordings where there are any, else the official samples). Writes the recording did
 * not keep the body of get one here (the shape of the answer does not depend on the values).
 */
const SHAPE_CHECKED = [
	'tax.getAll',
	'country.getAll',
	'country.create',
	'documentTemplate.getAll',
	'bankAccount.getAll',
	'calendarYear.getAll',
	'calendarYear.create',
	'article.getAll',
	'article.create',
	'manualEntry.getAll',
	'bankPayment.getAll',
];
/** Fields a recording predates: the January 2024 create answer has no `is_annual_reporting`, the 2026 reads have it. */
const NEWER_THAN_RECORDING: Record<string, string[]> = {
	'codebar-ag-laravel-bexio/CalendarYears--create-a-calendar-year.json': ['[].is_annual_reporting'],
};
const BODIES: Record<string, unknown> = {
	'country.create': { name: 'Testland', name_short: 'TL', iso3166_alpha2: 'TL' },
	'calendarYear.create': {
		year: '2028',
		is_vat_subject: true,
		vat_accounting_method: 'effective',
		vat_accounting_type: 'agreed',
	},
	'article.create': { intern_code: 'CORPUS-1', intern_name: 'Test Item', article_type_id: 1 },
};

describe('bexio sandbox against the live evidence', () => {
	let sandbox: RunningSandbox<BexioTenant>;
	let token: string;
	const api = async (method: string, path: string, body?: unknown, as = token) => {
		const res = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${as}`,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
	};
	const admin = (path: string, body: unknown) =>
		fetch(`${sandbox.url}/_sandbox${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		}).then((r) => r.json() as Promise<Record<string, unknown>>);

	beforeAll(async () => {
		sandbox = await startBexioSandbox();
		token = String((await admin('/tenants', { rateLimit: { disabled: true } })).token);
		for (const resource of ['contacts', 'articles', 'manual_entries'])
			await admin('/seed', { token, resource, count: 2 });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	const answered = corpus.filter(
		([, r]) =>
			SHAPE_CHECKED.includes(r.operation) && r.request && r.response && r.response.status < 300,
	);
	const hasLive = new Set(
		answered.filter(([, r]) => r.kind === 'live').map(([, r]) => r.operation),
	);
	const compared = answered.filter(([, r]) => r.kind === 'live' || !hasLive.has(r.operation));
	it('has evidence for every shape-checked operation', () => {
		expect([...new Set(compared.map(([, r]) => r.operation))].sort()).toEqual(
			[...SHAPE_CHECKED].sort(),
		);
	});
	it.each(compared)('%s: same status and shape', async (file, r) => {
		// A write runs in an account of its own, so repeating it for another recording cannot collide.
		const as =
			r.request!.method === 'GET'
				? token
				: String((await admin('/tenants', { rateLimit: { disabled: true } })).token);
		const answer = await api(
			r.request!.method,
			r.request!.path,
			r.request!.body ?? BODIES[r.operation],
			as,
		);
		expect(answer.status).toBe(r.response!.status);
		expect(
			shapeDiff(shapeOf(r.response!.body), shapeOf(answer.body), {
				nullMatchesAny: true,
				ignore: NEWER_THAN_RECORDING[file],
			}),
		).toEqual([]);
	});

	it('converts a quote without a positions body, as live does (201)', async () => {
		const [, live] = corpus.find(([f]) =>
			f.includes('create-invoice-from-quote--create-invoice-from-quote'),
		)!;
		const contact = ((await api('GET', '/2.0/contact')).body as Array<{ id: number }>)[0];
		for (const target of ['invoice', 'order']) {
			const quote = (
				await api('POST', '/2.0/kb_offer', {
					contact_id: contact.id,
					user_id: 1,
					positions: [
						{ type: 'KbPositionCustom', amount: '1', unit_price: '100', text: 'Beratung' },
					],
				})
			).body as { id: number };
			await api('POST', `/2.0/kb_offer/${quote.id}/issue`);
			await api('POST', `/2.0/kb_offer/${quote.id}/accept`);
			const converted = await api('POST', `/2.0/kb_offer/${quote.id}/${target}`);
			expect({ target, status: converted.status }).toEqual({
				target,
				status: live.response!.status,
			});
		}
	});

	it('answers the exchange rates of a currency in the live shape', async () => {
		const [, live] = corpus.find(([f]) =>
			f.endsWith('Currencies--fetch-exchange-rates-for-currencies.json'),
		)!;
		const currencies = (await api('GET', '/3.0/currencies')).body as Array<{
			id: number;
			name: string;
		}>;
		const eur = currencies.find((c) => c.name === 'EUR')!;
		const answer = await api('GET', `/3.0/currencies/${eur.id}/exchange_rates`);
		expect(answer.status).toBe(live.response!.status);
		expect((answer.body as unknown[]).length).toBeGreaterThan(0);
		expect(
			shapeDiff(shapeOf(live.response!.body), shapeOf(answer.body), { nullMatchesAny: true }),
		).toEqual([]);
	});

	it('takes is_valid_from with a time part and stores the date, as live does (201)', async () => {
		const [, live] = corpus.find(([f]) => f.endsWith('Invoices--create-an-invoice.json'))!;
		const contact = ((await api('GET', '/2.0/contact')).body as Array<{ id: number }>)[0];
		const created = await api('POST', '/2.0/kb_invoice', {
			contact_id: contact.id,
			user_id: 1,
			is_valid_from: '2024-01-02 11:01:14',
			is_valid_to: '2024-01-07 11:01:14',
		});
		expect(created.status).toBe(live.response!.status);
		expect((created.body as { is_valid_from: string }).is_valid_from).toBe('2024-01-02');
	});
});
