const MAX_ARRIVALS = 100_000;

export interface AppliedWrite {
	/** When the handler stored it (ISO, milliseconds). */
	at: string;
	method: string;
	/** The request's path, e.g. `/2.0/contact/12`. */
	path: string;
	/** `id` of the answer's record, when it has one. */
	id?: string | number;
}

const APPLIED_LIMIT = 20_000;

/** Requests by route and status, for tests and benchmarks (status 0 = connection reset). */
export class RequestStats {
	private byRoute = new Map<string, Map<number, number>>();
	/**
	 * Requests with a query string by route and the names of their query parameters, e.g.
	 * `GET /v1/contacts?name&page&size`: tells a targeted search from a plain page read.
	 */
	private byRouteQuery = new Map<string, Map<number, number>>();
	/** Answers kept back by a hold (holds.ts): writes applied while the caller was still waiting. */
	private held = 0;
	private total = 0;
	private lostResponses = 0;
	/** Faults the injector applied, by kind: what a chaos run can prove happened. */
	private injected: Record<string, number> = {};
	private startedAt = Date.now();
	/** First and last successful write (non-GET, 2xx), for achieved write rates in the benchmark. */
	private writes = { count: 0, firstAt: 0, lastAt: 0 };
	/**
	 * Every request's arrival (epoch ms, when the rate limiter saw it), route and status, oldest first and
	 * capped: what a test measures a rate or a stall from, instead of trusting the caller's own counts.
	 */
	private arrivals: Array<{ at: number; route: string; status: number }> = [];
	/** Applied writes with the time the handler stored them and the record's id, newest last (bounded). */
	private applied: AppliedWrite[] = [];

	record(routeKey: string, status: number, query?: URLSearchParams, arrivedAt = Date.now()): void {
		this.total += 1;
		if (this.arrivals.length < MAX_ARRIVALS)
			this.arrivals.push({ at: arrivedAt, route: routeKey, status });
		if (query && query.size > 0)
			count(
				this.byRouteQuery,
				`${routeKey}?${[...new Set(query.keys())].sort().join('&')}`,
				status,
			);
		if (status >= 200 && status < 300 && !routeKey.startsWith('GET ')) {
			const now = Date.now();
			if (this.writes.count === 0) this.writes.firstAt = now;
			this.writes.lastAt = now;
			this.writes.count += 1;
		}
		count(this.byRoute, routeKey, status);
	}

	/** A write the handler applied (2xx), whatever answer the caller gets: when the record was stored. */
	recordApplied(method: string, path: string, body: unknown): void {
		const id =
			body !== null && typeof body === 'object' && !Buffer.isBuffer(body)
				? (body as { id?: unknown }).id
				: undefined;
		this.applied.push({
			at: new Date().toISOString(),
			method,
			path,
			...(typeof id === 'string' || typeof id === 'number' ? { id } : {}),
		});
		// Bounded: a 100,000-record import must not grow the sandbox without limit.
		if (this.applied.length > APPLIED_LIMIT)
			this.applied.splice(0, this.applied.length - APPLIED_LIMIT);
	}

	appliedWrites(): AppliedWrite[] {
		return [...this.applied];
	}

	recordHeld(): void {
		this.held += 1;
	}

	recordLostResponse(): void {
		this.lostResponses += 1;
	}

	recordInjected(kind: string): void {
		this.injected[kind] = (this.injected[kind] ?? 0) + 1;
	}

	reset(): void {
		this.byRoute.clear();
		this.byRouteQuery.clear();
		this.held = 0;
		this.total = 0;
		this.lostResponses = 0;
		this.injected = {};
		this.startedAt = Date.now();
		this.writes = { count: 0, firstAt: 0, lastAt: 0 };
		this.arrivals = [];
		this.applied = [];
	}

	requests(): Array<{ at: number; route: string; status: number }> {
		return [...this.arrivals].sort((a, b) => a.at - b.at);
	}

	snapshot(): {
		total: number;
		lostResponses: number;
		injected: Record<string, number>;
		held: number;
		since: string;
		byStatus: Record<string, number>;
		byRoute: Record<string, Record<string, number>>;
		byRouteQuery: Record<string, Record<string, number>>;
		writes: { count: number; firstAt?: string; lastAt?: string };
	} {
		const byRoute: Record<string, Record<string, number>> = {};
		const byStatus: Record<string, number> = {};
		for (const [route, statuses] of this.byRoute) {
			byRoute[route] = {};
			for (const [status, count] of statuses) {
				byRoute[route][String(status)] = count;
				byStatus[String(status)] = (byStatus[String(status)] ?? 0) + count;
			}
		}
		return {
			total: this.total,
			lostResponses: this.lostResponses,
			injected: { ...this.injected },
			held: this.held,
			since: new Date(this.startedAt).toISOString(),
			byStatus,
			byRoute,
			byRouteQuery: Object.fromEntries(
				[...this.byRouteQuery].map(([key, statuses]) => [
					key,
					Object.fromEntries([...statuses].map(([s, n]) => [String(s), n])),
				]),
			),
			writes: {
				count: this.writes.count,
				firstAt: this.writes.count ? new Date(this.writes.firstAt).toISOString() : undefined,
				lastAt: this.writes.count ? new Date(this.writes.lastAt).toISOString() : undefined,
			},
		};
	}
}

function count(table: Map<string, Map<number, number>>, key: string, status: number): void {
	let statuses = table.get(key);
	if (!statuses) {
		statuses = new Map();
		table.set(key, statuses);
	}
	statuses.set(status, (statuses.get(status) ?? 0) + 1);
}
