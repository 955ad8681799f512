import axios, { type AxiosError } from 'axios';

import { NetworkError } from './errors';
import type { HttpRequest, HttpResponse, HttpSend, QueryValue } from './types';

export interface AxiosSendOptions {
	baseUrl: string;
	/** Bearer token; or a function so an OAuth access token can be refreshed between calls. */
	token: string | (() => Promise<string>);
	timeoutMs?: number;
	userAgent?: string;
}

/**
 * Standalone adapter for Temporal activities, scripts, the bench and the tests. Never throws on a
 * status; rejects only with a NetworkError that carries the socket code and nothing of the request.
 */
export function axiosSend(options: AxiosSendOptions): HttpSend {
	const instance = axios.create({
		baseURL: options.baseUrl.replace(/\/+$/, ''),
		timeout: options.timeoutMs ?? 60_000,
		validateStatus: () => true,
		maxRedirects: 3,
		// Bodies are capped by the APIs (lexoffice 5 MB files, bexio 12 MB); leave room for base64 PDFs.
		maxContentLength: 100 * 1024 * 1024,
		maxBodyLength: 100 * 1024 * 1024,
		transitional: { clarifyTimeoutError: true },
	});

	return async (request: HttpRequest): Promise<HttpResponse> => {
		const token = typeof options.token === 'string' ? options.token : await options.token();
		const headers: Record<string, string> = {
			Accept: 'application/json',
			...(options.userAgent ? { 'User-Agent': options.userAgent } : {}),
			...(request.headers ?? {}),
			Authorization: `Bearer ${token}`,
		};
		let data: unknown = request.body;
		if (request.multipart) {
			const form = new FormData();
			for (const part of request.multipart) {
				if (part.data) {
					form.append(
						part.name,
						new Blob([part.data], { type: part.contentType ?? 'application/octet-stream' }),
						part.filename ?? part.name,
					);
				} else {
					form.append(part.name, part.value ?? '');
				}
			}
			data = form;
		} else if (request.form) {
			data = new URLSearchParams(request.form).toString();
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
		} else if (request.body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		try {
			const response = await instance.request({
				method: request.method,
				url: request.path,
				params: request.query,
				paramsSerializer: { serialize: serializeQuery },
				headers,
				data,
				responseType: request.responseType === 'binary' ? 'arraybuffer' : 'text',
				signal: request.signal,
				timeout: request.timeoutMs,
			});
			return {
				status: response.status,
				headers: lowerCaseHeaders(response.headers as Record<string, unknown>),
				body: decodeBody(response.data, request.responseType === 'binary' && response.status < 300),
			};
		} catch (error) {
			throw toNetworkError(error);
		}
	};
}

/** Repeated keys for arrays, RFC 3986 encoding (axios' default would send `a[]=`). */
export function serializeQuery(query: Record<string, QueryValue>): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(query ?? {})) {
		if (value === undefined || value === null) continue;
		const values = Array.isArray(value) ? value : [value];
		for (const v of values)
			parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
	}
	return parts.join('&');
}

function decodeBody(data: unknown, binary: boolean): unknown {
	if (binary) return Buffer.from(data as ArrayBuffer);
	if (data instanceof ArrayBuffer) data = Buffer.from(data).toString('utf8');
	if (typeof data !== 'string' || data.length === 0) return data === '' ? undefined : data;
	try {
		return JSON.parse(data) as unknown;
	} catch {
		return data;
	}
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers ?? {})) {
		if (v !== undefined && v !== null)
			out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

function toNetworkError(error: unknown): Error {
	if (axios.isCancel(error)) return new NetworkError('Request aborted', 'ERR_CANCELED', false);
	const e = error as AxiosError;
	const code = e?.code ?? 'ENETWORK';
	// Refused connections and unknown hosts never reached the API: safe to resend any request.
	const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
	return new NetworkError(`Network error (${code})`, code, notSent);
}
