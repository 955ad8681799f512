import { Router, SandboxHttpError, parseJson, type SandboxRequest, type SandboxResponse } from '../core/http';
import { collection, insert, nowStamp, type BexioRecord, type BexioTenant } from './store';

/** bexio error body `{error_code, message, errors?}` (reference 3.6). */
export function bexioError(status: number, message: string, errors?: unknown): SandboxResponse {
	return { status, body: { error_code: status, message, ...(errors ? { errors } : {}) } };
}

export const notFound = (): never => {
	throw new SandboxHttpError(bexioError(404, 'Page not found'));
};

/** 422 "The form could not be saved" naming the fields (reference 3.6). */
export function unprocessable(fields: Record<string, string>): never {
	const list = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
	throw new SandboxHttpError(bexioError(422, `The form could not be saved due to the following errors: ${list.join(', ')}`, fields));
}

export function body(req: SandboxRequest): Record<string, unknown> {
	const parsed = parseJson(req, () => bexioError(400, 'Invalid JSON body'));
	if (parsed === undefined) return {};
	if (typeof parsed !== 'object' || parsed === null) throw new SandboxHttpError(bexioError(400, 'Body must be a JSON object'));
	return parsed as Record<string, unknown>;
}

/** `limit` (default 500, max 2000) and `offset` (reference 3.2); larger limits are refused. */
export function page<T>(req: SandboxRequest, rows: T[]): T[] {
	const limit = req.query.has('limit') ? Number(req.query.get('limit')) : 500;
	const offset = Number(req.query.get('offset') ?? 0);
	if (!Number.isInteger(limit) || limit < 0 || limit > 2000) throw new SandboxHttpError(bexioError(400, 'limit must be between 0 and 2000'));
	if (!Number.isInteger(offset) || offset < 0) throw new SandboxHttpError(bexioError(400, 'offset must not be negative'));
	return rows.slice(offset, offset + limit);
}

/** `order_by=field[_asc|_desc],…`; only the resource's sortable fields (reference 3.3). */
export function order(req: SandboxRequest, rows: BexioRecord[], allowed: string[]): BexioRecord[] {
	const spec = req.query.get('order_by');
	if (!spec) return [...rows].sort((a, b) => a.id - b.id);
	const keys = spec.split(',').map((part) => {
		const m = /^(.+?)(?:_(asc|desc))?$/.exec(part.trim());
		const field = m?.[1] ?? '';
		if (!allowed.includes(field)) throw new SandboxHttpError(bexioError(422, `order_by field "${field}" is not allowed`));
		return { field, dir: m?.[2] === 'desc' ? -1 : 1 };
	});
	return [...rows].sort((a, b) => {
		for (const { field, dir } of keys) {
			const x = a[field] as string | number;
			const y = b[field] as string | number;
			if (x !== y) return (x > y ? 1 : -1) * dir;
		}
		return a.id - b.id;
	});
}

const CRITERIA = new Set(['=', '==', 'equal', '!=', 'not_equal', '>', 'greater_than', '>=', 'greater_equal', '<', 'less_than', '<=', 'less_equal', 'like', 'not_like', 'is_null', 'not_null', 'in', 'not_in']);

/** POST …/search: an array of AND-ed conditions, default criterion `like` (reference 3.4). */
export function search(req: SandboxRequest, rows: BexioRecord[], fields: string[]): BexioRecord[] {
	const parsed = parseJson(req, () => bexioError(400, 'Invalid JSON body'));
	if (!Array.isArray(parsed)) throw new SandboxHttpError(bexioError(422, 'The search body must be an array of conditions'));
	const conditions = parsed.map((c: unknown) => {
		const { field, value, criteria = 'like' } = (c ?? {}) as { field?: unknown; value?: unknown; criteria?: unknown };
		if (typeof field !== 'string' || !fields.includes(field)) throw new SandboxHttpError(bexioError(422, `The field "${String(field)}" is not searchable`));
		if (typeof criteria !== 'string' || !CRITERIA.has(criteria)) throw new SandboxHttpError(bexioError(422, `Unknown criteria "${String(criteria)}"`));
		return { field, value, criteria };
	});
	return rows.filter((row) => conditions.every((c) => matches(row[c.field], c.criteria, c.value)));
}

