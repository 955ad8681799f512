import type { z } from 'zod';

import {
	isIdempotent,
	pathParamNames,
	type Catalog,
	type OperationDef,
	type PathParamNames,
} from '../catalog';
import {
	ApiError,
	InvalidRequestError,
	NetworkError,
	errorMessage,
	kindFromStatus,
	type ApiErrorKind,
	type ApiSystem,
	type FieldIssue,
} from './errors';
import {
	firstCursor,
	maxPageSize,
	nextCursor,
	pageItems,
	pageQuery,
	take,
	collect,
	type PageCursor,
} from './paging';
import { sleep, type RequestBudget } from './rateLimit';
import type { HttpRequest, HttpResponse, HttpSend, MultipartPart, QueryValue } from './types';

/**
 * How often the client repeats one HTTP call (retry layer 1 of up to 3). It repeats 429, 5xx and network
 * failures only, and a write that may have been applied only after `recover` proved it was not.
 * n8n nodes use `defaultRetryPolicy`; Temporal activities a short one (ACTIVITY_RETRY in
 * temporal/activities/engine/clients.ts), because the importer and Temporal retry above it.
 */
export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Upper bound on the time spent waiting between attempts of one call. */
	maxTotalWaitMs: number;
}

/** n8n nodes: up to 8 attempts, backoff 0.5 s doubling to 30 s, at most 3 minutes of waiting per call. */
export const defaultRetryPolicy: RetryPolicy = {
	maxAttempts: 8,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalWaitMs: 180_000,
};

/** What an API's error parser extracts from a non-2xx response. */
export interface ParsedError {
	message: string;
	code?: string;
	fieldIssues?: FieldIssue[];
	requestId?: string;
	retryAfterMs?: number;
	/** Overrides the status-based kind (lexoffice contacts answer a stale version with 406). */
	kind?: ApiErrorKind;
	/** The body with anything unsafe removed, for NodeApiError. */
	body?: unknown;
}

export interface ApiClientOptions {
	system: ApiSystem;
	send: HttpSend;
	/** Awaited before every request; shared per account (bucketFor() in one process, or a budget shared by processes). */
	budget?: RequestBudget;
	/**
	 * A policy: 429, 5xx and network failures are retried here (n8n nodes: defaultRetryPolicy; Temporal
	 * activities: a short policy, Temporal retries above it). `false`: every failure is thrown at once.
	 */
	retry: RetryPolicy | false;
	parseError(status: number, headers: Record<string, string>, body: unknown): ParsedError;
	/** Validate 2xx bodies against the catalog's schemas (default true). */
	validateResponses?: boolean;
	/** Headers sent with every request (e.g. `Accept: application/json`). */
	defaultHeaders?: Record<string, string>;
	onRetry?(info: {
		operation: string;
		attempt: number;
		delayMs: number;
		reason: ApiErrorKind;
	}): void;
	/** Source of jitter; injectable so a benchmark can be repeatable. */
	random?: () => number;
}

type Infer<T> = T extends z.ZodTypeAny ? z.infer<T> : unknown;

type OpOf<C extends Catalog, K extends keyof C> = C[K];

/** Arguments of one call. Path parameters are typed from the operation's path. */
export interface CallArgs<TPath extends string = string, TBody = unknown> {
	path?: Record<PathParamNames<TPath>, string | number>;
	query?: Record<string, QueryValue>;
	body?: TBody;
	multipart?: MultipartPart[];
	form?: Record<string, string>;
	headers?: Record<string, string>;
	signal?: AbortSignal;
	/**
	 * For non-idempotent writes only. After an ambiguous failure (the write may or may not have been
	 * applied) the client never repeats the request blindly. With `recover` it first looks the record
	 * up by its business key: a found record is returned as the result; `undefined` proves the write
	 * did not happen and the request is sent again. Without `recover` the error is thrown with
	 * `maybeApplied: true`.
	 */
	recover?: () => Promise<unknown>;
}

export type ArgsOf<O> =
	O extends OperationDef<infer P, infer _Q, infer B, infer _R> ? CallArgs<P, Infer<B>> : CallArgs;
export type ResultOf<O> =
	O extends OperationDef<string, infer _Q, infer _B, infer R> ? Infer<R> : unknown;
/**
 * What `call()` returns: the item for single-record operations; for list operations whose paging kind
 * is known at compile time, the body they answer (a bare array, or the `{data}` envelope).
 */
