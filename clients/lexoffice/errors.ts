import type { ParsedError } from '../http/executor';
import { retryAfterFromHeaders, type ApiErrorKind, type FieldIssue } from '../http/errors';

interface LegacyIssue {
	i18nKey?: unknown;
	source?: unknown;
	type?: unknown;
}

interface RegularDetail {
	violation?: unknown;
	field?: unknown;
	message?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** Violations that mean "field absent", not "field stale". */
const ABSENT = new Set(['missing_entity', 'NOTNULL', 'NOTEMPTY', 'NOTBLANK']);
/** Keys never worth echoing into an error, whatever a proxy puts into a body. */
const SECRET_KEY = /authorization|token|api[-_]?key|secret|password|cookie/i;

/**
 * Both lexoffice error formats (https://developers.lexware.io/docs/#error-codes): the legacy `IssueList` of contacts, files and vouchers,
 * the regular `{status, error, message, details[], traceId}` of everything else, and the gateway's bare
 * `{message}` (401, 504). Some 4xx bodies carry none of these; the status then speaks for itself. Only
 * the status, headers and body of the response are read, never the request, so no token can leak.
 */
export function parseLexofficeError(
	status: number,
	headers: Record<string, string>,
	body: unknown,
): ParsedError {
	const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as {
		IssueList?: unknown;
		message?: unknown;
		error?: unknown;
		details?: unknown;
		traceId?: unknown;
		requestId?: unknown;
	};
	const retryAfterMs = retryAfterFromHeaders(headers);
	// Live error bodies carry `requestId` next to (or instead of) the documented `traceId`.
	const requestId =
		str(b.requestId) ?? str(b.traceId) ?? headers['x-amzn-requestid'] ?? headers['x-request-id'];
	const sanitized = sanitize(body);

	if (Array.isArray(b.IssueList)) {
		const issues = b.IssueList.filter((i): i is LegacyIssue => typeof i === 'object' && i !== null);
		const fieldIssues: FieldIssue[] = issues.map((i) => ({
			field: str(i.source) ?? '(unknown)',
			message: str(i.i18nKey) ?? str(i.type) ?? 'invalid',
			code: str(i.i18nKey),
		}));
		const first = fieldIssues[0];
		const type = str(issues[0]?.type);
		return {
			message: first
				? `${type ?? `HTTP ${status}`}: ${fieldIssues.map((i) => `${i.field} ${i.message}`).join('; ')}`
				: `HTTP ${status}`,
			code: first?.code ?? type,
			fieldIssues,
			kind: conflictKind(status, fieldIssues),
			requestId,
			retryAfterMs,
			body: sanitized,
		};
	}

	const details = Array.isArray(b.details)
		? b.details.filter((d): d is RegularDetail => typeof d === 'object' && d !== null)
		: [];
	const fieldIssues: FieldIssue[] = details.map((d) => ({
		field: str(d.field) ?? '(unknown)',
		message: str(d.message) ?? str(d.violation) ?? 'invalid',
		code: str(d.violation),
	}));
	const message =
		str(b.message) ??
		str(b.error) ??
		(typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : `HTTP ${status}`);
	return {
		message,
		code: str(b.error),
		fieldIssues,
		kind: conflictKind(status, fieldIssues),
		requestId,
		retryAfterMs,
		body: sanitized,
	};
}

/**
 * A stale `version` is 409 by the docs (https://developers.lexware.io/docs/#optimistic-locking), 406
 * naming `version` on contacts in practice.
 */
function conflictKind(status: number, issues: FieldIssue[]): ApiErrorKind | undefined {
	if (status === 409) return 'conflict';
	if (
		status === 406 &&
		issues.some((i) => i.field === 'version' && !(i.code && ABSENT.has(i.code)))
	)
		return 'conflict';
	return undefined;
}

/** The API's JSON body minus anything secret-looking; text bodies (gateway HTML) shortened. */
function sanitize(body: unknown, depth = 0): unknown {
	if (body === undefined || body === null) return body;
	if (typeof body === 'string') return body.slice(0, 500);
	if (typeof body !== 'object' || depth > 5) return typeof body === 'object' ? '[…]' : body;
	if (Array.isArray(body)) return body.slice(0, 50).map((v) => sanitize(v, depth + 1));
	return Object.fromEntries(
		Object.entries(body as Record<string, unknown>)
			.filter(([k]) => !SECRET_KEY.test(k))
			.map(([k, v]) => [k, sanitize(v, depth + 1)]),
	);
}
