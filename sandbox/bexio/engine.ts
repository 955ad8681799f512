import type { Router, SandboxRequest, SandboxResponse } from '../core/http';
import { notFound } from './errors';
import { page, order, parseSearch, applySearch } from './query';
import { jsonObject, requireFields, requireText, type Json } from './request';
import {
	collection,
	insert,
	isoStamp,
	nowStamp,
	publicView,
	rows,
	type BexioRecord,
	type BexioTenant,
	type Id,
} from './store';

export type RouteKind = 'list' | 'create' | 'search' | 'show' | 'edit' | 'delete';
export type EditVerb = 'POST' | 'PUT' | 'PATCH';

export interface WriteContext {
	t: BexioTenant;
	req: SandboxRequest;
	/** The body with aliases renamed and read-only fields dropped. */
	data: Json;
	existing?: BexioRecord;
	parentId?: Id;
	verb: 'create' | EditVerb;
}

export interface ResourceSpec {
	/** Collection path, may hold a parent parameter (`/2.0/contact/:contact_id/additional_address`). */
	path: string;
	collection: string;
	idType?: 'int' | 'uuid';
	/** Which routes exist; default all six, `readOnly` = list, search (when searchable), show. */
	routes?: RouteKind[];
	readOnly?: boolean;
	required?: readonly string[];
	/** Fields that must be JSON strings when given (a number is refused, not stored). */
	textFields?: readonly string[];
	searchFields?: readonly string[];
	orderBy?: readonly string[];
	/** 2.0 edits are POST on the record; 3.0/4.0 use PUT (replace) or PATCH (partial). */
	editVerb?: EditVerb | EditVerb[];
	/** The full response shape of a new record (documented fields default to null). */
	defaults?: Json;
	/** Returned but not writable: silently ignored on write (the docs mark them "ro"). */
	readOnlyFields?: readonly string[];
	/** Write name → read name (`pr_project_id` is read back as `project_id`). */
	aliases?: Record<string, string>;
	/** Maintain `updated_at`: 2.0 local `YYYY-MM-DD HH:MM:SS` or 3.0 ISO with offset. */
	stamp?: 'local' | 'iso';
	/** Records belong to a parent named by a path parameter; the parent must exist. */
	parent?: { param: string; field: string; collection: string };
	/** Delete archives instead (`_archived`), lists take `show_archived`. */
	softDelete?: boolean;
	/** Validation and derived fields for create and edit; return the fields to store. */
	prepare?(ctx: WriteContext): Json;
	/** The response form of a record; default without internal `_` fields. */
	present?(
		record: BexioRecord,
		ctx: { t: BexioTenant; single: boolean; req: SandboxRequest },
	): unknown;
	/** Extra list filters from the query string (taxes `scope`, files `archived_state` …). */
	filter?(req: SandboxRequest, items: BexioRecord[], t: BexioTenant): BexioRecord[];
	beforeDelete?(t: BexioTenant, record: BexioRecord): void;
	afterDelete?(t: BexioTenant, record: BexioRecord): void;
	afterWrite?(t: BexioTenant, record: BexioRecord): void;
	deleteAnswer?: 'success' | 'empty';
}

export function parseId(raw: string, idType: 'int' | 'uuid' = 'int'): Id {
	if (idType === 'uuid') return raw;
	if (!/^\d+$/.test(raw)) return notFound();
	return Number(raw);
}

/** Looks a record up by a path parameter; 404 "Page not found" when absent. */
export function findRecord(
	t: BexioTenant,
	name: string,
	raw: string,
	idType: 'int' | 'uuid' = 'int',
): BexioRecord {
	return collection(t, name).get(parseId(raw, idType)) ?? notFound();
}

const showArchived = (req: SandboxRequest) => req.query.get('show_archived') === 'true';

