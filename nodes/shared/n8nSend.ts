import type {
	IAllExecuteFunctions,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { NetworkError } from '../../clients/http/errors';
import type { HttpRequest, HttpResponse, HttpSend } from '../../clients/http/types';

/**
 * The n8n adapter of the HTTP port: requests go through `httpRequestWithAuthentication`, so n8n adds
 * the credential's auth and refreshes OAuth2 tokens (it does so in the error path when it sees the
 * expired-token status, which is why status errors are not ignored here). What n8n throws is turned
 * back into a plain response (status, headers, body) in this one place; the client then builds its
 * ApiError from status and body only, never from the thrown object, which still holds request options.
 */
export function n8nSend(
	ctx: IAllExecuteFunctions,
	credentialType: string,
	baseUrl: string,
): HttpSend {
	const root = baseUrl.replace(/\/+$/, '');
	return async (request: HttpRequest): Promise<HttpResponse> => {
		const options: IHttpRequestOptions = {
			method: request.method as IHttpRequestMethods,
			url: `${root}${request.path}`,
			qs: request.query as IDataObject | undefined,
			arrayFormat: 'repeat',
			headers: { Accept: 'application/json', ...(request.headers ?? {}) },
			returnFullResponse: true,
			encoding: request.responseType === 'binary' ? 'arraybuffer' : undefined,
			json: request.responseType !== 'binary',
			timeout: request.timeoutMs ?? 60_000,
			abortSignal: request.signal,
		};
		if (request.multipart) {
			const form = new FormData();
			for (const part of request.multipart) {
				if (part.data)
					form.append(
						part.name,
						new Blob([part.data], { type: part.contentType ?? 'application/octet-stream' }),
						part.filename ?? part.name,
					);
				else form.append(part.name, part.value ?? '');
			}
			options.body = form;
		} else if (request.form) {
			options.body = new URLSearchParams(request.form);
		} else if (request.body !== undefined) {
			options.body = request.body as IDataObject;
		}
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				credentialType,
				options,
			)) as IN8nHttpFullResponse;
			return {
				status: response.statusCode,
				headers: lowerCase(response.headers as Record<string, unknown>),
				body:
					request.responseType === 'binary'
						? Buffer.from(response.body as ArrayBuffer)
						: response.body,
			};
		} catch (error) {
			const response = responseOf(error);
			if (response) return response;
			throw new NetworkError(`Network error (${networkCode(error)})`, networkCode(error), false);
		}
	};
}

interface ResponseLike {
	status?: unknown;
	headers?: unknown;
	data?: unknown;
}

/** Finds the HTTP response inside what n8n threw (NodeApiError wraps the axios error in `cause`). */
function responseOf(error: unknown): HttpResponse | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current; depth++) {
		const response = (current as { response?: ResponseLike }).response;
		if (response && typeof response.status === 'number') {
			let body = response.data;
			if (body instanceof ArrayBuffer || Buffer.isBuffer(body))
				body = parseMaybeJson(Buffer.from(body as ArrayBuffer).toString('utf8'));
			else if (typeof body === 'string') body = parseMaybeJson(body);
			return {
				status: response.status,
				headers: lowerCase((response.headers ?? {}) as Record<string, unknown>),
				body,
			};
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function networkCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return 'ENETWORK';
}

function parseMaybeJson(text: string): unknown {
	try {
		return text ? (JSON.parse(text) as unknown) : undefined;
	} catch {
		return text;
	}
}

function lowerCase(headers: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers ?? {}))
		if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
	return out;
}
