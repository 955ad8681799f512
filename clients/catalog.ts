import type { z } from 'zod';

import type { HttpMethod } from './http/types';

/**
 * How a list operation pages. The client turns each style into an async iterator (clients/http/paging.ts).
 * - `lexofficePage`: `page` (0-based) + `size`, Spring envelope with `content` and `last` (https://developers.lexware.io/docs/#paging-of-resources).
 * - `lexofficeContent`: `{ content: [...] }` without paging fields (event subscriptions).
 * - `bexioOffset`: `limit` + `offset`, bare array, last page shorter than `limit` (https://docs.bexio.com/#section/API-basics/Pagination).
 * - `bexioPage`: v4 purchase: `page` (1-based) + `limit`, envelope `{ data, paging }`.
 * - `bexioBankingPage`: v4 banking: `page` (1-based) + `per-page`, envelope
 *   `{ query, sort-by, pagination: { page, per-page, max-results }, results }` (as live bexio answers).
 * - `array`: the whole list in one bare array (master data); no paging parameters.
 * - `bexioData`: payroll `{ data: [...] }`, no paging parameters.
 */
export type PagingStyle =
	| { kind: 'lexofficePage'; maxSize: number; defaultSize?: number }
	| { kind: 'lexofficeContent' }
	| { kind: 'bexioOffset'; maxLimit: number; defaultLimit?: number }
	| { kind: 'bexioPage'; maxLimit: number }
	| { kind: 'bexioBankingPage'; maxLimit: number }
	| { kind: 'array' }
	| { kind: 'bexioData' };

/** What the request body is. JSON unless stated. */
export type BodyKind = 'json' | 'multipart' | 'form';

/** What the response is: parsed JSON (default), raw bytes, or nothing (204). */
export type ResponseKind = 'json' | 'binary' | 'empty';

/**
 * One documented API operation. The catalog is data: the client executes any entry, the nodes
 * build their UI from it, and `npm run catalog` lists it.
 */
export interface OperationDef<
	TPath extends string = string,
	TQuery extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
	TBody extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
	TResponse extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
> {
	/** Resource in the service's UI words, camelCase singular (`contact`, `salesInvoice`). */
	resource: string;
	/** n8n vocabulary where it fits (`create`, `get`, `getAll`, `update`, `delete`, `search`) else the API's verb. */
	operation: string;
	method: HttpMethod;
	/** Path with parameters in braces, exactly as documented: `/v1/contacts/{id}`. */
	path: TPath;
	/** Sentence-case action, e.g. "Create a contact". */
	summary: string;
	/** Documented query parameters (paging parameters are added by the paging style). */
	query?: TQuery;
	body?: TBody;
	bodyKind?: BodyKind;
	/** Schema of the response; for list operations, of one item. */
	response?: TResponse;
	responseKind?: ResponseKind;
	paging?: PagingStyle;
	/**
	 * Whether repeating the request after an ambiguous failure (5xx, timeout, reset) cannot create a
	 * second record. Defaults to true for GET/HEAD/PUT/DELETE/PATCH and false for POST; searches and
	 * bexio's POST edits set it to true.
	 */
	idempotent?: boolean;
	/** Deprecated by the API; still callable, marked in the UI. */
	deprecated?: boolean;
	/** Reference section that documents it, e.g. `4.2`. */
	ref?: string;
}

export type Catalog = Record<string, OperationDef>;

/** Identity helper that keeps literal types of one entry (path parameters, schemas). */
export function defineOperation<
	TPath extends string,
	TQuery extends z.ZodTypeAny | undefined = undefined,
	TBody extends z.ZodTypeAny | undefined = undefined,
	TResponse extends z.ZodTypeAny | undefined = undefined,
>(
	def: OperationDef<TPath, TQuery, TBody, TResponse>,
): OperationDef<TPath, TQuery, TBody, TResponse> {
	return def;
}

/** `'/v1/{a}/x/{b}'` → `'a' | 'b'`. */
export type PathParamNames<TPath extends string> =
	TPath extends `${string}{${infer P}}${infer Rest}` ? P | PathParamNames<Rest> : never;

export function pathParamNames(path: string): string[] {
	return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

/** Whether an ambiguous failure of this operation may be retried without risking a duplicate. */
export function isIdempotent(op: OperationDef): boolean {
	return op.idempotent ?? op.method !== 'POST';
}

/** `METHOD /path` lines of a catalog, sorted by path then method: the coverage list. */
export function catalogLines(catalog: Catalog): string[] {
	const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
	return Object.values(catalog)
		.map((op) => ({ line: `${op.method} ${op.path}`, path: op.path, m: order.indexOf(op.method) }))
		.sort((a, b) => (a.path === b.path ? a.m - b.m : a.path < b.path ? -1 : 1))
		.map((x) => x.line)
		.filter((line, i, all) => all.indexOf(line) === i);
}
