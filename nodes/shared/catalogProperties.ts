import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { pathParamNames, type Catalog, type OperationDef } from '../../clients/catalog';
import { withPicker, withPickers, type PickerTable } from './pickers';
import { updateDisplayOptions } from './updateDisplayOptions';
import { displayNameOf, fieldSpecs, propertyFor } from './zodFields';

/**
 * Builds the node UI from a catalog: Resource and Operation dropdowns, and per operation its path
 * parameters, body fields (required ones on top, optional ones in Additional/Update Fields, or the
 * whole body as JSON), query parameters (Filters/Options), Return All + Limit, and binary fields.
 * Hand-written operations replace the generated fields with their own.
 */

export interface ResourceInfo {
	displayName: string;
	description?: string;
}

export interface CatalogUi {
	catalog: Catalog;
	resources: Record<string, ResourceInfo>;
	/** Fields that name another record → the list behind their picker (nodes/shared/pickers.ts). */
	pickers?: PickerTable;
	/** Path parameters with a fixed set of values (parameter name → options). */
	pathOptions?: Record<string, INodePropertyOptions[]>;
	/** Operations with their own file: their properties replace the generated ones. */
	custom?: Record<string, { description: INodeProperties[] }>;
	/** Whether an update reads the record first and merges (read-merge-write), see catalogExecute. */
	isMergeUpdate?(op: OperationDef): boolean;
	/** Fills API-specific defaults into a body before it is sent (e.g. bexio's responsible user). */
	prepareBody?(
		body: Record<string, unknown>,
		op: OperationDef,
		client: unknown,
	): Promise<Record<string, unknown>>;
	/** Fields of the current record not sent back on a read-merge-write unless the user sets them. */
	mergeOmit?: Record<string, string[]>;
	/** Read name → write name of fields the API spells differently on write (bexio `project_id` → `pr_project_id`). */
	readToWrite?: Record<string, string>;
	/** Hint shown on a required body field, e.g. that 0 means "the connected user". */
	fieldHints?: Record<string, string>;
	/** Body fields with a fixed list of codes (e.g. contact type). */
	fieldChoices?: Record<string, FieldChoice>;
	/** Search operations whose body is a list of conditions: a criteria builder besides raw JSON. */
	search?: SearchUi;
	/** Array body fields (bexio `positions`) offered as rows with their own fields, pickers included; JSON still accepted. */
	rows?: Record<string, RowsUi>;
	/** Operations answering a file as base64 inside JSON (bexio PDFs): the node outputs it as binary data. */
	base64File?(op: OperationDef): Base64FileFields | undefined;
	/** For a create whose answer may be lost: the lookup that finds what it created (the client's `recover`). */
	recoverCreate?(
		opId: string,
		body: unknown,
		client: unknown,
	): (() => Promise<unknown>) | undefined;
}

export interface RowsUi {
	/** The operations whose field it is (the same name may mean something else elsewhere). */
	appliesTo(op: OperationDef): boolean;
	/** Name of one row inside the fixed collection (`position`). */
	rowName: string;
	rowDisplayName: string;
	values: INodeProperties[];
	/** One row as the API takes it; throws naming the row's field that is wrong. */
	toApi(row: Record<string, unknown>, index: number): unknown;
}

export interface FieldChoice {
	options: INodePropertyOptions[];
	default?: string | number;
}

export interface SearchCondition {
	field: string;
	criteria: string;
	value: string;
}

export interface SearchUi {
	isSearch(op: OperationDef): boolean;
	criteria: INodePropertyOptions[];
	/** Turns the builder's rows into the request body; throws naming the row's field that is wrong. */
	build(conditions: SearchCondition[]): unknown;
}

/** Where the base64 content, the file name and the MIME type sit in the answer. */
export interface Base64FileFields {
	content: string;
	name: string;
	mime: string;
}

const OPERATION_NAMES: Record<string, string> = {
	getAll: 'Get Many',
	upsert: 'Create or Update',
	get: 'Get',
};

export function operationDisplayName(operation: string): string {
	return OPERATION_NAMES[operation] ?? displayNameOf(operation);
}

