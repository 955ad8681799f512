import type { SandboxRequest } from '../core/http';
import { fail } from './errors';
import { jsonArray } from './request';
import type { BexioRecord } from './store';

export const DEFAULT_LIMIT = 500;
export const MAX_LIMIT = 2000;

function intParam(req: SandboxRequest, name: string, fallback: number): number {
	const raw = req.query.get(name);
	if (raw === null || raw === '') return fallback;
	if (!/^\d+$/.test(raw)) return fail(400, `${name} must be a non-negative integer`);
	return Number(raw);
}

/** `limit` (default 500, max 2000) and `offset` in the query string, also on search POSTs (https://docs.bexio.com/#section/API-basics/Pagination). */
export function page<T>(req: SandboxRequest, items: T[]): T[] {
	const limit = intParam(req, 'limit', DEFAULT_LIMIT);
	const offset = intParam(req, 'offset', 0);
	if (limit > MAX_LIMIT) fail(400, `limit must not exceed ${MAX_LIMIT}`);
	return items.slice(offset, offset + limit);
}

/** Numbers (also numeric strings like totals and `nr`) compare numerically, everything else as text; null first. */
export function compareValues(x: unknown, y: unknown): number {
	if (x === y) return 0;
	if (x === null || x === undefined) return -1;
	if (y === null || y === undefined) return 1;
	const nx = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN;
	const ny = typeof y === 'number' ? y : typeof y === 'string' && y.trim() !== '' ? Number(y) : NaN;
	if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx === ny ? 0 : nx < ny ? -1 : 1;
	const sx = String(x);
	const sy = String(y);
	return sx === sy ? 0 : sx < sy ? -1 : 1;
}

const byId = (a: BexioRecord, b: BexioRecord) => compareValues(a.id, b.id);

/** `order_by=field[_asc|_desc],…`, default by id; only the resource's documented fields. */
export function order(
	req: SandboxRequest,
	items: BexioRecord[],
	allowed: readonly string[],
): BexioRecord[] {
	const spec = req.query.get('order_by');
	if (!spec) return [...items].sort(byId);
	const keys = spec.split(',').map((part) => {
		const m = /^(.+?)(?:_(asc|desc))?$/.exec(part.trim());
		const field = m?.[1] ?? '';
		if (!allowed.includes(field)) fail(422, `The field "${field}" cannot be used in order_by`);
		return { field, dir: m?.[2] === 'desc' ? -1 : 1 };
	});
	return [...items].sort((a, b) => {
		for (const { field, dir } of keys) {
			const c = compareValues(a[field], b[field]);
			if (c !== 0) return c * dir;
		}
		return byId(a, b);
	});
}

const CRITERIA = new Set([
	'=',
	'==',
	'equal',
	'!=',
	'not_equal',
	'>',
	'greater_than',
	'>=',
	'greater_equal',
	'<',
	'less_than',
	'<=',
	'less_equal',
	'like',
	'not_like',
	'is_null',
	'not_null',
	'in',
	'not_in',
]);

export interface Condition {
	field: string;
	value: unknown;
	criteria: string;
}

/** Parses a search body: an array of AND-ed conditions, `criteria` defaulting to `like`. */
export function parseSearch(req: SandboxRequest, fields: readonly string[]): Condition[] {
	return jsonArray(req, 'search conditions').map((raw) => {
		const c = (raw ?? {}) as Record<string, unknown>;
		const criteria = c.criteria === undefined || c.criteria === null ? 'like' : c.criteria;
		if (typeof c.field !== 'string' || c.field === '')
			return fail(422, 'Each search condition needs a "field"');
		if (!fields.includes(c.field))
			return fail(422, `The field "${c.field}" is not searchable`, {
				[c.field]: 'This field is not searchable.',
			});
		if (typeof criteria !== 'string' || !CRITERIA.has(criteria))
			return fail(422, `Unknown criteria "${String(criteria)}"`);
		const nullCheck = criteria === 'is_null' || criteria === 'not_null';
		if (!nullCheck && (c.value === undefined || c.value === null))
			return fail(422, `The search condition on "${c.field}" needs a "value"`);
		const values = Array.isArray(c.value) ? c.value : [c.value];
		if (c.field.length > 255 || values.some((v) => String(v ?? '').length > 255))
			fail(422, 'Search field and value are limited to 255 characters');
		if (Array.isArray(c.value) && criteria !== 'in' && criteria !== 'not_in')
			fail(422, `Only "in" and "not_in" take a list of values`);
		return { field: c.field, value: c.value, criteria };
	});
}

