import { createHash } from 'node:crypto';

import { axiosSend } from '../http/axiosSend';
import { ApiClient, defaultRetryPolicy, type RetryPolicy } from '../http/executor';
import { bucketFor, type RateLimitConfig, type RequestBudget } from '../http/rateLimit';
import type { HttpSend, QueryValue } from '../http/types';
import { lexofficeCatalog, type LexofficeCatalog } from './catalog';
import { parseLexofficeError } from './errors';

export { lexofficeCatalog } from './catalog';
export type { LexofficeCatalog, LexofficeOperationId } from './catalog';
export { parseLexofficeError } from './errors';
export {
	RESULT_WINDOW,
	lexofficeDay,
	updatedSince,
	voucherlistPage,
	voucherlistRows,
} from './voucherlist';
export type { VoucherlistQuery, VoucherlistRow } from './voucherlist';

export type LexofficeClient = ApiClient<LexofficeCatalog>;

/**
 * 2 requests per second per API key, counted across all endpoints (https://developers.lexware.io/docs/#api-rate-limits). The client sends
 * without burst so the server's burst of 2 absorbs network jitter: with a client burst of 2 the bench
 * saw 429s (each costing a whole Retry-After second) and 13 % of the ceiling; without, 99 % and none.
 */
export const LEXOFFICE_RATE_LIMIT: RateLimitConfig = { ratePerSecond: 2, burst: 1 };

export interface LexofficeClientOptions {
	send: HttpSend;
	/** Identifies the account without being the secret (credential id, or a hash of the key). */
	accountKey: string;
	/** `false` in Temporal activities (Temporal owns retries), a policy in n8n. */
	retry: RetryPolicy | false;
	rateLimit?: RateLimitConfig;
	/** A budget shared beyond this process (workers); default the in-process bucket of `accountKey`. */
	budget?: RequestBudget;
}

/**
 * The typed client over any HttpSend. Every client built for the same `accountKey` in this process
 * shares one token bucket, because the limit is per key across all endpoints (https://developers.lexware.io/docs/#api-rate-limits).
 * Downloads override `Accept` per call.
 */
export function createLexofficeClient(options: LexofficeClientOptions): LexofficeClient {
	return new ApiClient(lexofficeCatalog, {
		system: 'lexoffice',
		send: options.send,
		budget:
			options.budget ??
			bucketFor(`lexoffice:${options.accountKey}`, options.rateLimit ?? LEXOFFICE_RATE_LIMIT),
		retry: options.retry,
		parseError: parseLexofficeError,
		defaultHeaders: { Accept: 'application/json' },
	});
}

/** The account key of an API key: a SHA-256 prefix, so the key itself never names a bucket or a log line. */
export function lexofficeAccountKey(apiKey: string): string {
	return `key:${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}

/** A standalone client (activities, scripts, bench) talking to `baseUrl` (e.g. https://api.lexware.io) with an API key. */
export function connectLexoffice(options: {
	baseUrl: string;
	apiKey: string;
	retry?: RetryPolicy | false;
	rateLimit?: RateLimitConfig;
	budget?: RequestBudget;
}): LexofficeClient {
	return createLexofficeClient({
		send: axiosSend({ baseUrl: options.baseUrl, token: options.apiKey }),
		accountKey: lexofficeAccountKey(options.apiKey),
		retry: options.retry ?? defaultRetryPolicy,
		rateLimit: options.rateLimit,
		budget: options.budget,
	});
}

/**
 * Contact `name`/`email` and `voucherNumber` filters need `&`, `<`, `>` HTML-encoded before URL
 * encoding; no other filter may be.
 */
export function encodeSearchValue(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The only filters lexoffice wants HTML-encoded (`&`, `<`, `>`). */
const ENCODED_FILTERS = ['name', 'email', 'voucherNumber'] as const;

/** A query with `name`, `email` and `voucherNumber` HTML-encoded and every other filter untouched. */
export function encodeSearchQuery<Q extends Record<string, QueryValue>>(query: Q): Q {
	const out: Record<string, QueryValue> = { ...query };
	for (const key of ENCODED_FILTERS) {
		const value = out[key];
		if (typeof value === 'string') out[key] = encodeSearchValue(value);
	}
	return out as Q;
}

const berlinParts = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Europe/Berlin',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
});
const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/**
 * `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`, the only timestamp form lexoffice accepts: exactly
 * three millisecond digits and an offset with a colon. By default in German local time, as the API
 * answers, so the date part is the calendar day the app shows; `'UTC'` gives `+00:00`.
 */
export function toLexofficeDateTime(
	date: Date,
	timeZone: 'Europe/Berlin' | 'UTC' = 'Europe/Berlin',
): string {
	if (Number.isNaN(date.getTime())) throw new RangeError('toLexofficeDateTime: invalid date');
	let offsetMinutes = 0;
	if (timeZone === 'Europe/Berlin') {
		const p = Object.fromEntries(berlinParts.formatToParts(date).map((x) => [x.type, x.value]));
		const local = Date.UTC(
			Number(p.year),
			Number(p.month) - 1,
			Number(p.day),
			Number(p.hour),
			Number(p.minute),
			Number(p.second),
		);
		offsetMinutes = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
	}
	const shifted = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
	const sign = offsetMinutes < 0 ? '-' : '+';
	return `${shifted}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
}
