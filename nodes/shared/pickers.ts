import {
	NodeOperationError,
	type IAllExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { pathParamNames, type Catalog } from '../../clients/catalog';
import { ApiError } from '../../clients/http/errors';
import type { ApiClient } from '../../clients/http/executor';
import type { QueryValue } from '../../clients/http/types';
import { pathParamParameter } from './catalogProperties';

/**
 * Pickers for fields that name another record: one table per API maps each field (as the catalog
 * spells it: `contact_id`, `tax_id`, `printLayoutId`, or a path parameter as the node names it:
 * `contactId`) to the list that fills its picker. Large collections get a resource locator (search
 * list, by ID, by URL); master data gets a dropdown. The node's listSearch and loadOptions methods are
 * generated from the same table, so coverage is data (test/unit/pickers.test.ts checks it).
 */

export type Row = Record<string, unknown>;

export interface PickerSource {
	/** `locator`: From List / By ID / By URL. `dropdown`: options loaded from the API. */
	kind: 'locator' | 'dropdown';
	/** Catalog list operation that fills the picker; its path parameters come from the node's own parameters. */
	list?: string;
	/** The list depends on another parameter's value (bexio documents: quote, order or invoice). */
	listByParameter?: { parameter: string; lists: Record<string, string> };
	/** Fixed query of the list (e.g. lexoffice `voucherType`). */
	query?: Record<string, QueryValue>;
	/** How the typed filter narrows the list: a bexio search (POST …/search, `like`) or a query parameter. */
	search?:
		| { operation: string; field: string }
		| { queryParameter: string; minLength?: number; encode?: (v: string) => string };
	label(row: Row): string;
	/** What the field stores; the record's `id` unless said otherwise (e.g. a currency code). */
	value?(row: Row): string | number;
	/** Record URL in the web app: the list shows it and "By URL" accepts it (regex with one capture group). */
	url?(row: Row): string;
	urlRegex?: string;
	urlPlaceholder?: string;
	idPlaceholder?: string;
	/** Entries above the loaded ones, e.g. "the connected user" (value 0). */
	extra?: INodePropertyOptions[];
	/** Rows the picker hides (e.g. inactive taxes are kept but marked; archived records left out). */
	keep?(row: Row): boolean;
}

export interface PickerTable {
	/** Product name for errors ("bexio", "lexoffice"). */
	system: string;
	catalog: Catalog;
	/** Source name (plural noun: `contacts`, `taxes`) → how it is listed. */
	sources: Record<string, PickerSource>;
	/** Field or path parameter name → source name. */
	fields: Record<string, string>;
	/** Field → why it has no picker. Every entry carries its reason. */
	exempt: Record<string, string>;
}

const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

/** `contacts` → `searchContacts` (listSearch) or `getContacts` (loadOptions). */
export function pickerMethodName(source: string, kind: PickerSource['kind']): string {
	return `${kind === 'locator' ? 'search' : 'get'}${pascal(source)}`;
}

/** The source of a field: a `resource.field` entry wins over the plain field name. */
export function sourceNameOf(
	table: PickerTable,
	resource: string,
	field: string,
): string | undefined {
	return table.fields[`${resource}.${field}`] ?? table.fields[field];
}

export function sourceOf(
	table: PickerTable | undefined,
	resource: string,
	field: string,
): PickerSource | undefined {
	const name = table ? sourceNameOf(table, resource, field) : undefined;
	return name ? table?.sources[name] : undefined;
}

/** Turns a plain field (string or number) into its picker; other fields pass through unchanged. */
export function withPicker(
	table: PickerTable | undefined,
	resource: string,
	property: INodeProperties,
): INodeProperties {
	const name = table ? sourceNameOf(table, resource, property.name) : undefined;
	const source = name ? table?.sources[name] : undefined;
	if (!table || !name || !source) return property;
	if (source.kind === 'dropdown') {
		const base = property.displayName.replace(/ ID$/, '');
		return {
			...property,
			displayName: `${base} Name or ID`,
			type: 'options',
			options: undefined,
			typeOptions: {
				loadOptionsMethod: pickerMethodName(name, 'dropdown'),
				...dependsOn(table, source),
			},
			default:
				source.extra?.length && property.required
					? source.extra[0].value
					: keptDefault(property.default),
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		};
	}
	return locatorProperty(property, name, source);
}

/** Every field of a hand-written description, also inside collections and fixed collections (line items). */
export function withPickers(
	table: PickerTable,
	resource: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((p) => {
		if (p.type === 'collection' && p.options)
			return { ...p, options: withPickers(table, resource, p.options as INodeProperties[]) };
		if (p.type === 'fixedCollection' && p.options) {
			return {
				...p,
				options: (
					p.options as Array<{ name: string; displayName: string; values: INodeProperties[] }>
				).map((o) => ({ ...o, values: withPickers(table, resource, o.values) })),
			};
		}
		return withPicker(table, resource, p);
	});
}

/** A meaningful default (lexoffice `DE`) survives; a number field's 0 is no option of the list. */
function keptDefault(value: INodeProperties['default']): string {
	return typeof value === 'string' ? value : '';
}

/** A list under another record (an address of a contact) reloads when that record's parameter changes. */
function dependsOn(table: PickerTable, source: PickerSource): { loadOptionsDependsOn?: string[] } {
	const op = source.list ? table.catalog[source.list] : undefined;
	const params = op ? pathParamNames(op.path).map((p) => pathParamParameter(op.resource, p)) : [];
	if (source.listByParameter) params.push(source.listByParameter.parameter);
	return params.length ? { loadOptionsDependsOn: params } : {};
}

function locatorProperty(
	property: INodeProperties,
	name: string,
	source: PickerSource,
): INodeProperties {
	const modes: INodeProperties['modes'] = [];
	if (source.list) {
		modes.push({
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: pickerMethodName(name, 'locator'), searchable: true },
		});
	}
	modes.push({
		displayName: 'By ID',
		name: 'id',
		type: 'string',
		placeholder: source.idPlaceholder ?? 'e.g. 1234',
	});
	if (source.urlRegex) {
		modes.push({
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: source.urlPlaceholder,
			extractValue: { type: 'regex', regex: source.urlRegex },
			validation: [
				{
					type: 'regex',
					properties: { regex: source.urlRegex, errorMessage: 'Not a valid URL of this record' },
				},
			],
		});
	}
	return {
		...property,
		displayName: property.displayName.replace(/ ID$/, ''),
		type: 'resourceLocator',
		options: undefined,
		default: { mode: source.list ? 'list' : 'id', value: '' },
		modes,
	};
}