/** `{id}` of resource `contact` → `contactId`; other path parameters keep their name in camelCase. */
export function pathParamParameter(resource: string, name: string): string {
	if (name === 'id') return `${resource}Id`;
	return name.replace(/[_-]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function isListOperation(op: OperationDef): boolean {
	return op.paging !== undefined && op.method !== 'DELETE';
}

export function isUpdateOperation(opName: string): boolean {
	return opName === 'update' || opName.startsWith('update');
}

export function buildCatalogProperties(ui: CatalogUi): INodeProperties[] {
	const byResource = new Map<string, Array<[string, OperationDef]>>();
	for (const [id, op] of Object.entries(ui.catalog)) {
		const list = byResource.get(op.resource) ?? [];
		list.push([id, op]);
		byResource.set(op.resource, list);
	}
	const resources = [...byResource.keys()].sort((a, b) =>
		(ui.resources[a]?.displayName ?? a).localeCompare(ui.resources[b]?.displayName ?? b),
	);

	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((r) => ({
				name: ui.resources[r]?.displayName ?? displayNameOf(r),
				value: r,
				description: ui.resources[r]?.description,
			})),
			default: resources.includes('contact') ? 'contact' : resources[0],
		},
	];

	for (const resource of resources) {
		const ops = byResource.get(resource) ?? [];
		const options: INodePropertyOptions[] = ops
			.map(([, op]) => ({
				name: operationDisplayName(op.operation) + (op.deprecated ? ' (Deprecated)' : ''),
				value: op.operation,
				action: op.summary,
				description: op.deprecated ? `${op.summary}. Deprecated by the API.` : op.summary,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options,
			default: (options.find((o) => o.value === 'get') ?? options[0]).value as string,
		});
		for (const [id, op] of ops) {
			const fields = ui.custom?.[id]?.description ?? operationProperties(ui, op);
			properties.push(
				...updateDisplayOptions(
					{ show: { resource: [resource], operation: [op.operation] } },
					fields,
				),
			);
		}
	}
	return properties;
}

/** The generated fields of one plain operation. */
export function operationProperties(ui: CatalogUi, op: OperationDef): INodeProperties[] {
	const out: INodeProperties[] = [];
	for (const name of pathParamNames(op.path)) out.push(pathProperty(ui, op.resource, name));

	if (op.bodyKind === 'multipart') {
		out.push({
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input binary field containing the file to upload',
		});
		// Form fields that travel next to the file (lexoffice uploads need `type=voucher`).
		out.push(...(fieldSpecs(op.body) ?? []).map((s) => propertyFor(s)));
	} else if (op.body && ui.search?.isSearch(op)) {
		out.push(...searchProperties(ui.search));
	} else if (op.body) {
		out.push(...bodyProperties(ui, op));
	}
	if (op.query) out.push(...queryProperties(ui, op));
	if (isListOperation(op)) out.push(...listProperties());
	if (ui.base64File?.(op)) out.push(outputBinaryProperty());
	if (op.responseKind === 'binary') {
		out.push({
			displayName: 'File Format',
			name: 'accept',
			type: 'options',
			options: [
				{ name: 'As Stored (Any)', value: '*/*' },
				{ name: 'PDF', value: 'application/pdf' },
				{ name: 'XML (E-Invoice)', value: 'application/xml' },
			],
			default: '*/*',
			description: 'Which representation to download; e-invoices exist as XML and as a PDF preview',
		});
		out.push(outputBinaryProperty());
	}
	return out;
}

function outputBinaryProperty(): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	};
}

/** Criteria builder (field, criteria, value; several rows, all must match) or the raw JSON body. */
function searchProperties(search: SearchUi): INodeProperties[] {
	return [
		{
			displayName: 'Define Search',
			name: 'searchMode',
			type: 'options',
			options: [
				{ name: 'Using Criteria Builder', value: 'criteria' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'criteria',
		},
		{
			displayName: 'Criteria',
			name: 'searchCriteria',
			type: 'fixedCollection',
			placeholder: 'Add Criterion',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			description: 'All criteria must match',
			displayOptions: { show: { searchMode: ['criteria'] } },
			options: [
				{
					displayName: 'Criterion',
					name: 'conditions',
					values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'string',
							default: '',
							required: true,
							placeholder: 'e.g. name_1',
							description: 'A searchable field of this resource (see the API reference)',
						},
						{
							displayName: 'Criteria',
							name: 'criteria',
							type: 'options',
							options: search.criteria,
							default: search.criteria[0]?.value ?? '',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							hint: 'For "in" and "not in", separate values with commas',
						},
					],
				},
			],
		},
		{
			displayName: 'Search (JSON)',
			name: 'jsonBody',
			type: 'json',
			default: '[{ "field": "name_1", "value": "Muster", "criteria": "like" }]',
			required: true,
			description: 'The search body as the API documents it: a list of {field, value, criteria}',
			displayOptions: { show: { searchMode: ['json'] } },
		},
	];
}

