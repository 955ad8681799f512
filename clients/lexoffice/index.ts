import { createHash } from 'node:crypto';

import { axiosSend } from '../http/axiosSend';
import { ApiClient, defaultRetryPolicy, type RetryPolicy } from '../http/executor';
import { bucketFor, type RateLimitConfig } from '../http/rateLimit';
import type { HttpSend } from '../http/types';
import { lexofficeCatalog, type LexofficeCatalog } from './catalog';
import { parseLexofficeError } from './errors';

export { lexofficeCatalog } from './catalog';
export type { LexofficeCatalog, LexofficeOperationId } from './catalog';
export { parseLexofficeError } from './errors';
export { voucherlistRows, voucherlistChangedSince } from './voucherlist';

export type LexofficeClient = ApiClient<LexofficeCatalog>;

/**
 * 2 requests per second per API key, counted across all endpoints (reference 3.1). The client sends
 * without burst so the server's burst of 2 absorbs network jitter: with a client burst of 2 the bench
 * saw 429s (each costing a whole Retry-After second) and 13 % of the ceiling; without, 99 % and none.
 */
export const LEXOFFICE_RATE_LIMIT: RateLimitConfig = { ratePerSecond: 2, burst: 1 };

export interface LexofficeClientOptions {
	send: HttpSend;
	/** Identifies the account without being the secret (credential id, or a hash of the key). */
	accountKey: string;
	retry: RetryPolicy | false;
	rateLimit?: RateLimitConfig;
}

export function createLexofficeClient(options: LexofficeClientOptions): LexofficeClient {
	return new ApiClient(lexofficeCatalog, {
		system: 'lexoffice',
		send: options.send,
		bucket: bucketFor(`lexoffice:${options.accountKey}`, options.rateLimit ?? LEXOFFICE_RATE_LIMIT),
		retry: options.retry,
		parseError: parseLexofficeError,
		defaultHeaders: { Accept: 'application/json' },
	});
}

/** A standalone client (activities, scripts, bench) talking to `baseUrl` with an API key. */
export function connectLexoffice(options: { baseUrl: string; apiKey: string; retry?: RetryPolicy | false; rateLimit?: RateLimitConfig }): LexofficeClient {
	return createLexofficeClient({
		send: axiosSend({ baseUrl: options.baseUrl, token: options.apiKey }),
		accountKey: createHash('sha256').update(options.apiKey).digest('hex').slice(0, 16),
		retry: options.retry ?? defaultRetryPolicy,
		rateLimit: options.rateLimit,
	});
}

/**
 * Search values of contacts (name, email) and voucher numbers need `&`, `<`, `>` HTML-encoded before URL
 * encoding (reference 3.3); other filters must not be.
 */
export function encodeSearchValue(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`, the only timestamp form lexoffice accepts (reference 3.5), in UTC. */
export function toLexofficeDateTime(date: Date): string {
	return date.toISOString().replace('Z', '+00:00');
}
