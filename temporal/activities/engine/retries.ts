import { Context } from '@temporalio/activity';

import { ApiError, isRetryable } from '../../../clients/http/errors';

/**
 * Retry layer 2 (bulk import only): attempts per record (and per source page read) before a transient
 * failure fails the page activity. Each attempt's HTTP calls have their own 4 client attempts (layer 1),
 * so one call is sent at most 4 × 6 = 24 times per activity attempt.
 */
const IN_PLACE_ATTEMPTS = 6;
const IN_PLACE_MAX_WAIT_MS = 4000;

/**
 * Retries transient API failures (5xx, 429, no response) in place, with jittered backoff (0.2 s doubling,
 * at most 4 s) and the API's Retry-After (a longer one goes to Temporal), heartbeating while waiting. A
 * create that may have been applied is retried too: the record's intent makes the next attempt look it
 * up before writing. Without this every transient failure failed the whole page
 * activity, and since Temporal's attempt count never resets while a page makes progress, a page under a
 * few percent of 5xx spent most of its time in retry backoff of up to a minute.
 */
export async function inPlaceRetries<T>(fn: () => Promise<T>, heartbeat: () => void): Promise<T> {
	const ctx = Context.current();
	for (let attempt = 1; ; attempt++) {
		try {
			return await fn();
		} catch (error) {
			if (attempt >= IN_PLACE_ATTEMPTS || ctx.cancellationSignal.aborted || !isRetryable(error))
				throw error;
			const backoff =
				Math.min(IN_PLACE_MAX_WAIT_MS, 200 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
			const retryAfter = error instanceof ApiError ? (error.retryAfterMs ?? 0) : 0;
			if (retryAfter > IN_PLACE_MAX_WAIT_MS) throw error;
			for (let waited = 0, wait = Math.max(backoff, retryAfter); waited < wait; waited += 500) {
				heartbeat();
				await ctx.sleep(Math.min(500, wait - waited));
			}
		}
	}
}
