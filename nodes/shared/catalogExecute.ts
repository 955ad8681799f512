import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { pathParamNames, type Catalog, type OperationDef } from '../../clients/catalog';
import type { ApiClient } from '../../clients/http/executor';
import type { QueryValue } from '../../clients/http/types';
import { parseJson as parseJsonParameter } from '../../temporal/jobInput';
import {
	isListOperation,
	pathParamParameter,
	type Base64FileFields,
	type CatalogUi,
	type RowsUi,
	type SearchCondition,
	type SearchUi,
} from './catalogProperties';
import { pickedValue, sourceOf } from './pickers';
import { fieldSpecs, objectShape } from './zodFields';

/**
 * Runs one plain catalog operation for one item, reading exactly the parameters that
 * catalogProperties generated for it.
 */
export async function executeCatalogOperation(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ApiClient<Catalog>,
	ui: CatalogUi,
	opId: string,
): Promise<IDataObject | IDataObject[] | INodeExecutionData[]> {
	const op = client.operation(opId);
	const path = readPathParams.call(this, itemIndex, op);
	const query = readQuery.call(this, itemIndex, op, ui);
	const signal = this.getExecutionCancelSignal?.();

	if (isListOperation(op)) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
		// Searches are lists with a body (bexio POST …/search).
		const body = op.body ? readBody.call(this, itemIndex, op, ui) : undefined;
		return (await client.list(
			opId,
			{ path, query, body, signal },
			{ returnAll, limit },
		)) as IDataObject[];
	}

	if (op.responseKind === 'binary')
		return downloadBinary.call(this, itemIndex, client, opId, { path, query, signal });
	if (op.bodyKind === 'multipart')
		return uploadMultipart.call(this, itemIndex, client, op, opId, { path, query, signal });

	let body = op.body ? readBody.call(this, itemIndex, op, ui) : undefined;
	if (body !== undefined && ui.isMergeUpdate?.(op))
		body = await mergeWithCurrent(
			client,
			op,
			path,
			body as IDataObject,
			signal,
			ui.readToWrite,
			ui.mergeOmit?.[opId],
		);
	if (body && typeof body === 'object' && !Array.isArray(body) && ui.prepareBody)
		body = await ui.prepareBody(body as IDataObject, op, client);
	const recover =
		op.method === 'POST' && body !== undefined ? ui.recoverCreate?.(opId, body, client) : undefined;
	const result = await client.call(opId, { path, query, body, signal, recover });
	if (result === undefined || result === null || result === '') {
		return op.method === 'DELETE' ? { deleted: true } : { success: true };
	}
	const file = ui.base64File?.(op);
	if (file) return [await base64ToBinary.call(this, itemIndex, result as IDataObject, file)];
	return result as IDataObject | IDataObject[];
}

interface CallTarget {
	path: Record<string, string>;
	query: Record<string, QueryValue> | undefined;
	signal: AbortSignal | undefined;
}

/** A download: the answer becomes n8n binary data, named from Content-Disposition or the path. */
async function downloadBinary(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ApiClient<Catalog>,
	opId: string,
	{ path, query, signal }: CallTarget,
): Promise<INodeExecutionData[]> {
	// Downloads must not ask for JSON (lexoffice answers 406).
	const accept = this.getNodeParameter('accept', itemIndex, '*/*') as string;
	const response = await client.callRaw(opId, {
		path,
		query,
		signal,
		headers: { Accept: accept },
	});
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const fileName =
		fileNameFrom(response.headers['content-disposition']) ??
		`${Object.values(path).join('-') || 'file'}`;
	const binary = await this.helpers.prepareBinaryData(
		response.body as Buffer,
		fileName,
		response.headers['content-type'],
	);
	return [
		{
			json: { fileName, mimeType: binary.mimeType, size: (response.body as Buffer).length },
			binary: { [property]: binary },
		},
	];
}

/** An upload: the item's binary property as the file part, the operation's body fields as text parts. */
async function uploadMultipart(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ApiClient<Catalog>,
	op: OperationDef,
	opId: string,
	{ path, query, signal }: CallTarget,
): Promise<IDataObject> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const meta = this.helpers.assertBinaryData(itemIndex, property);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const result = await client.call(opId, {
		path,
		query,
		signal,
		multipart: [
			{ name: 'file', data, filename: meta.fileName ?? 'upload', contentType: meta.mimeType },
			...(fieldSpecs(op.body) ?? []).map((s) => ({
				name: s.key,
				value: String(this.getNodeParameter(s.key, itemIndex)),
			})),
		],
	});
	return (result ?? { success: true }) as IDataObject;
}