export type CallResultOf<O> = O extends { paging: { kind: 'bexioOffset' | 'array' } }
	? Array<ResultOf<O>>
	: O extends { paging: { kind: 'bexioPage' | 'bexioData' } }
		? { data: Array<ResultOf<O>>; paging?: Record<string, unknown> }
		: O extends { paging: { kind: 'bexioBankingPage' } }
			? BexioBankingPageBody<ResultOf<O>>
			: O extends { paging: { kind: 'lexofficePage' | 'lexofficeContent' } }
				? LexofficePageBody<ResultOf<O>>
				: ResultOf<O>;

/** The envelope of bexio 4.0 banking lists; `page` counts from 1. */
export interface BexioBankingPageBody<T> {
	query?: unknown;
	'sort-by'?: unknown;
	pagination?: { page?: number; 'per-page'?: number; 'max-results'?: number };
	results: T[];
}

/** The Spring envelope of lexoffice lists (https://developers.lexware.io/docs/#paging-of-resources); event subscriptions send only `content`. */
export interface LexofficePageBody<T> {
	content: T[];
	first?: boolean;
	last?: boolean;
	totalPages?: number;
	totalElements?: number;
	numberOfElements?: number;
	size?: number;
	number?: number;
}

export interface Page<T> {
	items: T[];
	/** The cursor this page was read with. */
	cursor: PageCursor;
	/** Cursor of the following page; undefined on the last page. */
	next?: PageCursor;
}

export interface PageOptions {
	/** Requested page size; clamped to the operation's maximum. */
	pageSize?: number;
	/** Resume from a cursor returned by an earlier page. */
	start?: PageCursor;
}

/** Executes catalog operations over an HttpSend: the one transport of both APIs. */
export class ApiClient<C extends Catalog> {
	private readonly random: () => number;

	constructor(
		readonly catalog: C,
		private readonly options: ApiClientOptions,
	) {
		this.random = options.random ?? Math.random;
	}

	operation<K extends keyof C & string>(id: K): C[K] {
		const op = this.catalog[id];
		if (!op) throw new InvalidRequestError(`Unknown ${this.options.system} operation "${id}"`, []);
		return op;
	}

	/** Calls one operation and returns its validated body (for list operations: the body with validated items). */
	async call<K extends keyof C & string>(
		id: K,
		args: ArgsOf<OpOf<C, K>> = {} as ArgsOf<OpOf<C, K>>,
	): Promise<CallResultOf<OpOf<C, K>>> {
		const op = this.operation(id);
		const response = await this.request(id, op, args as CallArgs);
		return this.validate(id, op, response.body) as CallResultOf<OpOf<C, K>>;
	}

	/** Like call(), but also returns status and headers (downloads need `content-disposition`). */
	async callRaw<K extends keyof C & string>(
		id: K,
		args: ArgsOf<OpOf<C, K>>,
	): Promise<HttpResponse> {
		return this.request(id, this.operation(id), args as CallArgs);
	}

	/** Pages of a list operation, one request per page, resumable from `options.start`. */
	async *pages<K extends keyof C & string>(
		id: K,
		args: ArgsOf<OpOf<C, K>> = {} as ArgsOf<OpOf<C, K>>,
		options: PageOptions = {},
	): AsyncGenerator<Page<ListItem<OpOf<C, K>>>> {
		const op = this.operation(id);
		const style = op.paging ?? { kind: 'array' as const };
		const max = maxPageSize(style);
		const size = Math.max(
			1,
			Math.min(options.pageSize ?? max ?? 1, max ?? Number.MAX_SAFE_INTEGER),
		);
		let cursor: PageCursor | undefined = options.start ?? firstCursor(style);
		const base = args as CallArgs;
		while (cursor !== undefined) {
			const query = { ...(base.query ?? {}), ...pageQuery(style, cursor, size) };
			const response = await this.request(id, op, { ...base, query });
			const items = pageItems(style, response.body).map((item, i) =>
				this.validateItem(id, op, item, i),
			);
			const next = nextCursor(style, cursor, size, response.body, items.length);
			yield { items: items as Array<ListItem<OpOf<C, K>>>, cursor, next };
			cursor = next;
		}
	}

