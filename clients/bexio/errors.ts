import type { ParsedError } from '../http/executor';
import { retryAfterFromHeaders, type FieldIssue } from '../http/errors';

/**
 * bexio error bodies: `{error_code, message, errors?}` where `errors` is an array or an
 * object of field messages; payroll answers problem+json `{status, title, detail}`; v4 validation says
 * "Unrecognized property: x" or "x must not be null". A 429 carries `RateLimit-Reset` in seconds (3.7).
 */
export function parseBexioError(
	status: number,
	headers: Record<string, string>,
	body: unknown,
): ParsedError {
	const b = (typeof body === 'object' && body !== null ? body : {}) as {
		error_code?: unknown;
		message?: unknown;
		errors?: unknown;
		title?: unknown;
		detail?: unknown;
	};
	const raw = typeof body === 'string' ? body.slice(0, 500) : undefined;
	const message =
		(typeof b.message === 'string' && b.message) ||
		(typeof b.title === 'string' &&
			[b.title, typeof b.detail === 'string' ? b.detail : ''].filter(Boolean).join(': ')) ||
		(typeof b.detail === 'string' && b.detail) ||
		raw ||
		defaultMessage(status);
	const fieldIssues = [...issuesFrom(b.errors), ...issuesFromMessage(message)];
	return {
		// A 403 is rarely about the token being wrong: say which gates exist
		// (scopes: https://docs.bexio.com/#section/Authentication/API-Scopes).
		message:
			status === 403 && !message.includes(FORBIDDEN_HINT)
				? `${message} (${FORBIDDEN_HINT})`
				: message,
		code: b.error_code !== undefined ? String(b.error_code) : undefined,
		fieldIssues,
		retryAfterMs: status === 429 ? rateLimitResetMs(headers) : undefined,
		body:
			typeof body === 'object' && body !== null
				? body
				: raw !== undefined
					? { message: raw }
					: undefined,
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
			const o = (e ?? {}) as {
				field?: unknown;
				property?: unknown;
				propertyPath?: unknown;
				message?: unknown;
				code?: unknown;
			};
			const named = [o.field, o.property, o.propertyPath].find(
				(f): f is string => typeof f === 'string' && f !== '',
			);
			const field =
				named ?? (typeof o.message === 'string' ? fieldIn(o.message) : undefined) ?? '(unknown)';
			return {
				field,
				message: typeof o.message === 'string' ? o.message : JSON.stringify(e),
				code: typeof o.code === 'string' ? o.code : undefined,
			};
		});
	}
	if (errors && typeof errors === 'object') {
		return Object.entries(errors as Record<string, unknown>).map(([field, value]) => ({
			field,
			message: Array.isArray(value) ? value.map(text).join('; ') : text(value),
		}));
	}
	return [];
}

/** v4 messages name the field in the text only; one message may list several. */
function issuesFromMessage(message: string): FieldIssue[] {
	const issues: FieldIssue[] = [];
	for (const m of message.matchAll(/Unrecognized property:?\s*"?([\w.[\]]+)"?/gi)) {
		issues.push({
			field: m[1],
			message: 'not accepted by bexio (read-only or unknown: remove it)',
			code: 'unrecognized',
		});
	}
	for (const m of message.matchAll(/([\w.[\]]+):? must not be null/gi))
		issues.push({ field: m[1], message: 'must not be null', code: 'not_null' });
	return issues;
}

function fieldIn(message: string): string | undefined {
	return /^([a-z_][\w.[\]]*)\s*[:-]/i.exec(message)?.[1];
}

function text(value: unknown): string {
	if (typeof value === 'string') return value;
	const m = (value as { message?: unknown } | null)?.message;
	return typeof m === 'string' ? m : JSON.stringify(value);
}

const FORBIDDEN_HINT =
	'the token lacks the scope, the bexio user lacks the right, or the feature/module (payroll, stock, purchase orders…) is not part of the plan';

function defaultMessage(status: number): string {
	if (status === 401) return 'The bexio token is invalid or expired';
	if (status === 403) return 'Forbidden';
	if (status === 429) return 'Rate limit of the bexio company reached';
	if (status === 404) return 'Page not found';
	return `HTTP ${status}`;
}
