import { randomBytes, randomUUID } from 'node:crypto';

import { SandboxHttpError, type SandboxRequest, type SandboxResponse } from '../core/http';
import { formatDateTime } from './dates';

/** One entry of the regular error format's `details` list. */
export interface Violation {
	field: string;
	violation: string;
	message: string;
}

/** One entry of the legacy `IssueList` (contacts, files, vouchers). */
export interface Issue {
	source: string;
	i18nKey: string;
	type?: string;
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	406: 'Not Acceptable',
	409: 'Conflict',
	415: 'Unsupported Media Type',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

/** German default messages as the API sends them in `details[].message`. */
export const MESSAGES: Record<string, string> = {
	NOTNULL: 'darf nicht leer sein',
	NOTEMPTY: 'darf nicht leer sein',
	NOTBLANK: 'darf nicht leer sein',
	VALIDGTIN: 'ungültige GTIN',
	MATERIAL_NUMBER_ALREADY_EXISTS: 'Artikelnummer existiert bereits',
	INVALID_FORMAT: "muss dem Format yyyy-MM-dd'T'HH:mm:ss.SSSXXX entsprechen",
	INVALID_VALUE: 'ungültiger Wert',
	SIZE: 'Größe ist ungültig',
	NOTFOUND: 'nicht gefunden',
};

export function violation(field: string, code: string, message?: string): Violation {
	return { field, violation: code, message: message ?? MESSAGES[code] ?? 'ungültiger Wert' };
}

function traceId(): string {
	return randomBytes(6).toString('hex');
}

/** Regular format: timestamp/status/error/path/traceId/requestId/message[/details] (`requestId` as live bodies carry it). */
export function regular(
	req: SandboxRequest,
	status: number,
	message: string,
	details?: Violation[],
	headers?: Record<string, string>,
): SandboxResponse {
	const body: Record<string, unknown> = {
		timestamp: formatDateTime(Date.now()),
		status,
		error: REASONS[status] ?? 'Error',
		path: req.path,
		traceId: traceId(),
		requestId: randomUUID(),
		message,
	};
	if (details && details.length > 0) body.details = details;
	return { status, headers, body };
}

export function validationFailed(req: SandboxRequest, details: Violation[]): SandboxResponse {
	return regular(
		req,
		406,
		'Validation failed for request. Please see details list for specific causes.',
		details,
	);
}

/** Legacy format: `{IssueList:[…]}`; 406 → validation_failure, 400 → bad_request_error, 5xx → technical_error. */
export function legacy(status: number, issues: Issue[]): SandboxResponse {
	const defaultType =
		status === 400 ? 'bad_request_error' : status >= 500 ? 'technical_error' : 'validation_failure';
	return {
		status,
		body: {
			IssueList: issues.map((i) => ({
				i18nKey: i.i18nKey,
				source: i.source,
				type: i.type ?? defaultType,
				additionalData: null,
				args: null,
			})),
		},
	};
}

export function fail(response: SandboxResponse): never {
	throw new SandboxHttpError(response);
}

export function notFound(req: SandboxRequest): SandboxResponse {
	return regular(req, 404, 'Not Found');
}

/** Gateway-style 404 for routes that do not exist on the real host (e.g. GET /v1/invoices). */
export const routeNotFound = (req: SandboxRequest): SandboxResponse => notFound(req);