function matches(actual: unknown, criteria: string, expected: unknown): boolean {
	const a = actual === null || actual === undefined ? null : String(actual);
	const list = Array.isArray(expected) ? expected.map(String) : String(expected ?? '').split(',').map((s) => s.trim());
	const e = String(expected ?? '');
	const num = (v: string | null) => (v !== null && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
	const cmp = () => {
		const x = num(a);
		const y = num(e);
		return x === null ? NaN : x > y! ? 1 : x < y! ? -1 : 0;
	};
	switch (criteria) {
		case '=':
		case '==':
		case 'equal':
			return a === e;
		case '!=':
		case 'not_equal':
			return a !== e;
		case '>':
		case 'greater_than':
			return cmp() === 1;
		case '>=':
		case 'greater_equal':
			return cmp() >= 0;
		case '<':
		case 'less_than':
			return cmp() === -1;
		case '<=':
		case 'less_equal':
			return cmp() <= 0;
		case 'like':
			return a !== null && a.toLowerCase().includes(e.toLowerCase());
		case 'not_like':
			return a === null || !a.toLowerCase().includes(e.toLowerCase());
		case 'is_null':
			return a === null || a === '';
		case 'not_null':
			return a !== null && a !== '';
		case 'in':
			return a !== null && list.includes(a);
		case 'not_in':
			return a === null || !list.includes(a);
		default:
			return false;
	}
}

export function requireFields(data: Record<string, unknown>, required: string[]): void {
	const missing = required.filter((f) => data[f] === undefined || data[f] === null || data[f] === '');
	if (missing.length) unprocessable(Object.fromEntries(missing.map((f) => [f, 'This value should not be blank.'])));
}

export function numericId(value: string): number {
	const id = Number(value);
	if (!Number.isInteger(id) || id <= 0) notFound();
	return id;
}

export interface ResourceSpec {
	path: string;
	collection: string;
	required?: string[];
	searchFields?: string[];
	orderBy?: string[];
	/** Which of the six 2.0 routes exist. */
	routes?: Array<'list' | 'create' | 'search' | 'show' | 'edit' | 'delete'>;
	editVerb?: 'POST' | 'PUT' | 'PATCH';
	/** Stamp `updated_at` on writes. */
	stamped?: boolean;
	/** Extra validation/defaults on create and edit. */
	prepare?(tenant: BexioTenant, data: Record<string, unknown>, existing?: BexioRecord): Record<string, unknown>;
	/** Parameter names of parent path segments (`:contact_id`) copied into records. */
	parentKey?: string;
	deleteAnswer?: 'success' | 'empty';
}

/** Registers a declarative resource: list, create, search, show, edit, delete (reference 3.1). */
export function defineResource(router: Router<BexioTenant>, spec: ResourceSpec): void {
	const routes = spec.routes ?? ['list', 'create', 'search', 'show', 'edit', 'delete'];
	const scope = (req: SandboxRequest, t: BexioTenant) => {
		const rows = [...collection(t, spec.collection).values()];
		if (!spec.parentKey) return rows;
		const parent = Number(req.params[spec.parentKey]);
		return rows.filter((r) => r[spec.parentKey!] === parent);
	};
	const find = (req: SandboxRequest, t: BexioTenant) => {
		const row = collection(t, spec.collection).get(numericId(req.params.id));
		if (!row || (spec.parentKey && row[spec.parentKey] !== Number(req.params[spec.parentKey]))) notFound();
		return row as BexioRecord;
	};
	const write = (t: BexioTenant, data: Record<string, unknown>, existing?: BexioRecord) => {
		const prepared = spec.prepare ? spec.prepare(t, data, existing) : data;
		return spec.stamped ? { ...prepared, updated_at: nowStamp(t) } : prepared;
	};
	if (routes.includes('list')) router.get(spec.path, (req, t) => ({ status: 200, body: page(req, order(req, scope(req, t), spec.orderBy ?? ['id'])) }));
	if (routes.includes('create')) {
		router.post(spec.path, (req, t) => {
			const data = body(req);
			requireFields(data, spec.required ?? []);
			const parent = spec.parentKey ? { [spec.parentKey]: Number(req.params[spec.parentKey]) } : {};
			return { status: 201, body: insert(t, spec.collection, { ...write(t, data), ...parent }) };
		});
	}
	if (routes.includes('search')) {
		router.post(`${spec.path}/search`, (req, t) => ({
			status: 200,
			body: page(req, order(req, search(req, scope(req, t), spec.searchFields ?? ['id']), spec.orderBy ?? ['id'])),
		}));
	}
	if (routes.includes('show')) router.get(`${spec.path}/:id`, (req, t) => ({ status: 200, body: find(req, t) }));
	if (routes.includes('edit')) {
		router.add(spec.editVerb ?? 'POST', `${spec.path}/:id`, (req, t) => {
			const existing = find(req, t);
			const data = body(req);
			if ((spec.editVerb ?? 'POST') !== 'PATCH') requireFields({ ...data }, spec.required ?? []);
			const updated = { ...existing, ...write(t, data, existing), id: existing.id } as BexioRecord;
			collection(t, spec.collection).set(existing.id, updated);
			return { status: 200, body: updated };
		});
	}
	if (routes.includes('delete')) {
		router.delete(`${spec.path}/:id`, (req, t) => {
			const row = find(req, t);
			collection(t, spec.collection).delete(row.id);
			return spec.deleteAnswer === 'empty' ? { status: 204 } : { status: 200, body: { success: true } };
		});
	}
}
