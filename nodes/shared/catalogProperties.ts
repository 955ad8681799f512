import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { pathParamNames, type Catalog, type OperationDef } from '../../clients/catalog';
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

export interface LocatorInfo {
	/** `listSearch` method name for "From List". */
	searchListMethod?: string;
	/** Regex with one capture group extracting the ID from a URL of the service's web app. */
	urlRegex?: string;
	urlPlaceholder?: string;
	idPlaceholder?: string;
}

export interface CatalogUi {
	catalog: Catalog;
	resources: Record<string, ResourceInfo>;
	/** Path parameter name (after naming, e.g. `contactId`) → resource locator settings. */
	locators?: Record<string, LocatorInfo>;
	/** Path parameters with a fixed set of values (parameter name → options). */
	pathOptions?: Record<string, INodePropertyOptions[]>;
	/** Operations with their own file: their properties replace the generated ones. */
	custom?: Record<string, { description: INodeProperties[] }>;
	/** Whether an update reads the record first and merges (read-merge-write), see catalogExecute. */
	isMergeUpdate?(op: OperationDef): boolean;
	/** Fills API-specific defaults into a body before it is sent (e.g. bexio's responsible user). */
	prepareBody?(body: Record<string, unknown>, op: OperationDef, client: unknown): Promise<Record<string, unknown>>;
	/** Fields of the current record not sent back on a read-merge-write unless the user sets them. */
	mergeOmit?: Record<string, string[]>;
	/** Read name → write name of fields the API spells differently on write (bexio `project_id` → `pr_project_id`). */
	readToWrite?: Record<string, string>;
	/** Hint shown on a required body field, e.g. that 0 means "the connected user". */
	fieldHints?: Record<string, string>;
	/** Body fields with a fixed list (e.g. contact type) or a list loaded from the API (e.g. project status). */
	fieldChoices?: Record<string, FieldChoice>;
	/** Search operations whose body is a list of conditions: a criteria builder besides raw JSON. */
	search?: SearchUi;
	/** Operations answering a file as base64 inside JSON (bexio PDFs): the node outputs it as binary data. */
	base64File?(op: OperationDef): Base64FileFields | undefined;
	/** For a create whose answer may be lost: the lookup that finds what it created (the client's `recover`). */
	recoverCreate?(opId: string, body: unknown, client: unknown): (() => Promise<unknown>) | undefined;
}

export interface FieldChoice {
	options?: INodePropertyOptions[];
	/** `loadOptions` method of the node that lists the values. */
	loadOptionsMethod?: string;
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

const OPERATION_NAMES: Record<string, string> = { getAll: 'Get Many', upsert: 'Create or Update', get: 'Get' };

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
			properties.push(...updateDisplayOptions({ show: { resource: [resource], operation: [op.operation] } }, fields));
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
		out.push(...bodyProperties(op, ui.isMergeUpdate?.(op) ?? false, ui.fieldHints, ui.fieldChoices));
	}
	if (op.query) out.push(...queryProperties(op));
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
						{ displayName: 'Field', name: 'field', type: 'string', default: '', required: true, placeholder: 'e.g. name_1', description: 'A searchable field of this resource (see the API reference)' },
						{ displayName: 'Criteria', name: 'criteria', type: 'options', options: search.criteria, default: '=' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '', hint: 'For "in" and "not in", separate values with commas' },
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
	const locator = ui.locators?.[parameter];
	const options = ui.pathOptions?.[parameter];
	if (options) {
		return { displayName: label, name: parameter, type: 'options', required: true, options, default: options[0].value as string };
	}
	if (!locator) {
		return { displayName: label, name: parameter, type: 'string', required: true, default: '', description: `The ${label}` };
	}
	const modes: INodeProperties['modes'] = [];
	if (locator.searchListMethod) {
		modes.push({ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: locator.searchListMethod, searchable: true } });
	}
	modes.push({ displayName: 'By ID', name: 'id', type: 'string', placeholder: locator.idPlaceholder ?? 'e.g. 1234' });
	if (locator.urlRegex) {
		modes.push({
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: locator.urlPlaceholder,
			extractValue: { type: 'regex', regex: locator.urlRegex },
			validation: [{ type: 'regex', properties: { regex: locator.urlRegex, errorMessage: 'Not a valid URL of this record' } }],
		});
	}
	return {
		displayName: label,
		name: parameter,
		type: 'resourceLocator',
		required: true,
		default: { mode: locator.searchListMethod ? 'list' : 'id', value: '' },
		modes,
	};
}

function bodyProperties(op: OperationDef, mergeUpdate: boolean, hints: Record<string, string> = {}, choices: Record<string, FieldChoice> = {}): INodeProperties[] {
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
	const editable = specs.filter((s) => !pathNames.has(s.key) && !(mergeUpdate && s.key === 'version'));
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
		...updateDisplayOptions({ show: { bodyMode: ['fields'] } }, required.map((s) => withChoice(withHint(propertyFor(s), hints), choices))),
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
						.map((s) => withChoice({ ...propertyFor({ ...s, required: false }), required: undefined }, choices))
						.sort((a, b) => a.displayName.localeCompare(b.displayName)),
				},
			]),
		);
	}
	return out;
}

function queryProperties(op: OperationDef): INodeProperties[] {
	const specs = fieldSpecs(op.query) ?? [];
	const required = specs.filter((s) => s.required).map((s) => propertyFor(s));
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
			options: optional.map((s) => propertyFor({ ...s, required: false })).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

/** A number id field becomes a dropdown: fixed values, or values loaded from the API (expressions still work). */
function withChoice(property: INodeProperties, choices: Record<string, FieldChoice>): INodeProperties {
	const choice = choices[property.name];
	if (!choice) return property;
	if (choice.options) return { ...property, type: 'options', options: choice.options, default: choice.default ?? choice.options[0].value };
	return {
		...property,
		displayName: `${property.displayName} Name or ID`,
		type: 'options',
		typeOptions: { loadOptionsMethod: choice.loadOptionsMethod },
		default: choice.default ?? '',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

function withHint(property: INodeProperties, hints: Record<string, string>): INodeProperties {
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