/** A file the API answers as base64 inside JSON becomes n8n binary data; the JSON keeps the metadata. */
async function base64ToBinary(
	this: IExecuteFunctions,
	itemIndex: number,
	answer: IDataObject,
	fields: Base64FileFields,
): Promise<INodeExecutionData> {
	const { [fields.content]: content, ...meta } = answer;
	if (typeof content !== 'string') {
		throw new NodeOperationError(
			this.getNode(),
			`The answer carries no file in "${fields.content}"`,
			{
				itemIndex,
				description:
					'The API answered without file content; check the record has a document to download.',
			},
		);
	}
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const data = Buffer.from(content, 'base64');
	const fileName =
		typeof answer[fields.name] === 'string' ? (answer[fields.name] as string) : 'file';
	const mimeType =
		typeof answer[fields.mime] === 'string' ? (answer[fields.mime] as string) : undefined;
	const binary = await this.helpers.prepareBinaryData(data, fileName, mimeType);
	return {
		json: { ...meta, size: data.length },
		binary: { [property]: binary },
		pairedItem: { item: itemIndex },
	};
}

export function readPathParams(
	this: IExecuteFunctions,
	itemIndex: number,
	op: OperationDef,
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const name of pathParamNames(op.path)) {
		const parameter = pathParamParameter(op.resource, name);
		const raw = this.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) as unknown;
		const value =
			typeof raw === 'object' && raw !== null ? (raw as { value?: unknown }).value : raw;
		if (value === undefined || value === null || String(value).trim() === '') {
			throw new NodeOperationError(this.getNode(), `The parameter "${parameter}" is empty`, {
				itemIndex,
				description: `Set "${parameter}" to the ID of the record (a number for bexio, a UUID for lexoffice).`,
			});
		}
		out[name] = String(value).trim();
	}
	return out;
}

function readQuery(
	this: IExecuteFunctions,
	itemIndex: number,
	op: OperationDef,
	ui: CatalogUi,
): Record<string, QueryValue> | undefined {
	const specs = fieldSpecs(op.query);
	if (!specs) return undefined;
	const types = new Map(specs.map((s) => [s.key, s.type]));
	const picked = (key: string, value: unknown) =>
		pickedValue(
			value,
			types.get(key) ?? 'string',
			sourceOf(ui.pickers, op.resource, key),
		) as QueryValue;
	const query: Record<string, QueryValue> = {};
	for (const spec of specs.filter((s) => s.required))
		query[spec.key] = picked(
			spec.key,
			this.getNodeParameter(spec.key, itemIndex, undefined, { extractValue: true }),
		);
	const collection = this.getNodeParameter(
		isListOperation(op) ? 'filters' : 'options',
		itemIndex,
		{},
	) as IDataObject;
	for (const [key, value] of Object.entries(collection)) query[key] = picked(key, value);
	return query;
}

function readBody(
	this: IExecuteFunctions,
	itemIndex: number,
	op: OperationDef,
	ui: CatalogUi,
): unknown {
	if (ui.search?.isSearch(op)) return readSearch.call(this, itemIndex, ui.search);
	const specs = fieldSpecs(op.body);
	const mode = specs ? (this.getNodeParameter('bodyMode', itemIndex, 'fields') as string) : 'json';
	if (mode === 'json')
		return parseJson.call(
			this,
			itemIndex,
			'jsonBody',
			this.getNodeParameter('jsonBody', itemIndex),
		);
	const body: IDataObject = {};
	const merge = ui.isMergeUpdate?.(op) ?? false;
	const pathNames = new Set(pathParamNames(op.path));
	for (const spec of specs ?? []) {
		if (merge || !spec.required || pathNames.has(spec.key)) continue;
		const value = this.getNodeParameter(spec.key, itemIndex, undefined, {
			extractValue: true,
		}) as unknown;
		body[spec.key] = (
			spec.type === 'json'
				? parseJson.call(this, itemIndex, spec.key, value)
				: pickedValue(value, spec.type, sourceOf(ui.pickers, op.resource, spec.key))
		) as IDataObject[string];
	}
	const collectionName =
		merge || op.operation.startsWith('update') ? 'updateFields' : 'additionalFields';
	const extra = this.getNodeParameter(collectionName, itemIndex, {}) as IDataObject;
	const types = new Map((specs ?? []).map((s) => [s.key, s.type]));
	for (const [key, value] of Object.entries(extra)) {
		const rows = ui.rows?.[key];
		if (rows?.appliesTo(op) && typeof value === 'object' && value !== null && !Array.isArray(value))
			body[key] = readRows.call(
				this,
				itemIndex,
				key,
				value as IDataObject,
				rows,
				ui,
				op,
			) as IDataObject[string];
		else if (types.get(key) === 'json')
			body[key] = parseJson.call(this, itemIndex, key, value) as IDataObject[string];
		else {
			const source = sourceOf(ui.pickers, op.resource, key);
			const picked = pickedValue(value, types.get(key) ?? 'string', source);
			// A picker added to the collection but left empty sends nothing rather than an empty ID.
			if (!(source && picked === '')) body[key] = picked as IDataObject[string];
		}
	}
	return body;
}