/** Registers a declarative resource: list, search, create, show, edit, delete with bexio's conventions. */
export function defineResource(router: Router<BexioTenant>, spec: ResourceSpec): void {
	const idType = spec.idType ?? 'int';
	const routes =
		spec.routes ??
		(spec.readOnly
			? (['list', 'show', ...(spec.searchFields ? (['search'] as const) : [])] as RouteKind[])
			: ['list', 'create', 'search', 'show', 'edit', 'delete']);
	const orderBy = spec.orderBy ?? ['id'];
	const verbs = Array.isArray(spec.editVerb) ? spec.editVerb : [spec.editVerb ?? 'POST'];
	const item = `${spec.path}/:id`;

	const parentOf = (req: SandboxRequest, t: BexioTenant): Id | undefined => {
		if (!spec.parent) return undefined;
		const parent = findRecord(t, spec.parent.collection, req.params[spec.parent.param]);
		return parent.id;
	};
	const scope = (req: SandboxRequest, t: BexioTenant): BexioRecord[] => {
		const parentId = parentOf(req, t);
		let items = rows(t, spec.collection);
		if (spec.parent) items = items.filter((r) => r[spec.parent!.field] === parentId);
		if (spec.softDelete) {
			const archived = showArchived(req);
			items = items.filter((r) => Boolean(r._archived) === archived);
		}
		return spec.filter ? spec.filter(req, items, t) : items;
	};
	const find = (req: SandboxRequest, t: BexioTenant, allowArchived = false): BexioRecord => {
		const parentId = parentOf(req, t);
		const record = findRecord(t, spec.collection, req.params.id, idType);
		if (spec.parent && record[spec.parent.field] !== parentId) notFound();
		if (spec.softDelete && record._archived && !(allowArchived && showArchived(req))) notFound();
		return record;
	};
	const present = (
		req: SandboxRequest,
		t: BexioTenant,
		record: BexioRecord,
		single: boolean,
	): unknown => (spec.present ? spec.present(record, { t, single, req }) : publicView(record));
	const incoming = (req: SandboxRequest): Json => {
		const data: Json = {};
		for (const [key, value] of Object.entries(jsonObject(req))) {
			if (key === 'id' || key.startsWith('_') || spec.readOnlyFields?.includes(key)) continue;
			data[spec.aliases?.[key] ?? key] = value;
		}
		return data;
	};
	const stamp = (t: BexioTenant): Json =>
		spec.stamp === 'local'
			? { updated_at: nowStamp(t) }
			: spec.stamp === 'iso'
				? { updated_at: isoStamp(t) }
				: {};
	const list = (req: SandboxRequest, t: BexioTenant, items: BexioRecord[]): SandboxResponse => ({
		status: 200,
		body: page(req, order(req, items, orderBy)).map((r) => present(req, t, r, false)),
	});

	if (routes.includes('search')) {
		router.post(`${spec.path}/search`, (req, t) => {
			const conditions = parseSearch(req, spec.searchFields ?? ['id']);
			return list(req, t, applySearch(scope(req, t), conditions));
		});
	}
	if (routes.includes('list')) router.get(spec.path, (req, t) => list(req, t, scope(req, t)));
	if (routes.includes('create')) {
		router.post(spec.path, (req, t) => {
			const parentId = parentOf(req, t);
			const data = incoming(req);
			requireFields(data, spec.required ?? []);
			requireText(data, spec.textFields ?? []);
			const prepared = spec.prepare
				? spec.prepare({ t, req, data, parentId, verb: 'create' })
				: data;
			const parent = spec.parent ? { [spec.parent.field]: parentId } : {};
			const record = insert(
				t,
				spec.collection,
				{ ...(spec.defaults ?? {}), ...prepared, ...parent, ...stamp(t) },
				idType,
			);
			spec.afterWrite?.(t, record);
			return { status: 201, body: present(req, t, record, true) };
		});
	}
	if (routes.includes('show'))
		router.get(item, (req, t) => ({
			status: 200,
			body: present(req, t, find(req, t, true), true),
		}));
	if (routes.includes('edit')) {
		for (const verb of verbs) {
			router.add(verb, item, (req, t) => {
				const existing = find(req, t);
				const data = incoming(req);
				// 2.0 POST edits and 3.0 PUT replaces need the create-required fields again.
				if (verb !== 'PATCH') requireFields(data, spec.required ?? []);
				requireText(data, spec.textFields ?? []);
				const prepared = spec.prepare
					? spec.prepare({
							t,
							req,
							data,
							existing,
							parentId: spec.parent ? (existing[spec.parent.field] as Id) : undefined,
							verb,
						})
					: data;
				const internal = Object.fromEntries(
					Object.entries(existing).filter(([k]) => k.startsWith('_')),
				);
				const base = verb === 'PUT' ? { ...(spec.defaults ?? {}), ...internal } : existing;
				const parent = spec.parent ? { [spec.parent.field]: existing[spec.parent.field] } : {};
				const updated = {
					...base,
					...prepared,
					...parent,
					...stamp(t),
					id: existing.id,
				} as BexioRecord;
				collection(t, spec.collection).set(existing.id, updated);
				spec.afterWrite?.(t, updated);
				return { status: 200, body: present(req, t, updated, true) };
			});
		}
	}
	if (routes.includes('delete')) {
		router.delete(item, (req, t) => {
			const record = find(req, t);
			spec.beforeDelete?.(t, record);
			if (spec.softDelete) Object.assign(record, { _archived: true }, stamp(t));
			else collection(t, spec.collection).delete(record.id);
			spec.afterDelete?.(t, record);
			return spec.deleteAnswer === 'empty'
				? { status: 204 }
				: { status: 200, body: { success: true } };
		});
	}
	if (spec.softDelete) {
		router.patch(`${item}/restore`, (req, t) => {
			const record =
				collection(t, spec.collection).get(parseId(req.params.id, idType)) ?? notFound();
			Object.assign(record, { _archived: false }, stamp(t));
			return { status: 200, body: present(req, t, record, true) };
		});
	}
}