function pathProperty(ui: CatalogUi, resource: string, name: string): INodeProperties {
	const parameter = pathParamParameter(resource, name);
	const label = displayNameOf(parameter);
	const options = ui.pathOptions?.[parameter];
	if (options) {
		return {
			displayName: label,
			name: parameter,
			type: 'options',
			required: true,
			options,
			default: options[0].value as string,
		};
	}
	return withPicker(ui.pickers, resource, {
		displayName: label,
		name: parameter,
		type: 'string',
		required: true,
		default: '',
		description: `The ${label}`,
	});
}

function bodyProperties(ui: CatalogUi, op: OperationDef): INodeProperties[] {
	const mergeUpdate = ui.isMergeUpdate?.(op) ?? false;
	const field = (property: INodeProperties) =>
		withRows(
			ui,
			op,
			withPicker(
				ui.pickers,
				op.resource,
				withChoice(withHint(property, ui.fieldHints), ui.fieldChoices),
			),
		);
	const specs = fieldSpecs(op.body);
	const jsonBody: INodeProperties = {
		displayName: 'Body (JSON)',
		name: 'jsonBody',
		type: 'json',
		default: specs ? '{}' : '[]',
		required: true,
		description: 'The request body as the API documents it',
	};
	if (!specs) return [jsonBody];
	const pathNames = new Set(pathParamNames(op.path));
	const editable = specs.filter(
		(s) => !pathNames.has(s.key) && !(mergeUpdate && s.key === 'version'),
	);
	// An update that reads the record first needs no required fields: what is not given stays as it is.
	const required = mergeUpdate ? [] : editable.filter((s) => s.required);
	const optional = mergeUpdate ? editable : editable.filter((s) => !s.required);
	const out: INodeProperties[] = [
		{
			displayName: 'Specify Body',
			name: 'bodyMode',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'fields',
		},
		...updateDisplayOptions({ show: { bodyMode: ['json'] } }, [jsonBody]),
		...updateDisplayOptions(
			{ show: { bodyMode: ['fields'] } },
			required.map((s) => field(propertyFor(s))),
		),
	];
	if (optional.length) {
		const update = mergeUpdate || isUpdateOperation(op.operation);
		out.push(
			...updateDisplayOptions({ show: { bodyMode: ['fields'] } }, [
				{
					displayName: update ? 'Update Fields' : 'Additional Fields',
					name: update ? 'updateFields' : 'additionalFields',
					type: 'collection',
					placeholder: update ? 'Add Field to Update' : 'Add Field',
					default: {},
					options: optional
						.map((s) => field({ ...propertyFor({ ...s, required: false }), required: undefined }))
						.sort((a, b) => a.displayName.localeCompare(b.displayName)),
				},
			]),
		);
	}
	return out;
}

function queryProperties(ui: CatalogUi, op: OperationDef): INodeProperties[] {
	const specs = fieldSpecs(op.query) ?? [];
	const field = (property: INodeProperties) => withPicker(ui.pickers, op.resource, property);
	const required = specs.filter((s) => s.required).map((s) => field(propertyFor(s)));
	const optional = specs.filter((s) => !s.required);
	if (!optional.length) return required;
	const filters = isListOperation(op);
	return [
		...required,
		{
			displayName: filters ? 'Filters' : 'Options',
			name: filters ? 'filters' : 'options',
			type: 'collection',
			placeholder: filters ? 'Add Filter' : 'Add Option',
			default: {},
			options: optional
				.map((s) => field(propertyFor({ ...s, required: false })))
				.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

/** An array field with a rows UI becomes a fixed collection; its row fields get their pickers too. */
function withRows(ui: CatalogUi, op: OperationDef, property: INodeProperties): INodeProperties {
	const rows = ui.rows?.[property.name];
	if (!rows?.appliesTo(op)) return property;
	const values = ui.pickers ? withPickers(ui.pickers, op.resource, rows.values) : rows.values;
	return {
		...property,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: `Add ${rows.rowDisplayName}`,
		default: {},
		description: undefined,
		options: [{ displayName: rows.rowDisplayName, name: rows.rowName, values }],
	};
}

/** A number code field becomes a dropdown of its fixed values (expressions still work). */
function withChoice(
	property: INodeProperties,
	choices: Record<string, FieldChoice> = {},
): INodeProperties {
	const choice = choices[property.name];
	if (!choice) return property;
	return {
		...property,
		type: 'options',
		options: choice.options,
		default: choice.default ?? choice.options[0].value,
	};
}

function withHint(property: INodeProperties, hints: Record<string, string> = {}): INodeProperties {
	const hint = hints[property.name];
	return hint ? { ...property, hint } : property;
}

export function listProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}
