/** Result of asking a server-side limiter for one request slot. */
export interface LimitDecision {
	allowed: boolean;
	/** Milliseconds until a slot is free (0 when allowed). */
	retryAfterMs: number;
	/** Extra response headers the API sends (bexio's RateLimit-* headers). */
	headers: Record<string, string>;
}

export interface ServerLimiter {
	take(now: number): LimitDecision;
	readonly ceilingPerSecond: number;
}

/** lexoffice: token bucket, `ratePerSecond` refill, `burst` capacity, counted across all endpoints. */
export class TokenBucketLimiter implements ServerLimiter {
	private tokens: number;
	private last: number | undefined;

	constructor(
		readonly ratePerSecond: number,
		readonly burst: number,
	) {
		this.tokens = burst;
	}

	get ceilingPerSecond(): number {
		return this.ratePerSecond;
	}

	take(now: number): LimitDecision {
		if (this.last !== undefined) {
			this.tokens = Math.min(
				this.burst,
				this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
			);
		}
		this.last = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return { allowed: true, retryAfterMs: 0, headers: {} };
		}
		const retryAfterMs = Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
		return { allowed: false, retryAfterMs, headers: {} };
	}
}

/**
 * bexio: a budget per company per window (a minute by default), announced on every response with
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the window resets).
 */
export class WindowLimiter implements ServerLimiter {
	private windowStart = 0;
	private used = 0;

	constructor(
		readonly limit: number,
		readonly windowMs = 60_000,
	) {}

	get ceilingPerSecond(): number {
		return (this.limit * 1000) / this.windowMs;
	}

	take(now: number): LimitDecision {
		if (now - this.windowStart >= this.windowMs) {
			this.windowStart = now;
			this.used = 0;
		}
		const resetMs = this.windowStart + this.windowMs - now;
		const allowed = this.used < this.limit;
		if (allowed) this.used += 1;
		const headers = {
			'RateLimit-Limit': String(this.limit),
			'RateLimit-Remaining': String(Math.max(0, this.limit - this.used)),
			'RateLimit-Reset': String(Math.max(1, Math.ceil(resetMs / 1000))),
		};
		return { allowed, retryAfterMs: allowed ? 0 : resetMs, headers };
	}
}
