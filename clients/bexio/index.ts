import { createHash } from 'node:crypto';

import { axiosSend } from '../http/axiosSend';
import { ApiClient, defaultRetryPolicy, type RetryPolicy } from '../http/executor';
import { bucketFor, type RateLimitConfig, type RequestBudget } from '../http/rateLimit';
import type { HttpSend } from '../http/types';
import { bexioCatalog, type BexioCatalog } from './catalog';
import { parseBexioError } from './errors';

export { bexioCatalog, type BexioCatalog, type BexioOperationId } from './catalog';
export { parseBexioError } from './errors';
export { criteria, criterion, type SearchCondition, type SearchCriteria } from './search';
export { MAX_POSITIONS_PER_CREATE } from './schemas';

export type BexioClient = ApiClient<BexioCatalog>;

/**
 * bexio limits per company and minute and does not publish the number. 5 requests/s
 * stays under the budgets clients report; burst 1 sends evenly and leaves the server's own burst to
 * absorb jitter (bench: 0.95–0.99 of the ceiling without a 429). Override per
 * connection (`rateLimit`) when bexio tells you otherwise; a 429 still pauses everyone for
 * `RateLimit-Reset`.
 */
export const BEXIO_RATE_LIMIT: RateLimitConfig = { ratePerSecond: 5, burst: 1 };

export interface BexioClientOptions {
	send: HttpSend;
	/** Identifies the account without being the secret (credential id, or a hash of the token). */
	accountKey: string;
	retry: RetryPolicy | false;
	rateLimit?: RateLimitConfig;
	/** A budget shared beyond this process (workers); default the in-process bucket of `accountKey`. */
	budget?: RequestBudget;
}

export function createBexioClient(options: BexioClientOptions): BexioClient {
	return new ApiClient(bexioCatalog, {
		system: 'bexio',
		send: options.send,
		budget:
			options.budget ??
			bucketFor(`bexio:${options.accountKey}`, options.rateLimit ?? BEXIO_RATE_LIMIT),
		retry: options.retry,
		parseError: parseBexioError,
		defaultHeaders: { Accept: 'application/json' },
	});
}

/** A standalone client (activities, scripts, bench) talking to `baseUrl` with a token. */
export function connectBexio(options: {
	baseUrl: string;
	token: string;
	retry?: RetryPolicy | false;
	rateLimit?: RateLimitConfig;
	budget?: RequestBudget;
}): BexioClient {
	return createBexioClient({
		send: axiosSend({ baseUrl: options.baseUrl, token: options.token }),
		accountKey: createHash('sha256').update(options.token).digest('hex').slice(0, 16),
		retry: options.retry ?? defaultRetryPolicy,
		rateLimit: options.rateLimit,
		budget: options.budget,
	});
}

const BEXIO_ZONE = 'Europe/Zurich';

/** `YYYY-MM-DD HH:MM:SS`, the 2.0 timestamp form (zone-less, company-local time). */
export function toBexioDateTime(date: Date, timeZone = BEXIO_ZONE): string {
	const p = wallClock(date.getTime(), timeZone);
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * The instant of a bexio timestamp: 2.0 `YYYY-MM-DD HH:MM:SS` is read as company-local wall time
 * as bexio stamps them; 3.0/4.0 ISO values with an offset are taken as they are. Undefined when the
 * text is not a timestamp.
 */
export function parseBexioDateTime(value: string, timeZone = BEXIO_ZONE): Date | undefined {
	const m =
		/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
			value.trim(),
		);
	if (!m) return undefined;
	if (m[7]) {
		const t = Date.parse(
			value
				.trim()
				.replace(' ', 'T')
				.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'),
		);
		return Number.isNaN(t) ? undefined : new Date(t);
	}
	const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
	// Subtract the zone's offset at that moment; a second pass settles the DST switch days.
	let t = asUtc - zoneOffsetMs(asUtc, timeZone);
	t = asUtc - zoneOffsetMs(t, timeZone);
	return new Date(t);
}

function wallClock(
	ms: number,
	timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(new Date(ms));
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
	return {
		year: get('year'),
		month: get('month'),
		day: get('day'),
		hour: get('hour'),
		minute: get('minute'),
		second: get('second'),
	};
}

function zoneOffsetMs(ms: number, timeZone: string): number {
	const p = wallClock(ms, timeZone);
	return (
		Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) -
		Math.floor(ms / 1000) * 1000
	);
}