export function applySearch(items: BexioRecord[], conditions: Condition[]): BexioRecord[] {
	return items.filter((row) => conditions.every((c) => matches(row[c.field], c.criteria, c.value)));
}

/** One condition; `in` accepts an array or a comma-separated string (live clients send arrays). */
export function matches(actual: unknown, criteria: string, expected: unknown): boolean {
	const a = actual === null || actual === undefined ? null : String(actual);
	const e = String(expected ?? '');
	const list = Array.isArray(expected) ? expected.map(String) : e.split(',').map((s) => s.trim());
	switch (criteria) {
		case '=':
		case '==':
		case 'equal':
			return a !== null && (a === e || numericEqual(a, e));
		case '!=':
		case 'not_equal':
			return !(a !== null && (a === e || numericEqual(a, e)));
		case '>':
		case 'greater_than':
			return a !== null && compareValues(a, e) > 0;
		case '>=':
		case 'greater_equal':
			return a !== null && compareValues(a, e) >= 0;
		case '<':
		case 'less_than':
			return a !== null && compareValues(a, e) < 0;
		case '<=':
		case 'less_equal':
			return a !== null && compareValues(a, e) <= 0;
		case 'like':
			return a !== null && a.toLowerCase().includes(e.replace(/%/g, '').toLowerCase());
		case 'not_like':
			return a === null || !a.toLowerCase().includes(e.replace(/%/g, '').toLowerCase());
		case 'is_null':
			return a === null || a === '';
		case 'not_null':
			return a !== null && a !== '';
		case 'in':
			return a !== null && list.some((v) => v === a || numericEqual(a, v));
		case 'not_in':
			return a === null || !list.some((v) => v === a || numericEqual(a, v));
		default:
			return false;
	}
}

/** `"8"` equals `8` and `"100.000000"` equals `"100"`, but `"000001"` only equals itself as text. */
function numericEqual(a: string, b: string): boolean {
	if (/^0\d/.test(a) || /^0\d/.test(b)) return false;
	return a.trim() !== '' && b.trim() !== '' && !Number.isNaN(Number(a)) && Number(a) === Number(b);
}

/** 4.0 purchase lists: `page` (1-based), `limit`, `order`, `sort`, answered as `{data, paging}` (https://docs.bexio.com/#section/API-basics/Pagination). */
export function v4Page(
	req: SandboxRequest,
	items: BexioRecord[],
	maxLimit = 500,
): {
	data: BexioRecord[];
	paging: { page: number; page_size: number; page_count: number; item_count: number };
} {
	const limit = intParam(req, 'limit', 100);
	const pageNo = intParam(req, 'page', 1);
	if (limit < 1 || limit > maxLimit) fail(400, `limit must be between 1 and ${maxLimit}`);
	if (pageNo < 1) fail(400, 'page starts at 1');
	const sort = req.query.get('sort');
	const dir = req.query.get('order') === 'desc' ? -1 : 1;
	if (req.query.get('order') && !['asc', 'desc'].includes(String(req.query.get('order'))))
		fail(400, 'order must be asc or desc');
	const sorted = [...items].sort(
		(a, b) =>
			(sort ? compareValues(a[sort], b[sort]) : compareValues(a.created_at, b.created_at)) * dir ||
			compareValues(a.id, b.id),
	);
	return {
		data: sorted.slice((pageNo - 1) * limit, pageNo * limit),
		paging: {
			page: pageNo,
			page_size: limit,
			page_count: Math.max(1, Math.ceil(items.length / limit)),
			item_count: items.length,
		},
	};
}
