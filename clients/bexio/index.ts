import { createHash } from 'node:crypto';

import { axiosSend } from '../http/axiosSend';
import { ApiClient, defaultRetryPolicy, type RetryPolicy } from '../http/executor';
import { bucketFor, type RateLimitConfig } from '../http/rateLimit';
import type { HttpSend } from '../http/types';
import { bexioCatalog, type BexioCatalog } from './catalog';
import { parseBexioError } from './errors';

export { bexioCatalog } from './catalog';
export { parseBexioError } from './errors';
export { criterion, type SearchCondition, type SearchCriteria } from './search';

export type BexioClient = ApiClient<BexioCatalog>;

/**
 * bexio limits per company and minute and does not publish the number (reference 3.7); 5 requests/s
 * stays under the budgets clients report. Override per connection when bexio tells you otherwise.
 */
export const BEXIO_RATE_LIMIT: RateLimitConfig = { ratePerSecond: 5, burst: 1 };

export interface BexioClientOptions {
	send: HttpSend;
	/** Identifies the account without being the secret (credential id, or a hash of the token). */
	accountKey: string;
	retry: RetryPolicy | false;
	rateLimit?: RateLimitConfig;
}

export function createBexioClient(options: BexioClientOptions): BexioClient {
	return new ApiClient(bexioCatalog, {
		system: 'bexio',
		send: options.send,
		bucket: bucketFor(`bexio:${options.accountKey}`, options.rateLimit ?? BEXIO_RATE_LIMIT),
		retry: options.retry,
		parseError: parseBexioError,
		defaultHeaders: { Accept: 'application/json' },
	});
}

/** A standalone client (activities, scripts, bench) talking to `baseUrl` with a token. */
export function connectBexio(options: { baseUrl: string; token: string; retry?: RetryPolicy | false; rateLimit?: RateLimitConfig }): BexioClient {
	return createBexioClient({
		send: axiosSend({ baseUrl: options.baseUrl, token: options.token }),
		accountKey: createHash('sha256').update(options.token).digest('hex').slice(0, 16),
		retry: options.retry ?? defaultRetryPolicy,
		rateLimit: options.rateLimit,
	});
}

/** `YYYY-MM-DD HH:MM:SS`, the 2.0 timestamp form (zone-less, company-local time; reference 3.5). */
export function toBexioDateTime(date: Date, timeZone = 'Europe/Zurich'): string {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(date);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Parses `YYYY-MM-DD HH:MM:SS` as a wall-clock value; compare such strings lexically, they sort. */
export function parseBexioDateTime(value: string): { date: string; time: string } | undefined {
	const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value);
	return m ? { date: m[1], time: m[2] } : undefined;
}