	/** Items of a list operation across pages. */
	async *items<K extends keyof C & string>(
		id: K,
		args: ArgsOf<OpOf<C, K>> = {} as ArgsOf<OpOf<C, K>>,
		options: PageOptions = {},
	): AsyncGenerator<ListItem<OpOf<C, K>>> {
		for await (const page of this.pages(id, args, options)) yield* page.items;
	}

	/** n8n's Return All / Limit: a limit of 5 costs one request of size 5. */
	async list<K extends keyof C & string>(
		id: K,
		args: ArgsOf<OpOf<C, K>>,
		options: { returnAll: boolean; limit?: number },
	): Promise<Array<ListItem<OpOf<C, K>>>> {
		if (options.returnAll) return collect(this.items(id, args));
		const limit = options.limit ?? 50;
		return take(this.items(id, args, { pageSize: limit }), limit);
	}

	private async request(id: string, op: OperationDef, args: CallArgs): Promise<HttpResponse> {
		const request = this.buildRequest(op, args);
		const policy = this.options.retry;
		const idempotent = isIdempotent(op);
		let waited = 0;
		for (let attempt = 1; ; attempt++) {
			if (this.options.budget) await this.options.budget.acquire(args.signal);
			let error: ApiError;
			let notSent = false;
			try {
				const response = await this.options.send(request);
				if (response.status >= 200 && response.status < 300) return response;
				error = this.toApiError(id, op, response);
			} catch (caught) {
				if (!(caught instanceof NetworkError)) throw caught;
				notSent = caught.notSent;
				error = new ApiError({
					system: this.options.system,
					kind: 'network',
					status: 0,
					code: caught.code,
					message: caught.message,
					operation: id,
					method: op.method,
					path: request.path,
				});
			}

			if (error.kind === 'rateLimited')
				await this.options.budget?.pause(
					Date.now() + (error.retryAfterMs ?? this.backoff(attempt, policy)),
				);
			if (error.kind === 'conflict') {
				await this.attachConflict(error, op, request, args.body);
				throw error;
			}
			const ambiguous =
				(error.kind === 'server' || error.kind === 'network') && !idempotent && !notSent;
			if (ambiguous) error.maybeApplied = true;
			if (
				!policy ||
				!(error.kind === 'rateLimited' || error.kind === 'server' || error.kind === 'network')
			) {
				throw error;
			}
			// The rule that keeps retries from creating duplicates: a write that may have been applied is
			// repeated only after a lookup by business key proved it was not (neither API has idempotency keys).
			if (ambiguous) {
				if (!args.recover) throw error;
				const found = await args.recover();
				if (found !== undefined) return { status: 200, headers: {}, body: found };
				error.maybeApplied = false;
			}
			const delay =
				error.kind === 'rateLimited' && error.retryAfterMs !== undefined
					? error.retryAfterMs + Math.floor(this.random() * 100)
					: this.backoff(attempt, policy);
			if (attempt >= policy.maxAttempts || waited + delay > policy.maxTotalWaitMs) throw error;
			this.options.onRetry?.({ operation: id, attempt, delayMs: delay, reason: error.kind });
			waited += delay;
			await sleep(delay, args.signal);
		}
	}

	/** Exponential backoff with full jitter in [d/2, d]. */
	private backoff(attempt: number, policy: RetryPolicy | false): number {
		const p = policy || defaultRetryPolicy;
		const d = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
		return Math.floor(d / 2 + (this.random() * d) / 2);
	}