/**
 * The value a picker field holds, as the API expects it: a resource locator inside a collection reaches
 * the node as `{ __rl, mode, value }` (only top-level parameters are unwrapped by n8n), a URL is reduced
 * to its ID, and number fields get numbers back (a locator always holds a string).
 */
export function pickedValue(value: unknown, type: string, source?: PickerSource): unknown {
	let v = value;
	if (typeof v === 'object' && v !== null && '__rl' in v) {
		const rl = v as { mode?: string; value?: unknown };
		v = rl.value;
		if (rl.mode === 'url' && source?.urlRegex && typeof v === 'string')
			v = new RegExp(source.urlRegex).exec(v)?.[1] ?? v;
	}
	if (type === 'number' && typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
	return v;
}

type ClientOf = (this: IAllExecuteFunctions) => Promise<ApiClient<Catalog>>;

/** The listSearch and loadOptions methods of a node, one per source of its table. */
export function pickerMethods(table: PickerTable, client: ClientOf) {
	const listSearch: Record<
		string,
		(this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>
	> = {};
	const loadOptions: Record<
		string,
		(this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>
	> = {};
	for (const [name, source] of Object.entries(table.sources)) {
		if (!source.list) continue;
		if (source.kind === 'locator') {
			listSearch[pickerMethodName(name, 'locator')] = async function (
				this: ILoadOptionsFunctions,
				filter?: string,
				token?: string,
			) {
				return searchPage(this, table, source, await client.call(this), filter, token);
			};
		} else {
			loadOptions[pickerMethodName(name, 'dropdown')] = async function (
				this: ILoadOptionsFunctions,
			) {
				return dropdownOptions(this, table, source, await client.call(this));
			};
		}
	}
	return { listSearch, loadOptions };
}

/** One page of 100 for a locator; the pagination token is the client's page cursor, so long lists stay usable. */
const LOCATOR_PAGE = 100;
/** Master data is small; a dropdown reads up to this many (two bexio pages of 2000 at most). */
const DROPDOWN_MAX = 2000;

async function searchPage(
	ctx: ILoadOptionsFunctions,
	table: PickerTable,
	source: PickerSource,
	client: ApiClient<Catalog>,
	filter?: string,
	token?: string,
): Promise<INodeListSearchResult> {
	const f = filter?.trim();
	const { operation, args, filteredLocally } = listRequest(ctx, source, client, f);
	try {
		const start = token ? Number(token) : undefined;
		for await (const page of client.pages(operation, args, { pageSize: LOCATOR_PAGE, start })) {
			const rows = (page.items as Row[]).filter(
				(r) => (source.keep?.(r) ?? true) && (!filteredLocally || !f || matches(source, r, f)),
			);
			return {
				results: rows.map((r) => ({
					name: source.label(r),
					value: String(valueOf(source, r)),
					url: source.url?.(r),
				})),
				paginationToken: page.next !== undefined ? String(page.next) : undefined,
			};
		}
		return { results: [] };
	} catch (error) {
		throw pickerError(ctx, table, error);
	}
}

async function dropdownOptions(
	ctx: ILoadOptionsFunctions,
	table: PickerTable,
	source: PickerSource,
	client: ApiClient<Catalog>,
): Promise<INodePropertyOptions[]> {
	const { operation, args } = listRequest(ctx, source, client, undefined);
	const rows: Row[] = [];
	try {
		for await (const row of client.items(operation, args, { pageSize: DROPDOWN_MAX })) {
			if (source.keep?.(row as Row) ?? true) rows.push(row as Row);
			if (rows.length >= DROPDOWN_MAX) break;
		}
	} catch (error) {
		throw pickerError(ctx, table, error);
	}
	const loaded = rows
		.map((r) => ({ name: source.label(r), value: valueOf(source, r) }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return [...(source.extra ?? []), ...loaded];
}

function listRequest(
	ctx: ILoadOptionsFunctions,
	source: PickerSource,
	client: ApiClient<Catalog>,
	filter: string | undefined,
) {
	const byParameter = source.listByParameter;
	const list = byParameter
		? (byParameter.lists[String(ctx.getCurrentNodeParameter(byParameter.parameter))] ??
			(source.list as string))
		: (source.list as string);
	const op = client.operation(list);
	const path: Record<string, string> = {};
	for (const p of pathParamNames(op.path)) {
		const value = ctx.getCurrentNodeParameter(pathParamParameter(op.resource, p), {
			extractValue: true,
		}) as unknown;
		const v = pickedValue(value, 'string');
		if (v === undefined || v === null || String(v) === '') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Choose "${pathParamParameter(op.resource, p)}" first`,
				{ description: 'This list depends on it.' },
			);
		}
		path[p] = String(v);
	}
	const search = source.search;
	if (filter && search && 'operation' in search) {
		return {
			operation: byParameter ? list.replace(/\.getAll$/, '.search') : search.operation,
			args: {
				path,
				query: source.query,
				body: [{ field: search.field, value: filter, criteria: 'like' }],
			},
			filteredLocally: false,
		};
	}
	if (filter && search && 'queryParameter' in search && filter.length >= (search.minLength ?? 1)) {
		return {
			operation: list,
			args: {
				path,
				query: {
					...source.query,
					[search.queryParameter]: search.encode ? search.encode(filter) : filter,
				},
			},
			filteredLocally: false,
		};
	}
	return { operation: list, args: { path, query: source.query }, filteredLocally: true };
}

function valueOf(source: PickerSource, r: Row): string | number {
	return source.value ? source.value(r) : (r.id as string | number);
}

function matches(source: PickerSource, r: Row, filter: string): boolean {
	return `${source.label(r)} ${String(valueOf(source, r))}`
		.toLowerCase()
		.includes(filter.toLowerCase());
}

/** A picker error says which credential failed and why the API refused (the API's own message). */
function pickerError(ctx: ILoadOptionsFunctions, table: PickerTable, error: unknown): Error {
	if (error instanceof NodeOperationError) return error;
	const node = ctx.getNode();
	const credential = Object.values(node.credentials ?? {})[0]?.name;
	const who = credential ? `credential "${credential}"` : `the ${table.system} credential`;
	const reason = error instanceof Error ? error.message : String(error);
	const status = error instanceof ApiError && error.status ? ` (HTTP ${error.status})` : '';
	return new NodeOperationError(
		node,
		`Could not load the list from ${table.system} with ${who}${status}: ${reason}`,
		{
			description:
				error instanceof ApiError && (error.kind === 'auth' || error.kind === 'forbidden')
					? `Check ${who}: its token, scopes and the user's rights in ${table.system}.`
					: undefined,
		},
	);
}