/** Rows of a fixed collection (bexio positions) as the API's array; picker values unwrapped, the row named in errors. */
function readRows(
	this: IExecuteFunctions,
	itemIndex: number,
	key: string,
	value: IDataObject,
	rows: RowsUi,
	ui: CatalogUi,
	op: OperationDef,
): unknown[] {
	const list = (value[rows.rowName] as IDataObject[] | undefined) ?? [];
	return list.map((row, i) => {
		const picked = Object.fromEntries(
			Object.entries(row).map(([k, v]) => [
				k,
				pickedValue(
					v,
					typeof v === 'number' ? 'number' : 'string',
					sourceOf(ui.pickers, op.resource, k),
				),
			]),
		);
		try {
			return rows.toApi(picked, i);
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`${rows.rowDisplayName} ${i + 1} of "${key}" is not valid: ${error instanceof Error ? error.message : String(error)}`,
				{ itemIndex },
			);
		}
	});
}

function readSearch(this: IExecuteFunctions, itemIndex: number, search: SearchUi): unknown {
	if (this.getNodeParameter('searchMode', itemIndex, 'criteria') === 'json')
		return parseJson.call(
			this,
			itemIndex,
			'jsonBody',
			this.getNodeParameter('jsonBody', itemIndex),
		);
	const rows =
		(this.getNodeParameter('searchCriteria.conditions', itemIndex, []) as SearchCondition[]) ?? [];
	if (rows.length === 0) {
		throw new NodeOperationError(this.getNode(), 'The search has no criteria', {
			itemIndex,
			description:
				'Add at least one criterion under "Criteria" (field, criteria, value), or switch "Define Search" to JSON.',
		});
	}
	try {
		return search.build(rows);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`A search criterion is not valid: ${error instanceof Error ? error.message : String(error)}`,
			{
				itemIndex,
				description:
					'Fix the row under "Criteria": a field name, one of the listed criteria, and a value (comma-separated for "in" and "not in").',
			},
		);
	}
}

function parseJson(
	this: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): unknown {
	try {
		return parseJsonParameter(value, field);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			error instanceof Error ? error.message : String(error),
			{ itemIndex, description: `Fix the JSON in "${field}".` },
		);
	}
}

/**
 * Read-merge-write: both APIs replace the whole record on update (lexoffice PUT, bexio POST edits and
 * v3/v4 PUT), so omitted fields would be cleared. Reads the record, overlays the given fields and keeps
 * the version it read, so a concurrent change surfaces as a conflict instead of being overwritten.
 */
async function mergeWithCurrent(
	client: ApiClient<Catalog>,
	op: OperationDef,
	path: Record<string, string>,
	changes: IDataObject,
	signal: AbortSignal | undefined,
	readToWrite: Record<string, string> = {},
	omit: string[] = [],
): Promise<IDataObject> {
	const getter = Object.entries(client.catalog).find(
		([, o]) => o.method === 'GET' && o.path === op.path,
	);
	if (!getter) return changes;
	const read = (await client.call(getter[0], { path, signal })) as IDataObject;
	const current: IDataObject = {};
	for (const [k, v] of Object.entries(read)) current[readToWrite[k] ?? k] = v;
	// Only writable fields go back: v3/v4 refuse read-only ones ("Unrecognized property").
	const writable = objectShape(op.body);
	const base = Object.fromEntries(
		Object.entries(current).filter(([k]) => (!writable || k in writable) && !omit.includes(k)),
	);
	const merged: IDataObject = { ...base, ...changes };
	if (typeof current.version === 'number') merged.version = current.version;
	return merged;
}

function fileNameFrom(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
	if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
	const plain = /filename="?([^";]+)"?/i.exec(disposition);
	return plain?.[1];
}