	private buildRequest(op: OperationDef, args: CallArgs): HttpRequest {
		const params = (args.path ?? {}) as Record<string, string | number | undefined>;
		const missing: FieldIssue[] = [];
		const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
			const value = params[name];
			if (value === undefined || value === null || value === '') {
				missing.push({ field: name, message: `path parameter "${name}" is required` });
				return '';
			}
			return encodeURIComponent(String(value));
		});
		if (missing.length) {
			throw new InvalidRequestError(
				`Missing ${missing.map((m) => `"${m.field}"`).join(', ')} for ${op.method} ${op.path}`,
				missing,
			);
		}
		if (op.body && args.body !== undefined && (op.bodyKind ?? 'json') === 'json') {
			const parsed = op.body.safeParse(args.body);
			if (!parsed.success) {
				const issues = parsed.error.issues.map((i) => ({
					field:
						i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : n ? `.${p}` : p)).join('') ||
						'(body)',
					message: i.message,
					code: i.code,
				}));
				throw new InvalidRequestError(
					`Invalid request body for ${op.method} ${op.path}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
					issues,
				);
			}
		}
		return {
			method: op.method,
			path,
			query: dropEmpty(args.query),
			headers: { ...(this.options.defaultHeaders ?? {}), ...(args.headers ?? {}) },
			body: args.body,
			multipart: args.multipart,
			form: args.form,
			responseType: op.responseKind === 'binary' ? 'binary' : 'json',
			signal: args.signal,
		};
	}

	private toApiError(id: string, op: OperationDef, response: HttpResponse): ApiError {
		const body = Buffer.isBuffer(response.body) ? safeJson(response.body) : response.body;
		let parsed: ParsedError;
		try {
			parsed = this.options.parseError(response.status, response.headers, body);
		} catch (e) {
			parsed = { message: `HTTP ${response.status} (${errorMessage(e)})` };
		}
		return new ApiError({
			system: this.options.system,
			kind: parsed.kind ?? kindFromStatus(response.status),
			status: response.status,
			message: parsed.message,
			code: parsed.code,
			fieldIssues: parsed.fieldIssues,
			requestId: parsed.requestId,
			retryAfterMs: parsed.retryAfterMs,
			operation: id,
			method: op.method,
			path: op.path,
			body: parsed.body,
		});
	}

	/** Reads the resource again so the conflict error carries its current version. */
	private async attachConflict(
		error: ApiError,
		op: OperationDef,
		request: HttpRequest,
		body: unknown,
	): Promise<void> {
		const sentVersion = (body as { version?: unknown } | undefined)?.version;
		error.conflict = {
			resourcePath: request.path,
			sentVersion: typeof sentVersion === 'number' ? sentVersion : undefined,
		};
		const getter = Object.values(this.catalog).find(
			(o) => o.method === 'GET' && o.path === op.path,
		);
		if (!getter || op.method === 'GET' || pathParamNames(op.path).length === 0) return;
		try {
			const current = await this.options.send({
				method: 'GET',
				path: request.path,
				headers: request.headers,
				responseType: 'json',
				signal: request.signal,
			});
			if (current.status >= 200 && current.status < 300) {
				const version = (current.body as { version?: unknown } | undefined)?.version;
				error.conflict.current = current.body;
				if (typeof version === 'number') error.conflict.currentVersion = version;
			}
		} catch {
			// The conflict itself is the error to report; a failed re-read only leaves `current` empty.
		}
	}

	private validate(id: string, op: OperationDef, body: unknown): unknown {
		if (op.paging && op.paging.kind !== 'array') {
			pageItems(op.paging, body).forEach((item, i) => this.validateItem(id, op, item, i));
			return body;
		}
		if (op.paging?.kind === 'array' && Array.isArray(body)) {
			return body.map((item, i) => this.validateItem(id, op, item, i));
		}
		return this.validateItem(id, op, body, undefined);
	}

	private validateItem(
		id: string,
		op: OperationDef,
		item: unknown,
		index: number | undefined,
	): unknown {
		if (!op.response || this.options.validateResponses === false || Buffer.isBuffer(item))
			return item;
		const parsed = op.response.safeParse(item);
		if (parsed.success) return parsed.data;
		const issue = parsed.error.issues[0];
		const field = [index === undefined ? '' : `[${index}]`, ...issue.path.map(String)]
			.filter(Boolean)
			.join('.');
		throw new ApiError({
			system: this.options.system,
			kind: 'unexpectedResponse',
			status: 200,
			message: `The ${this.options.system} response to ${op.method} ${op.path} does not match the documented schema at "${field || '(root)'}": ${issue.message}`,
			fieldIssues: parsed.error.issues.map((i) => ({
				field: i.path.join('.'),
				message: i.message,
				code: i.code,
			})),
			operation: id,
			method: op.method,
			path: op.path,
		});
	}
}

/** Item type of a list operation (the response schema describes one item). */
export type ListItem<O> = ResultOf<O>;

function dropEmpty(
	query: Record<string, QueryValue> | undefined,
): Record<string, QueryValue> | undefined {
	if (!query) return undefined;
	const out: Record<string, QueryValue> = {};
	for (const [k, v] of Object.entries(query))
		if (v !== undefined && v !== null && v !== '') out[k] = v;
	return out;
}

function safeJson(buffer: Buffer): unknown {
	try {
		return JSON.parse(buffer.toString('utf8')) as unknown;
	} catch {
		return buffer.toString('utf8').slice(0, 500);
	}
}
