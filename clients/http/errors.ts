/**
 * One error type for every API failure. Built from the response status, headers and body only, never
 * from a raw transport error (which still holds request headers and so the token).
 */

export type ApiErrorKind =
	| 'auth' // 401: token missing, invalid or expired
	| 'forbidden' // 402/403: missing scope, right or licensed module
	| 'notFound' // 404/410
	| 'conflict' // optimistic lock or state conflict (409, lexoffice contacts: 406 naming `version`)
	| 'validation' // the API refused the input (400, 405, 406, 411, 415, 422)
	| 'rateLimited' // 429
	| 'server' // 5xx
	| 'network' // no response (reset, refused, timeout, DNS)
	| 'unexpectedResponse'; // 2xx whose body does not match the documented schema

export type ApiSystem = 'bexio' | 'lexoffice';

export interface FieldIssue {
	/** API field path, e.g. `company.name` or `lineItems[0].unitPrice.taxRatePercentage`. */
	field: string;
	message: string;
	/** The API's code for the issue (`missing_entity`, `NOTNULL`, …). */
	code?: string;
}

/** What a caller needs to retry an update that lost an optimistic-locking race. */
export interface ConflictInfo {
	/** Path of the resource that changed, e.g. `/v1/contacts/…`. */
	resourcePath: string;
	/** The version the request sent, when it sent one. */
	sentVersion?: number;
	/** The resource's version now, read after the conflict when the client could. */
	currentVersion?: number;
	/** The resource as it is now (GET after the conflict). */
	current?: unknown;
}

export interface ApiErrorInit {
	system: ApiSystem;
	kind: ApiErrorKind;
	/** HTTP status, 0 when no response arrived. */
	status: number;
	/** The API's own message, verbatim. */
	message: string;
	/** The API's own error code (bexio `error_code`, lexoffice `error`/`i18nKey`, network `ECONNRESET`). */
	code?: string;
	fieldIssues?: FieldIssue[];
	/** lexoffice `traceId` or a request id header. */
	requestId?: string;
	retryAfterMs?: number;
	/** Catalog operation id and request line without query or host. */
	operation?: string;
	method?: string;
	path?: string;
	/**
	 * True when a non-idempotent write failed ambiguously (5xx, timeout, reset after sending): it may
	 * have been applied. Callers must look the record up by its business key before writing again.
	 */
	maybeApplied?: boolean;
	conflict?: ConflictInfo;
	/** The sanitized response body, for NodeApiError. */
	body?: unknown;
}

export class ApiError extends Error {
	readonly system: ApiSystem;
	readonly kind: ApiErrorKind;
	readonly status: number;
	readonly code?: string;
	readonly fieldIssues: FieldIssue[];
	readonly requestId?: string;
	readonly retryAfterMs?: number;
	readonly operation?: string;
	readonly method?: string;
	readonly path?: string;
	maybeApplied: boolean;
	conflict?: ConflictInfo;
	readonly body?: unknown;

	constructor(init: ApiErrorInit) {
		super(init.message);
		this.name = 'ApiError';
		this.system = init.system;
		this.kind = init.kind;
		this.status = init.status;
		this.code = init.code;
		this.fieldIssues = init.fieldIssues ?? [];
		this.requestId = init.requestId;
		this.retryAfterMs = init.retryAfterMs;
		this.operation = init.operation;
		this.method = init.method;
		this.path = init.path;
		this.maybeApplied = init.maybeApplied ?? false;
		this.conflict = init.conflict;
		this.body = init.body;
	}

	/** Message plus field issues, one line, for logs and n8n error descriptions. */
	describe(): string {
		const issues = this.fieldIssues.map((i) => `${i.field}: ${i.message}`).join('; ');
		return issues ? `${this.message} (${issues})` : this.message;
	}

	toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			system: this.system,
			kind: this.kind,
			status: this.status,
			code: this.code,
			message: this.message,
			fieldIssues: this.fieldIssues,
			requestId: this.requestId,
			retryAfterMs: this.retryAfterMs,
			operation: this.operation,
			method: this.method,
			path: this.path,
			maybeApplied: this.maybeApplied,
			conflict: this.conflict,
		};
	}
}

/** No response arrived. Carries only the socket-level code, never the request. */
export class NetworkError extends Error {
	constructor(
		message: string,
		readonly code: string,
		/** True when the request provably never reached the server (connection refused, DNS). */
		readonly notSent: boolean,
	) {
		super(message);
		this.name = 'NetworkError';
	}
}

/** Input refused before any request was sent; names the field and the fix. */
export class InvalidRequestError extends Error {
	constructor(
		message: string,
		readonly fieldIssues: FieldIssue[],
	) {
		super(message);
		this.name = 'InvalidRequestError';
	}
}

export function kindFromStatus(status: number): ApiErrorKind {
	if (status === 401) return 'auth';
	if (status === 402 || status === 403) return 'forbidden';
	if (status === 404 || status === 410) return 'notFound';
	if (status === 409) return 'conflict';
	if (status === 429) return 'rateLimited';
	if (status >= 500) return 'server';
	return 'validation';
}

export const isRetryable = (e: unknown): boolean =>
	e instanceof ApiError &&
	(e.kind === 'rateLimited' || e.kind === 'server' || e.kind === 'network');
export const isConflict = (e: unknown): boolean => e instanceof ApiError && e.kind === 'conflict';
export const isValidation = (e: unknown): boolean =>
	e instanceof ApiError && e.kind === 'validation';
export const isAuth = (e: unknown): boolean =>
	e instanceof ApiError && (e.kind === 'auth' || e.kind === 'forbidden');

/** Parses `Retry-After` (seconds or HTTP date) into ms. */
export function retryAfterFromHeaders(
	headers: Record<string, string>,
	now = Date.now(),
): number | undefined {
	const value = headers['retry-after'];
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Narrows any caught value to a message without leaking objects that may hold request options. */
export function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message;
	return typeof error === 'string' ? error : 'Unknown error';
}
