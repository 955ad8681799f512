import type { ParsedError } from '../http/executor';
import { retryAfterFromHeaders, type FieldIssue } from '../http/errors';

/**
 * bexio error bodies (reference 3.6): `{error_code, message, errors?}` where `errors` is an array or an
 * object of field messages; payroll answers problem+json `{status, title, detail}`; v4 validation says
 * "Unrecognized property: x" or "x must not be null". A 429 carries `RateLimit-Reset` in seconds (3.7).
 */
export function parseBexioError(status: number, headers: Record<string, string>, body: unknown): ParsedError {
	const b = (typeof body === 'object' && body !== null ? body : {}) as {
		error_code?: unknown;
		message?: unknown;
		errors?: unknown;
		title?: unknown;
		detail?: unknown;
	};
	const text = typeof body === 'string' ? body.slice(0, 500) : undefined;
	const message =
		(typeof b.message === 'string' && b.message) ||
		(typeof b.title === 'string' && [b.title, typeof b.detail === 'string' ? b.detail : ''].filter(Boolean).join(': ')) ||
		text ||
		defaultMessage(status);
	const fieldIssues = [...issuesFrom(b.errors), ...issuesFromMessage(message)];
	return {
		message,
		code: b.error_code !== undefined ? String(b.error_code) : undefined,
		fieldIssues,
		retryAfterMs: status === 429 ? rateLimitResetMs(headers) : undefined,
		body: typeof body === 'object' && body !== null ? body : text !== undefined ? { message: text } : undefined,
	};
}

function rateLimitResetMs(headers: Record<string, string>): number | undefined {
	const reset = Number(headers['ratelimit-reset']);
	if (Number.isFinite(reset) && reset >= 0) return reset * 1000;
	return retryAfterFromHeaders(headers);
}

function issuesFrom(errors: unknown): FieldIssue[] {
	if (Array.isArray(errors)) {
		return errors.map((e) => {
			if (typeof e === 'string') return { field: fieldIn(e) ?? '(unknown)', message: e };
			const o = (e ?? {}) as { field?: unknown; property?: unknown; message?: unknown; code?: unknown };
			const field = typeof o.field === 'string' ? o.field : typeof o.property === 'string' ? o.property : '(unknown)';
			return { field, message: typeof o.message === 'string' ? o.message : JSON.stringify(e), code: typeof o.code === 'string' ? o.code : undefined };
		});
	}
	if (errors && typeof errors === 'object') {
		return Object.entries(errors as Record<string, unknown>).map(([field, value]) => ({
			field,
			message: Array.isArray(value) ? value.map(String).join('; ') : String(value),
		}));
	}
	return [];
}

/** v4 messages name the field in the text only. */
function issuesFromMessage(message: string): FieldIssue[] {
	const unrecognized = /Unrecognized property:\s*([\w.[\]]+)/i.exec(message);
	if (unrecognized) return [{ field: unrecognized[1], message: 'not accepted by bexio (remove it)', code: 'unrecognized' }];
	const notNull = /^([\w.[\]]+) must not be null/i.exec(message);
	if (notNull) return [{ field: notNull[1], message: 'must not be null', code: 'not_null' }];
	return [];
}

function fieldIn(text: string): string | undefined {
	return /^([a-z_][\w.]*)\s*[:-]/i.exec(text)?.[1];
}

function defaultMessage(status: number): string {
	if (status === 403) return 'Forbidden: the token lacks the scope, the user lacks the right, or the module is not licensed';
	if (status === 404) return 'Page not found';
	return `HTTP ${status}`;
}
