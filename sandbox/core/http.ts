import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A request as a simulator handler sees it: raw body kept for signature checks and strict parsing. */
export interface SandboxRequest {
	method: string;
	/** Path without the query string, e.g. `/v1/contacts/123`. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** Path parameters from the matched route pattern (`:id` → `params.id`). */
	params: Record<string, string>;
}

export interface SandboxResponse {
	status: number;
	headers?: Record<string, string>;
	/** A Buffer is sent as-is; anything else is serialised as compact JSON. `undefined` sends no body. */
	body?: unknown;
}

/** Thrown by handlers to answer with an API-specific error response. */
export class SandboxHttpError extends Error {
	constructor(readonly response: SandboxResponse) {
		super(`sandbox error ${response.status}`);
	}
}

export type Handler<TTenant> = (
	req: SandboxRequest,
	tenant: TTenant,
) => SandboxResponse | Promise<SandboxResponse>;

interface Route<TTenant> {
	method: string;
	pattern: string;
	regex: RegExp;
	keys: string[];
	handler: Handler<TTenant>;
}

/** Exact-verb router; `:name` segments become params. Routes are matched in registration order. */
export class Router<TTenant> {
	private readonly routes: Array<Route<TTenant>> = [];

	add(method: string, pattern: string, handler: Handler<TTenant>): this {
		const keys: string[] = [];
		const source = pattern
			.split('/')
			.map((segment) => {
				if (segment.startsWith(':')) {
					keys.push(segment.slice(1));
					return '([^/]+)';
				}
				return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			})
			.join('/');
		this.routes.push({ method, pattern, regex: new RegExp(`^${source}/?$`), keys, handler });
		return this;
	}

	get(pattern: string, handler: Handler<TTenant>): this {
		return this.add('GET', pattern, handler);
	}
	post(pattern: string, handler: Handler<TTenant>): this {
		return this.add('POST', pattern, handler);
	}
	put(pattern: string, handler: Handler<TTenant>): this {
		return this.add('PUT', pattern, handler);
	}
	patch(pattern: string, handler: Handler<TTenant>): this {
		return this.add('PATCH', pattern, handler);
	}
	delete(pattern: string, handler: Handler<TTenant>): this {
		return this.add('DELETE', pattern, handler);
	}

	/**
	 * Finds the route for a request. `methodMismatch` is true when the path exists with another verb,
	 * so the simulator can answer 405 where the real API does.
	 */
	match(
		method: string,
		path: string,
	):
		| { route: Route<TTenant>; params: Record<string, string> }
		| { route: undefined; methodMismatch: boolean } {
		let methodMismatch = false;
		for (const route of this.routes) {
			const m = route.regex.exec(path);
			if (!m) continue;
			if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
				methodMismatch = true;
				continue;
			}
			const params: Record<string, string> = {};
			route.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1])));
			return { route, params };
		}
		return { route: undefined, methodMismatch };
	}
}

export async function readBody(
	req: IncomingMessage,
	limitBytes = 20 * 1024 * 1024,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buf = chunk as Buffer;
		size += buf.length;
		if (size > limitBytes) throw new Error('body too large');
		chunks.push(buf);
	}
	return Buffer.concat(chunks);
}

export function send(res: ServerResponse, response: SandboxResponse): void {
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let payload: Buffer | undefined;
	if (Buffer.isBuffer(response.body)) {
		payload = response.body;
	} else if (response.body !== undefined) {
		payload = Buffer.from(JSON.stringify(response.body), 'utf8');
		if (!hasHeader(headers, 'content-type'))
			headers['Content-Type'] = 'application/json;charset=UTF-8';
	}
	if (payload) headers['Content-Length'] = String(payload.length);
	res.writeHead(response.status, headers);
	res.end(payload);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Parses a JSON body; throws the given error response when the body is not valid JSON. */
export function parseJson(req: SandboxRequest, onInvalid: () => SandboxResponse): unknown {
	if (req.rawBody.length === 0) return undefined;
	try {
		return JSON.parse(req.rawBody.toString('utf8')) as unknown;
	} catch {
		throw new SandboxHttpError(onInvalid());
	}
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
	const value = headers.authorization;
	if (!value) return undefined;
	const m = /^Bearer\s+(\S+)$/i.exec(value);
	return m ? m[1] : undefined;
}
