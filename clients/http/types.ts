/** The HTTP port: the client layer speaks only this; adapters connect it to n8n or to axios. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface MultipartPart {
	name: string;
	/** A plain form field when `data` is absent. */
	value?: string;
	data?: Buffer;
	filename?: string;
	contentType?: string;
}

export interface HttpRequest {
	method: HttpMethod;
	/** Path relative to the API base URL, starting with `/`, parameters already filled in. */
	path: string;
	query?: Record<string, QueryValue>;
	headers?: Record<string, string>;
	/** JSON body (serialised by the adapter). */
	body?: unknown;
	/** Multipart parts (uploads) instead of a JSON body. */
	multipart?: MultipartPart[];
	/** Form-encoded fields instead of a JSON body. */
	form?: Record<string, string>;
	/** `binary` returns the raw bytes in `HttpResponse.body` as a Buffer. */
	responseType?: 'json' | 'binary';
	signal?: AbortSignal;
	/** Per-request timeout in ms. */
	timeoutMs?: number;
}

export interface HttpResponse {
	status: number;
	/** Lower-case header names. */
	headers: Record<string, string>;
	/** Parsed JSON, a Buffer for binary responses, or undefined for an empty body. */
	body: unknown;
}

/**
 * Sends one request and resolves with whatever status the server answered. Rejects only when no
 * response arrived, with a `NetworkError` (clients/http/errors.ts).
 */
export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;
