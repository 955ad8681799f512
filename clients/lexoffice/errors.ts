import type { ParsedError } from '../http/executor';
import { retryAfterFromHeaders, type FieldIssue } from '../http/errors';

interface LegacyIssue {
	i18nKey?: string;
	source?: string;
	type?: string;
}

interface RegularDetail {
	violation?: string;
	field?: string;
	message?: string;
}

/**
 * Both lexoffice error formats (reference 3.9): the legacy `IssueList` of contacts, files and vouchers,
 * and the regular `{status, error, message, details[], traceId}` of everything else, plus the gateway's
 * bare `{message}`. Some 4xx bodies carry neither; the status then speaks for itself.
 */
export function parseLexofficeError(status: number, headers: Record<string, string>, body: unknown): ParsedError {
	const b = (typeof body === 'object' && body !== null ? body : {}) as {
		IssueList?: LegacyIssue[];
		message?: unknown;
		error?: unknown;
		details?: RegularDetail[];
		traceId?: unknown;
	};
	const retryAfterMs = retryAfterFromHeaders(headers);
	const requestId = typeof b.traceId === 'string' ? b.traceId : headers['x-amzn-requestid'];
	const sanitized = typeof body === 'object' && body !== null ? body : body === undefined ? undefined : { message: String(body).slice(0, 500) };

	if (Array.isArray(b.IssueList)) {
		const fieldIssues: FieldIssue[] = b.IssueList.map((i) => ({
			field: i.source ?? '(unknown)',
			message: i.i18nKey ?? i.type ?? 'invalid',
			code: i.i18nKey,
		}));
		// Contacts answer a stale version with 406 naming `version` (reference 3.4).
		const versionConflict = fieldIssues.some((i) => i.field === 'version' && i.code === 'invalid_value');
		const first = b.IssueList[0];
		return {
			message: first ? `${first.type ?? 'error'}: ${first.source ?? ''} ${first.i18nKey ?? ''}`.trim() : `HTTP ${status}`,
			code: first?.i18nKey,
			fieldIssues,
			kind: versionConflict ? 'conflict' : undefined,
			requestId,
			retryAfterMs,
			body: sanitized,
		};
	}

	const details = Array.isArray(b.details) ? b.details : [];
	const fieldIssues: FieldIssue[] = details.map((d) => ({
		field: d.field ?? '(unknown)',
		message: d.message ?? d.violation ?? 'invalid',
		code: d.violation,
	}));
	const message = typeof b.message === 'string' && b.message ? b.message : typeof b.error === 'string' ? b.error : `HTTP ${status}`;
	return {
		message,
		code: typeof b.error === 'string' ? b.error : undefined,
		fieldIssues,
		kind: status === 409 ? 'conflict' : undefined,
		requestId,
		retryAfterMs,
		body: sanitized,
	};
}
