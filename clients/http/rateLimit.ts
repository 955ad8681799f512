/**
 * What the client awaits before each request to an account. The default is the in-process TokenBucket;
 * workers share one budget per account through their link store, so several processes pace together.
 */
export interface RequestBudget {
	/** Resolves when one request may be sent. */
	acquire(signal?: AbortSignal): Promise<void>;
	/** After a 429: nobody using this budget sends before `untilMs` (epoch milliseconds). */
	pause(untilMs: number): void | Promise<void>;
}

/**
 * Client-side token bucket, one per API account (keyed by credential), shared by every client built
 * for that account in this process, so parallel n8n items or activities pace together.
 */
export class TokenBucket implements RequestBudget {
	private tokens: number;
	private last = Date.now();
	/** Set after a 429: nobody sends before this moment. */
	private blockedUntil = 0;
	private queue: Promise<void> = Promise.resolve();

	constructor(
		readonly ratePerSecond: number,
		readonly burst: number,
	) {
		this.tokens = burst;
	}

	/** Resolves when one request may be sent. Callers are served in order. */
	take(signal?: AbortSignal): Promise<void> {
		const turn = this.queue.then(() => this.waitForToken(signal));
		// Keep the chain alive when a waiter is aborted.
		this.queue = turn.catch(() => undefined);
		return turn;
	}

	acquire(signal?: AbortSignal): Promise<void> {
		return this.take(signal);
	}

	/** After a 429 the server's bucket is empty: stop everyone until `untilMs` and start from an empty bucket. */
	pause(untilMs: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, untilMs);
		this.tokens = 0;
		this.last = Date.now();
	}

	private async waitForToken(signal?: AbortSignal): Promise<void> {
		for (;;) {
			signal?.throwIfAborted();
			const now = Date.now();
			if (now < this.blockedUntil) {
				await sleep(this.blockedUntil - now, signal);
				this.last = Date.now();
				continue;
			}
			this.tokens = Math.min(
				this.burst,
				this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
			);
			this.last = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return;
			}
			await sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000), signal);
		}
	}
}

export interface RateLimitConfig {
	ratePerSecond: number;
	burst: number;
}

const buckets = new Map<string, TokenBucket>();

/**
 * The bucket of one account. `key` must identify the account without being the secret itself
 * (callers pass a hash of the token or a credential id).
 */
export function bucketFor(key: string, config: RateLimitConfig): TokenBucket {
	const existing = buckets.get(key);
	if (
		existing &&
		existing.ratePerSecond === config.ratePerSecond &&
		existing.burst === config.burst
	)
		return existing;
	const bucket = new TokenBucket(config.ratePerSecond, config.burst);
	buckets.set(key, bucket);
	return bucket;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason as Error);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason as Error);
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}
