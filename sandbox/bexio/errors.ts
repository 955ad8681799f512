import { SandboxHttpError, type SandboxResponse } from '../core/http';

/** bexio error body `{error_code, message, errors?}`. */
export function bexioError(status: number, message: string, errors?: unknown): SandboxResponse {
	return {
		status,
		body: { error_code: status, message, ...(errors === undefined ? {} : { errors }) },
	};
}

export function fail(status: number, message: string, errors?: unknown): never {
	throw new SandboxHttpError(bexioError(status, message, errors));
}

export function notFound(): never {
	return fail(404, 'Page not found');
}

const FORM = 'The form could not be saved due to the following errors:';

/** 422 naming the refused fields ("The form could not be saved due to the following errors:…"). */
export function invalid(fields: Record<string, string>): never {
	const list = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
	return fail(422, `${FORM} ${list.join(', ')}`, fields);
}

/** 422 without field details (illegal state transitions, PUT on 2.0 documents). */
export function refused(reason = ''): never {
	return fail(422, reason ? `${FORM} ${reason}` : FORM);
}

/** 4.0 validation errors answer 400, not 422. */
export function badRequestV4(message: string): never {
	return fail(400, message);
}

/** Payroll 4.0 errors are `application/problem+json`. */
export function problem(status: number, title: string, detail?: string): never {
	throw new SandboxHttpError({
		status,
		headers: { 'Content-Type': 'application/problem+json' },
		body: { type: 'about:blank', status, title, ...(detail ? { detail } : {}) },
	});
}
