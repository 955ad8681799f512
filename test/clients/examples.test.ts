import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Catalog, OperationDef } from '../../clients/catalog';
import { bexioCatalog } from '../../clients/bexio/catalog';
import { pageItems } from '../../clients/http/paging';
import { lexofficeCatalog } from '../../clients/lexoffice/catalog';

/** The official request/response examples of both APIs (copied as data into test/fixtures/examples). */
interface Example {
	method_path?: string | null;
	request?: unknown;
	response?: unknown;
}

function load(name: string): Array<[string, Example]> {
	return Object.entries(
		JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'examples', name), 'utf8')) as Record<
			string,
			Example
		>,
	);
}

/** `POST /v1/invoices[?finalize=true]` → the catalog entry for POST /v1/invoices. */
function findOperation(catalog: Catalog, methodPath: string): OperationDef | undefined {
	const [method, raw] = methodPath.trim().split(/\s+/);
	const path = raw.replace(/\[.*$/, '').replace(/\?.*$/, '').replace(/\.$/, '');
	const normalize = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
	const candidates = Object.values(catalog).filter(
		(op) => op.method === method && normalize(op.path) === normalize(path),
	);
	// A query-only variant (GET /v1/vouchers?voucherNumber=) is the list entry of that path.
	return (
		candidates.find((op) => (raw.includes('?') ? op.paging !== undefined : true)) ?? candidates[0]
	);
}

/**
 * The bexio examples come from a text copy that collapsed some nested parts to `{}` or `[]` (examples
 * README): those paths are skipped, everything else must match.
 */
const COLLAPSED = new Set(['positions', 'taxs', 'tracking', 'entries']);
function withoutCollapsed(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutCollapsed);
	if (!value || typeof value !== 'object') return value;
	const isEmpty = (v: unknown) =>
		(Array.isArray(v) &&
			v.every((x) => x && typeof x === 'object' && Object.keys(x).length === 0)) ||
		(!!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>)
			.filter(([k, v]) => !(COLLAPSED.has(k) && isEmpty(v)))
			.map(([k, v]) => [k, withoutCollapsed(v)]),
	);
}

function issues(
	schema: OperationDef['body'],
	value: unknown,
	skipped: Set<string> = new Set(),
): string[] {
	const result = schema!.safeParse(value);
	if (result.success) return [];
	return result.error.issues
		.filter((i) => !i.path.some((p) => skipped.has(String(p))))
		.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe.each([
	['lexoffice', lexofficeCatalog, load('lexoffice-examples.json')],
	['bexio', bexioCatalog, load('bexio-examples.json')],
] as const)('official %s examples', (name, catalog, examples) => {
	const prepare = (v: unknown) => (name === 'bexio' ? withoutCollapsed(v) : v);
	const skipped = name === 'bexio' ? COLLAPSED : new Set<string>();
	const documented = examples.filter(
		([key, e]) => e.method_path || /^(GET|POST|PUT|PATCH|DELETE) \//.test(key),
	);

	it('each documented request line has a catalog operation', () => {
		const missing = documented
			.map(([key, e]) => e.method_path ?? key)
			.filter((line) => !findOperation(catalog as Catalog, line));
		expect(missing).toEqual([]);
	});

	it.each(documented.map(([key, e]) => [e.method_path ?? key, e] as const))(
		'%s: request and response match the schemas',
		(line, example) => {
			const op = findOperation(catalog as Catalog, line)!;
			if (example.request && op.body && (op.bodyKind ?? 'json') === 'json') {
				expect(issues(op.body, prepare(example.request), skipped)).toEqual([]);
			}
			if (example.response && op.response && op.responseKind !== 'binary') {
				const response = prepare(example.response);
				const items = op.paging ? pageItems(op.paging, response) : [response];
				for (const item of items) expect(issues(op.response, item, skipped)).toEqual([]);
			}
		},
	);
});
